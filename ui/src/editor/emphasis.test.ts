import { describe, expect, it } from 'vitest';
import { EditorSelection, EditorState } from '@codemirror/state';
import { toggleEmphasis, type Emphasis } from './emphasis';

/** `doc` with the selection written as [ ] (or | for a cursor), after the command. */
function run(doc: string, mark: Emphasis): string {
  const cursor = doc.indexOf('|');
  const from = cursor >= 0 ? cursor : doc.indexOf('[');
  const to = cursor >= 0 ? cursor : doc.indexOf(']') - 1;
  const text = doc.replace(/[[\]|]/g, '');
  let state = EditorState.create({ doc: text, selection: EditorSelection.range(from, to) });
  toggleEmphasis(mark)({ state, dispatch: (tr) => { state = tr.state; } });
  const { from: a, to: b } = state.selection.main;
  const out = state.doc.toString();
  return a === b ? `${out.slice(0, a)}|${out.slice(a)}` : `${out.slice(0, a)}[${out.slice(a, b)}]${out.slice(b)}`;
}

describe('Ctrl+B and Ctrl+I', () => {
  it('wraps a selection, its outer spaces left outside', () => {
    expect(run('電源を[切らない]こと', '**')).toBe('電源を**[切らない]**こと');
    expect(run('電源を[ 切らない ]こと', '*')).toBe('電源を *[切らない]* こと');
  });

  it('takes the marks away again, whether they are selected or just outside', () => {
    expect(run('電源を**[切らない]**こと', '**')).toBe('電源を[切らない]こと');
    expect(run('電源を[**切らない**]こと', '**')).toBe('電源を[切らない]こと');
    expect(run('電源を*[切らない]*こと', '*')).toBe('電源を[切らない]こと');
  });

  it('tells bold from italic in a run of stars', () => {
    expect(run('**[重要]**', '*')).toBe('***[重要]***');
    expect(run('***[重要]***', '*')).toBe('**[重要]**');
    expect(run('***[重要]***', '**')).toBe('*[重要]*');
    expect(run('*[重要]*', '**')).toBe('***[重要]***');
  });

  it('puts an empty pair at the cursor, and takes an empty pair away', () => {
    expect(run('手順|', '**')).toBe('手順**|**');
    expect(run('手順**|**', '**')).toBe('手順|');
    expect(run('手順*|*', '*')).toBe('手順|');
  });
});
