// The conflict dialog: the file changed on disk while the editor had unsaved changes (or a
// save found a newer version). Shows both versions; the user keeps mine, takes theirs, or
// keeps both. Nothing is ever dropped silently.
import { h } from './dom';
import { t } from './i18n';
import { openModal } from './modal';

export type ConflictChoice = 'mine' | 'theirs' | 'both';

export function conflictDialog(mine: string, theirs: string | null): Promise<ConflictChoice | null> {
  return new Promise((resolve) => {
    let answered = false;
    const answer = (c: ConflictChoice) => { answered = true; m.close(); resolve(c); };
    const body = h('div', { class: 'conflict' },
      h('p', {}, t('conflictBody')),
      h('div', { class: 'conflict-panes' },
        h('div', { class: 'conflict-pane' }, h('h3', {}, t('mine')), h('pre', { id: 'conflict-mine' }, mine)),
        h('div', { class: 'conflict-pane' }, h('h3', {}, t('theirs')), h('pre', { id: 'conflict-theirs' }, theirs ?? t('theirsDeleted')))),
      h('div', { class: 'modal-actions' },
        h('button', { id: 'take-theirs', onclick: () => answer('theirs') }, t('takeTheirs')),
        h('button', { id: 'keep-both', onclick: () => answer('both') }, t('keepBoth')),
        h('button', { id: 'keep-mine', class: 'primary', onclick: () => answer('mine') }, t('keepMine'))));
    const m = openModal('conflict-dialog', t('conflictTitle'), body, () => { if (!answered) resolve(null); });
    m.root.classList.add('wide');
  });
}
