// The vault check ("点検"): what `hikitsugi check` finds, for the admin who keeps runbooks
// current. Problems are grouped (unreadable files first, then passwords written into the text,
// broken links, and overdue reviews, oldest first) and each opens its runbook where the problem is.
import { api, type CheckProblem, type CheckReport } from './api';
import { h } from './dom';
import { t, type Key } from './i18n';
import { listDialog } from './modal';
import { overdueBy } from './review';
import { secretText } from './secrets';

export type CheckGroup = 'broken' | 'secrets' | 'links' | 'overdue';
export type CheckItem = { group: CheckGroup; count: number } | { problem: CheckProblem } | { more: number };

/** Problems shown per group: a vault of copied manuals can have thousands of broken links. */
export const SHOWN_PER_GROUP = 200;

const GROUPS: CheckGroup[] = ['broken', 'secrets', 'links', 'overdue'];
const GROUP_LABEL: Record<CheckGroup, Key> = { broken: 'checkGroupBroken', secrets: 'checkGroupSecrets', links: 'checkGroupLinks', overdue: 'checkGroupOverdue' };

function groupOf(p: CheckProblem): CheckGroup {
  if (p.kind === 'overdue') return 'overdue';
  if (p.kind === 'secret') return 'secrets';
  return p.kind === 'front_matter' || p.kind === 'unreadable' ? 'broken' : 'links';
}

const byPlace = (a: CheckProblem, b: CheckProblem) => (a.path < b.path ? -1 : a.path > b.path ? 1 : (a.line ?? 0) - (b.line ?? 0));
const byDue = (a: CheckProblem, b: CheckProblem) => ((a.due ?? '') < (b.due ?? '') ? -1 : (a.due ?? '') > (b.due ?? '') ? 1 : byPlace(a, b));

/** The report as the list shows it: each non-empty group's heading, then its problems (the
 * first `SHOWN_PER_GROUP`, and how many more). */
export function checkItems(report: CheckReport): CheckItem[] {
  const items: CheckItem[] = [];
  for (const group of GROUPS) {
    const problems = report.problems.filter((p) => groupOf(p) === group).sort(group === 'overdue' ? byDue : byPlace);
    if (!problems.length) continue;
    items.push({ group, count: problems.length }, ...problems.slice(0, SHOWN_PER_GROUP).map((problem) => ({ problem })));
    if (problems.length > SHOWN_PER_GROUP) items.push({ more: problems.length - SHOWN_PER_GROUP });
  }
  return items;
}

/** What is wrong, in the UI's language. */
export function problemText(p: CheckProblem, now: Date): string {
  const target = p.target ?? '';
  switch (p.kind) {
    case 'overdue': return t('checkOverdue', { due: p.due ?? '', ago: overdueBy(p.due ?? '', now) });
    case 'broken_link': return t('checkBrokenLink', { target });
    case 'broken_image': return t('checkBrokenImage', { target });
    case 'broken_anchor': return t('checkBrokenAnchor', { target });
    case 'front_matter': return t('checkFrontMatter', { message: p.message });
    case 'unreadable': return t('checkUnreadable', { message: p.message });
    case 'secret': return secretText(p.secret ?? 'password', p.excerpt ?? '');
  }
}

export interface CheckDeps {
  /** The runbook's title, or null when the list does not know it. */
  title: (path: string) => string | null;
  /** Opens `path` at `line`; `review` when the problem is an overdue review. */
  open: (path: string, line: number | null, review: boolean) => void;
  error: (e: unknown) => void;
}

function row(item: CheckItem, deps: CheckDeps, close: () => void): HTMLElement {
  if ('more' in item) return h('p', { class: 'muted check-more' }, t('checkMore', { n: item.more.toLocaleString() }));
  if (!('problem' in item)) {
    return h('h3', { class: 'check-group', 'data-group': item.group }, `${t(GROUP_LABEL[item.group])} · ${item.count.toLocaleString()}`);
  }
  const p = item.problem;
  const where = p.line ? `${p.path} · ${t('checkLine', { line: p.line })}` : p.path;
  const open = () => {
    close();
    deps.open(p.path, p.line, p.kind === 'overdue');
  };
  return h('button', { class: 'link-button check-item', 'data-path': p.path, 'data-kind': p.kind, 'data-line': String(p.line ?? ''), title: p.message, onclick: open },
    h('span', { class: 'check-title' }, deps.title(p.path) ?? p.path),
    h('span', { class: 'check-where' }, where),
    h('span', { class: `check-what ${p.kind}` }, problemText(p, new Date())));
}

export function openCheck(deps: CheckDeps): Promise<void> {
  const summary = h('p', { class: 'check-summary', id: 'check-summary' });
  return listDialog({
    id: 'check',
    title: t('checkTitle'),
    intro: h('div', {}, summary, h('p', { class: 'muted check-hint' }, t('checkHint'))),
    empty: t('checkClean'),
    load: async () => {
      const report = await api.checkVault();
      summary.textContent = t('checkSummary', { files: report.files.toLocaleString(), n: report.problems.length.toLocaleString() });
      return checkItems(report);
    },
    row: (item, close) => row(item, deps, close),
    error: deps.error,
  });
}
