// Deleted runbooks: listed from the Git history (the commit that deleted each one, and who),
// and each put back where it was as a new commit.
import { api, type DeletedRunbook } from './api';
import { h } from './dom';
import { language, t } from './i18n';
import { listDialog } from './modal';
import { absoluteTime, relativeTime } from './time';

export interface DeletedDeps {
  /** Called once a runbook is back on disk and committed. */
  restored: (path: string, commit: string | null) => Promise<void>;
  error: (e: unknown) => void;
}

function row(d: DeletedRunbook, restore: (button: HTMLButtonElement) => void): HTMLElement {
  const by = d.deletedBy;
  const button = h('button', { class: 'small restore-deleted' }, t('restoreDeleted'));
  button.addEventListener('click', () => restore(button));
  return h('div', { class: 'deleted-entry', 'data-path': d.path },
    h('div', { class: 'deleted-main' },
      h('div', { class: 'deleted-title' }, d.title),
      h('div', { class: 'deleted-path' }, d.path),
      h('div', { class: 'deleted-meta', title: absoluteTime(by.time, language()) },
        t('deletedBy', { author: by.author, when: relativeTime(by.time, Date.now(), language()) }))),
    button);
}

export function openDeleted(deps: DeletedDeps): Promise<void> {
  return listDialog({
    id: 'deleted',
    title: t('deletedRunbooks'),
    intro: h('p', { class: 'muted deleted-hint' }, t('deletedHint')),
    empty: t('deletedEmpty'),
    load: api.deletedRunbooks,
    row: (d: DeletedRunbook, close) => row(d, async (button) => {
      button.disabled = true;
      try {
        const saved = await api.restoreDeleted(d.path, d.lastRev);
        close();
        await deps.restored(saved.path, saved.commit);
      } catch (e) {
        button.disabled = false;
        deps.error(e);
      }
    }),
    error: deps.error,
  });
}
