// "Export…": the whole vault as static HTML pages in a folder, for reading in any browser
// without the app, or printing. The folder can be typed or picked; one that holds other files
// is never written over (the export offers a new folder inside it instead).
import { open as openDialog } from '@tauri-apps/plugin-dialog';
import { api, isCommandError, type Exported } from './api';
import { h } from './dom';
import { language, t } from './i18n';
import { confirmDialog, openModal } from './modal';
import { progressToast, toast } from './toast';

export interface ExportDeps {
  /** The folder proposed first (from the shell: the documents folder). */
  defaultDir: () => string;
  vaultName: () => string;
  error: (e: unknown) => void;
}

export function openExport(deps: ExportDeps): void {
  const input = h('input', { id: 'export-dest', name: 'dest', value: deps.defaultDir(), autocomplete: 'off', spellcheck: 'false' });
  const browse = h('button', { type: 'button', id: 'export-browse' }, t('exportBrowse'));
  const run = h('button', { type: 'submit', class: 'primary', id: 'export-run' }, t('exportRun'));
  const form = h('form', { class: 'form' },
    h('p', { class: 'muted export-hint' }, t('exportHint')),
    h('label', { class: 'form-row' }, h('span', {}, t('exportDest')), h('div', { class: 'export-dest-row' }, input, browse)),
    h('div', { class: 'modal-actions' }, run));
  const modal = openModal('export-dialog', t('exportTitle'), form);
  browse.addEventListener('click', async () => {
    const chosen = await openDialog({ directory: true, multiple: false, defaultPath: input.value || undefined }).catch(deps.error);
    if (typeof chosen === 'string') input.value = chosen;
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const dest = input.value.trim();
    if (!dest) return;
    modal.close();
    void exportTo(dest, deps);
  });
  input.focus();
  input.select();
}

async function exportTo(dest: string, deps: ExportDeps): Promise<void> {
  const working = progressToast(t('exporting'));
  let done: Exported;
  try {
    done = await api.exportVault(dest, language());
  } catch (e) {
    working();
    if (!(isCommandError(e) && e.kind === 'exists')) return deps.error(e);
    const inner = `${dest.replace(/\/+$/, '')}/${deps.vaultName()}-html`;
    if (!(await confirmDialog(t('exportIntoNew', { dir: dest, name: `${deps.vaultName()}-html` }), t('exportRun')))) return;
    return exportTo(inner, deps);
  }
  working();
  const detail = [
    ...(done.skipped.length ? [t('exportSkipped', { n: done.skipped.length }), ...done.skipped] : []),
    ...(done.withSecrets.length ? [t('exportSecrets', { n: done.withSecrets.length }), ...done.withSecrets] : []),
  ];
  const warn = detail.length > 0;
  toast(t('exportDone', { n: done.pages.toLocaleString() }), warn ? 'warn' : 'info', warn ? detail.join('\n') : done.index, {
    label: t('exportOpen'),
    run: () => void api.openExport().catch(deps.error),
  });
}
