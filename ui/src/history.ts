// The history drawer of the open runbook: timeline, diff between two versions or against the
// current text, showing and restoring a version, and who last changed each line.
import { api, type LogEntry } from './api';
import { h, clear, byId } from './dom';
// The diff module (and jsdiff in it) is loaded when a diff is first shown, not at start-up.
import type { DiffRow } from './diffview';
import { t, language } from './i18n';
import { confirmDialog } from './modal';
import { absoluteTime, relativeTime } from './time';

export interface HistoryDeps {
  path: () => string | null;
  /** The editor's text of `path`, unsaved edits included (what "compare with current"
   * compares to), or null when `path` is not the runbook in the editor. */
  text: (path: string) => string | null;
  /** Saves pending edits first, so that a restore never drops them. */
  beforeRestore: () => Promise<boolean>;
  restored: (commit: string | null) => Promise<void>;
  error: (e: unknown) => void;
}

/** One diff line: old and new line numbers in the gutter (drawn from attributes, so copying
 * the text does not copy them), the +/- sign, and the text with changed words marked. */
function diffRow(r: DiffRow, text: (Node | string)[]): HTMLElement {
  if (r.kind === 'hunk') return h('div', { class: 'diff-hunk' }, t('diffAtLine', { n: r.newNo ?? 0 }));
  const sign = r.kind === 'add' ? '+' : r.kind === 'del' ? '-' : ' ';
  return h('div', { class: `diff-${r.kind}` },
    h('span', { class: 'diff-no', 'data-n': r.oldNo }),
    h('span', { class: 'diff-no', 'data-n': r.newNo }),
    h('span', { class: 'diff-sign' }, sign),
    ...text);
}

async function renderDiff(diff: string, from: string, to: string): Promise<HTMLElement> {
  const { parseDiff, markedText } = await import('./diffview');
  const rows = parseDiff(diff);
  const head = h('div', { class: 'diff-head', id: 'diff-head' }, `${from} → ${to}`);
  if (rows.length === 0) return h('div', {}, head, h('p', { class: 'muted', id: 'diff-view' }, t('diffSame')));
  const pre = h('pre', { class: 'diff', id: 'diff-view' });
  for (const r of rows) pre.append(diffRow(r, markedText(r)));
  return h('div', {}, head, pre);
}

/** Who made a commit, when (exact time on hover) and its id. */
export function commitMeta(e: LogEntry, cls = 'history-meta'): HTMLElement {
  return h('div', { class: cls, title: absoluteTime(e.time, language()) }, `${e.author} · ${relativeTime(e.time, Date.now(), language())} · ${e.shortId}`);
}

export async function openHistory(deps: HistoryDeps): Promise<void> {
  const path = deps.path();
  if (!path) return;
  const drawer = byId('history-drawer');
  drawer.hidden = false;
  drawer.classList.add('open');
  const output = h('div', { class: 'history-output' });
  const selected: string[] = [];
  let entries: LogEntry[] = [];
  try {
    entries = await api.historyLog(path);
  } catch (e) {
    deps.error(e);
  }
  const show = (node: Node) => {
    clear(output);
    output.append(node);
  };
  const list = h('div', { class: 'history-list' });
  const compareBtn = h('button', { id: 'compare-button', disabled: true }, t('compareSelected'));
  const renderList = () => {
    clear(list);
    if (entries.length === 0) list.append(h('p', { class: 'muted' }, t('historyEmpty')));
    for (const e of entries) {
      if (e.deleted) {
        // The commit that deleted the file (it was restored since): nothing to show or compare.
        list.append(h('div', { class: 'history-entry deleted', 'data-id': e.id },
          h('div', { class: 'history-main' },
            h('div', { class: 'history-msg' }, h('span', { class: 'badge warn' }, t('historyDeletedHere')), ' ', e.message.split('\n')[0] ?? ''),
            commitMeta(e))));
        continue;
      }
      const checked = selected.includes(e.id);
      const box = h('input', { type: 'checkbox', checked, 'aria-label': e.shortId });
      box.addEventListener('change', () => {
        if (box.checked) {
          selected.push(e.id);
          if (selected.length > 2) selected.shift();
        } else selected.splice(selected.indexOf(e.id), 1);
        compareBtn.disabled = selected.length !== 2;
        renderList();
      });
      const row = h('div', { class: `history-entry${checked ? ' checked' : ''}`, 'data-id': e.id },
        box,
        h('div', { class: 'history-main' },
          h('div', { class: 'history-msg' }, e.message.split('\n')[0] ?? ''),
          commitMeta(e)),
        h('div', { class: 'history-actions' },
          h('button', { class: 'small diff-working', title: t('compareWorking'), onclick: () => void diff(e.id, null) }, '±'),
          h('button', { class: 'small show-version', title: t('showVersion'), onclick: () => void showVersion(e) }, '👁'),
          h('button', { class: 'small restore', title: t('restore'), onclick: () => void restore(e) }, '⟲')));
      list.append(row);
    }
  };
  /** A version as the diff's header names it: its id and how long ago it was made. */
  const versionName = (id: string) => {
    const e = entries.find((x) => x.id === id);
    return e ? `${e.shortId}（${relativeTime(e.time, Date.now(), language())}）` : id.slice(0, 7);
  };
  const diff = async (from: string, to: string | null) => {
    try {
      const text = await api.historyDiff(path, from, to, to === null ? deps.text(path) : null);
      show(await renderDiff(text, versionName(from), to === null ? t('diffCurrent') : versionName(to)));
    } catch (e) {
      deps.error(e);
    }
  };
  const showVersion = async (e: LogEntry) => {
    try {
      const text = await api.historyShow(path, e.id);
      show(h('div', {}, h('div', { class: 'version-head' }, `${e.shortId} — ${e.message}`), h('pre', { class: 'version', id: 'version-view' }, text),
        h('button', { id: 'restore-button', class: 'primary', onclick: () => void restore(e) }, t('restore'))));
    } catch (err) {
      deps.error(err);
    }
  };
  const restore = async (e: LogEntry) => {
    if (!(await confirmDialog(t('restoreConfirm'), t('restore')))) return;
    if (!(await deps.beforeRestore())) return;
    try {
      const saved = await api.historyRestore(path, e.id);
      await deps.restored(saved.commit);
      entries = await api.historyLog(path);
      renderList();
    } catch (err) {
      deps.error(err);
    }
  };
  const blame = async () => {
    try {
      const lines = await api.historyBlame(path);
      const table = h('table', { class: 'blame', id: 'blame-view' });
      for (const l of lines) {
        table.append(h('tr', { class: l.commit ? '' : 'uncommitted' },
          h('td', { class: 'blame-id' }, l.shortId || '—'),
          h('td', { class: 'blame-author' }, l.author),
          h('td', { class: 'blame-date' }, l.time ? relativeTime(l.time, Date.now(), language()) : ''),
          h('td', { class: 'blame-no' }, String(l.line)),
          h('td', { class: 'blame-text' }, l.text)));
      }
      show(table);
    } catch (e) {
      deps.error(e);
    }
  };
  compareBtn.addEventListener('click', () => {
    const [a, b] = selected;
    if (!a || !b) return;
    // Older version first.
    const ia = entries.findIndex((e) => e.id === a);
    const ib = entries.findIndex((e) => e.id === b);
    void (ia > ib ? diff(a, b) : diff(b, a));
  });
  clear(drawer);
  drawer.append(
    h('div', { class: 'drawer-head' }, h('h2', {}, `${t('historyTitle')} — ${path}`), h('button', { class: 'icon-button', id: 'history-close', title: t('close'), onclick: () => closeHistory() }, '×')),
    h('div', { class: 'history-tools' }, compareBtn, h('button', { id: 'compare-working', onclick: () => {
      const latest = entries.find((e) => !e.deleted);
      if (latest) void diff(latest.id, null);
    } }, t('compareWorking')), h('button', { id: 'blame-button', onclick: () => void blame() }, t('blame'))),
    list, output);
  renderList();
}

export function closeHistory(): void {
  const drawer = document.getElementById('history-drawer');
  if (!drawer) return;
  drawer.classList.remove('open');
  drawer.hidden = true;
}

export function historyOpen(): boolean {
  return !document.getElementById('history-drawer')?.hidden;
}
