// Recent changes across the vault, newest first: each commit with who made it and when, and
// the runbooks it touched (by title; a click opens one that is still there).
import { api, type RecentChange } from './api';
import { h } from './dom';
import { commitMeta } from './history';
import { t } from './i18n';
import { listDialog } from './modal';

export interface RecentDeps {
  /** The title of a runbook in the vault now, or null when it is not there. */
  title: (path: string) => string | null;
  open: (path: string) => void;
  error: (e: unknown) => void;
}

/** How many paths of one commit are shown (a first import touches thousands). */
const PATHS_SHOWN = 5;

function entry(e: RecentChange, deps: RecentDeps, close: () => void): HTMLElement {
  const paths = h('div', { class: 'recent-paths' });
  // Runbooks first; other files (.gitignore, attachments) only when there is nothing else.
  const runbooks = e.paths.filter((p) => /\.md$/i.test(p));
  const shown = (runbooks.length ? runbooks : e.paths).slice(0, PATHS_SHOWN);
  for (const path of shown) {
    const title = deps.title(path);
    if (title !== null) paths.append(h('button', { class: 'link-button recent-path', 'data-path': path, title: path, onclick: () => { close(); deps.open(path); } }, title));
    else if (runbooks.length) paths.append(h('span', { class: 'recent-path gone', 'data-path': path }, `${path} ${t('recentGone')}`));
    else paths.append(h('span', { class: 'recent-path other', 'data-path': path }, path));
  }
  const rest = e.totalPaths - shown.length;
  if (rest > 0) paths.append(h('span', { class: 'muted recent-more' }, t('recentMore', { n: rest.toLocaleString() })));
  return h('div', { class: 'recent-entry', 'data-id': e.id },
    h('div', { class: 'recent-msg' }, e.message.split('\n')[0] ?? ''),
    commitMeta(e, 'recent-meta'),
    paths);
}

export function openRecent(deps: RecentDeps): Promise<void> {
  return listDialog({
    id: 'recent',
    title: t('recentChanges'),
    empty: t('recentEmpty'),
    load: api.vaultLog,
    row: (e: RecentChange, close) => entry(e, deps, close),
    error: deps.error,
  });
}
