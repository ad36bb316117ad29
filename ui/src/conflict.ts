// The conflict dialog: the file changed on disk while the editor had unsaved changes (or a
// save found a newer version). Shows both versions; the user keeps mine, takes theirs, or
// keeps both. Nothing is ever dropped silently.
import { h } from './dom';
import { t } from './i18n';
import { openModal } from './modal';
import type { PaneLine } from './diffview';

export type ConflictChoice = 'mine' | 'theirs' | 'both';

/** The text as one element per line, lines not in the other version marked and their
 * changed words too; the first marked line is returned so the dialog can scroll both panes to
 * where the versions differ. */
function pane(id: string, lines: PaneLine[], markedText: (line: PaneLine) => (Node | string)[]): { pre: HTMLElement; first: HTMLElement | null } {
  const pre = h('pre', { id });
  let first: HTMLElement | null = null;
  for (const line of lines) {
    const el = h('div', { class: line.changed ? 'changed' : '' }, ...markedText(line));
    if (line.changed) first ??= el;
    pre.append(el);
  }
  return { pre, first };
}

export async function conflictDialog(mine: string, theirs: string | null): Promise<ConflictChoice | null> {
  // Loaded on first use, not at start-up (with jsdiff, it is only needed here and in history).
  const { sideBySide, markedText } = await import('./diffview');
  return new Promise((resolve) => {
    let answered = false;
    const answer = (c: ConflictChoice) => { answered = true; m.close(); resolve(c); };
    // Deleted on disk: my version alone, nothing marked, beside the note that it is gone.
    const [mineLines, theirLines] = theirs === null
      ? [mine.split('\n').map((text) => ({ text, changed: false })), [{ text: t('theirsDeleted'), changed: false }]]
      : sideBySide(mine, theirs);
    const minePane = pane('conflict-mine', mineLines, markedText);
    const theirsPane = pane('conflict-theirs', theirLines, markedText);
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
