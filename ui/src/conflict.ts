// The conflict dialog: the file changed on disk while the editor had unsaved changes (or a
// save found a newer version). Shows both versions; the user keeps mine, takes theirs, or
// keeps both. Nothing is ever dropped silently.
import { h } from './dom';
import { t } from './i18n';
import { openModal } from './modal';

export type ConflictChoice = 'mine' | 'theirs' | 'both';

/** The text as one element per line; lines missing from `other` are marked, and the first
 * of them is returned so the dialog can scroll both panes to where the versions differ. */
function lines(id: string, text: string, other: string | null): { pre: HTMLElement; first: HTMLElement | null } {
  const otherLines = new Set((other ?? '').split('\n'));
  const pre = h('pre', { id });
  let first: HTMLElement | null = null;
  for (const line of text.split('\n')) {
    const changed = other !== null && !otherLines.has(line);
    const el = h('div', { class: changed ? 'changed' : '' }, line || ' ');
    if (changed) first ??= el;
    pre.append(el);
  }
  return { pre, first };
}

export function conflictDialog(mine: string, theirs: string | null): Promise<ConflictChoice | null> {
  return new Promise((resolve) => {
    let answered = false;
    const answer = (c: ConflictChoice) => { answered = true; m.close(); resolve(c); };
    const minePane = lines('conflict-mine', mine, theirs);
    const theirsPane = lines('conflict-theirs', theirs ?? t('theirsDeleted'), theirs === null ? null : mine);
    const body = h('div', { class: 'conflict' },
      h('p', {}, t('conflictBody')),
      h('div', { class: 'conflict-panes' },
        h('div', { class: 'conflict-pane' }, h('h3', {}, t('mine')), minePane.pre),
        h('div', { class: 'conflict-pane' }, h('h3', {}, t('theirs')), theirsPane.pre)),
      h('div', { class: 'modal-actions' },
        h('button', { id: 'take-theirs', onclick: () => answer('theirs') }, t('takeTheirs')),
        h('button', { id: 'keep-both', onclick: () => answer('both') }, t('keepBoth')),
        h('button', { id: 'keep-mine', class: 'primary', onclick: () => answer('mine') }, t('keepMine'))));
    const m = openModal('conflict-dialog', t('conflictTitle'), body, () => { if (!answered) resolve(null); });
    m.root.classList.add('wide');
    for (const p of [minePane, theirsPane]) p.first?.scrollIntoView({ block: 'center' });
  });
}
