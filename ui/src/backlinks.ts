// "Linked from": the runbooks that link to the open one (a Markdown link in their text, or a
// vault path such as `related:` in their front matter), as the search index knows them. The
// button above the editor shows how many; its dialog opens one.
import { api, type Backlinks } from './api';
import { byId, h } from './dom';
import { t } from './i18n';
import { listDialog } from './modal';

export interface BacklinkDeps {
  open: (path: string) => void;
  error: (e: unknown) => void;
}

/** Counts lookups: only the latest one labels the button. */
let asked = 0;

/** Labels the button with the number of runbooks linking to `path` (none: no runbook open). */
export async function showBacklinkCount(path: string | null): Promise<void> {
  const ticket = ++asked;
  const button = byId<HTMLButtonElement>('backlinks-button');
  let found: Backlinks | null = null;
  if (path) found = await api.backlinks(path).catch(() => null);
  if (ticket !== asked) return;
  button.dataset.count = found ? String(found.total) : '';
  button.textContent = found ? t('backlinksCount', { n: found.total.toLocaleString() }) : t('backlinks');
}

export function openBacklinks(path: string, deps: BacklinkDeps): Promise<void> {
  let more = 0;
  return listDialog({
    id: 'backlinks',
    title: t('backlinks'),
    intro: h('p', { class: 'muted backlinks-hint' }, t('backlinksHint')),
    empty: t('backlinksEmpty'),
    load: async () => {
      const found = await api.backlinks(path);
      more = found.total - found.runbooks.length;
      return more > 0 ? [...found.runbooks, null] : found.runbooks;
    },
    row: (r, close) => r
      ? h('button', { class: 'link-button backlink', 'data-path': r.path, title: r.path, onclick: () => { close(); deps.open(r.path); } },
        h('span', { class: 'backlink-title' }, r.title), h('span', { class: 'backlink-path' }, r.path))
      : h('p', { class: 'muted' }, t('recentMore', { n: more.toLocaleString() })),
    error: deps.error,
  });
}
