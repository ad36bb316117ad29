// Ctrl+B and Ctrl+I: bold and italic, as in Obsidian, Joplin and every word processor. Each
// toggles: on plain text it adds the marks, on text that has them it takes them away.
import { EditorSelection, type StateCommand } from '@codemirror/state';

/** The marks of each emphasis: `**bold**`, `*italic*`. */
export type Emphasis = '**' | '*';

/** How many `*` end `text`. */
function trailingStars(text: string): number {
  return text.length - text.replace(/\*+$/, '').length;
}

/** How many `*` start `text`. */
function leadingStars(text: string): number {
  return text.length - text.replace(/^\*+/, '').length;
}

/** Whether stars runs of `left` and `right` around a text hold `mark`: bold needs two on each
 * side (`**x**`, `***x***`), italic an odd number (`*x*`, `***x***`). */
function holds(mark: Emphasis, left: number, right: number): boolean {
  const n = Math.min(left, right);
  return mark === '**' ? n >= 2 : n % 2 === 1;
}

/** A command that toggles `mark` on every selection: around a selection (its outer spaces left
 * outside, since emphasis cannot start or end with one), or, with nothing selected, an empty
 * pair with the cursor inside ready for typing, or out of the pair it is in when that pair is
 * empty. */
export function toggleEmphasis(mark: Emphasis): StateCommand {
  return ({ state, dispatch }) => {
    const size = mark.length;
    const tr = state.changeByRange((range) => {
      let { from, to } = range;
      const text = state.sliceDoc(from, to);
      from += text.length - text.trimStart().length;
      to -= text.length - text.trimEnd().length;
      if (to < from) to = from;
      const inner = state.sliceDoc(from, to);
      // The marks selected with the text: **bold** selected whole.
      const lead = leadingStars(inner);
      const trail = trailingStars(inner);
      if (lead < inner.length && inner.length >= 2 * size && holds(mark, lead, trail)) {
        const changes = [{ from, to: from + size }, { from: to - size, to }];
        return { changes, range: EditorSelection.range(from, to - 2 * size) };
      }
      // The marks just outside the text.
      const lineStart = state.doc.lineAt(from).from;
      const lineEnd = state.doc.lineAt(to).to;
      const left = trailingStars(state.sliceDoc(lineStart, from));
      const right = leadingStars(state.sliceDoc(to, lineEnd));
      if (holds(mark, left, right)) {
        const changes = [{ from: from - size, to: from }, { from: to, to: to + size }];
        return { changes, range: EditorSelection.range(from - size, to - size) };
      }
      const changes = [{ from, insert: mark }, { from: to, insert: mark }];
      return { changes, range: EditorSelection.range(from + size, to + size) };
    });
    dispatch(state.update(tr, { scrollIntoView: true, userEvent: 'input' }));
    return true;
  };
}
