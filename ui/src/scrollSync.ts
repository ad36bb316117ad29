// In the split view, the preview follows the editor as the user scrolls it, and the editor the
// preview, as in Joplin and StackEdit. The runbook's headings are the anchors: a heading at the
// top of one pane puts the same heading at the top of the other, and between two headings the
// other pane moves in proportion. Only the pane the user is working in leads (the last one
// wheeled, clicked, touched or typed in): the other pane's own scrolling (the app showing a
// search match or a link's target there) is never copied back, so the panes cannot chase each
// other, and opening a runbook leaves both where the app put them until the user scrolls.
import type { EditorView } from '@codemirror/view';
import { headingAnchors, headingsOf } from './outline';

type Pane = 'editor' | 'preview';
const USER_INPUT = ['wheel', 'pointerdown', 'keydown', 'touchstart'] as const;

/** Where `x` on one side falls on the other, by the pairs `(xs[i], ys[i])` (both increasing):
 * between the two around it, in proportion; outside them, at the nearest. */
export function interpolate(x: number, xs: number[], ys: number[]): number {
  if (!xs.length) return 0;
  if (x <= xs[0]!) return ys[0]!;
  if (x >= xs[xs.length - 1]!) return ys[ys.length - 1]!;
  const lo = lastAtOrBefore(xs.length, (i) => xs[i]!, x);
  const hi = lo + 1;
  const span = xs[hi]! - xs[lo]!;
  return span > 0 ? ys[lo]! + ((ys[hi]! - ys[lo]!) * (x - xs[lo]!)) / span : ys[lo]!;
}

/** The last of `n` places, in increasing order and read only when needed (`at(i)`), that is at
 * or before `x`; -1 when none is. */
export function lastAtOrBefore(n: number, at: (i: number) => number, x: number): number {
  let lo = -1;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (at(mid) <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}

export class ScrollSync {
  private view: EditorView | null = null;
  private leader: Pane | null = null;
  private frame = 0;
  /** The text's heading lines and the preview's heading elements, for the text `doc`. */
  private anchors: { doc: unknown; lines: number[]; els: HTMLElement[] } | null = null;

  constructor(private readonly preview: HTMLElement, private readonly active: () => boolean) {
    this.listen(preview, 'preview');
  }

  attach(view: EditorView): void {
    this.view = view;
    this.listen(view.scrollDOM, 'editor');
  }

  /** The app moved the panes (a runbook opened, a match or heading shown): neither leads until
   * the user scrolls one. */
  reset(): void {
    this.leader = null;
  }

  /** The preview was drawn again: it takes its place after the editor, if the editor leads. */
  redrawn(): void {
    if (this.leader === 'editor') this.schedule();
  }

  private listen(el: HTMLElement, pane: Pane): void {
    for (const type of USER_INPUT) el.addEventListener(type, () => (this.leader = pane), { passive: true, capture: true });
    el.addEventListener('scroll', () => {
      if (this.leader === pane) this.schedule();
    }, { passive: true });
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.active() && this.view && this.leader) this.sync(this.view, this.leader);
    });
  }

  private sync(view: EditorView, leader: Pane): void {
    const editor = view.scrollDOM;
    const preview = this.preview;
    const a = this.currentAnchors(view);
    // The scroll positions at which each heading is at the top of its pane. A runbook of 1 MB
    // has thousands of headings: only those the search below visits are measured.
    const offset = view.documentTop - editor.getBoundingClientRect().top + editor.scrollTop;
    const top = preview.getBoundingClientRect().top - preview.scrollTop;
    const doc = view.state.doc;
    const inEditor = (i: number) => offset + view.lineBlockAt(doc.line(Math.min(a.lines[i]!, doc.lines)).from).top;
    const inPreview = (i: number) => a.els[i]!.getBoundingClientRect().top - top;
    const ends = { editor: editor.scrollHeight - editor.clientHeight, preview: preview.scrollHeight - preview.clientHeight };
    const [from, to] = leader === 'editor' ? [editor, preview] : [preview, editor];
    const [here, there] = leader === 'editor' ? [inEditor, inPreview] : [inPreview, inEditor];
    const [end, otherEnd] = leader === 'editor' ? [ends.editor, ends.preview] : [ends.preview, ends.editor];
    const x = from.scrollTop;
    // At its end, the leader takes the other to its end: the last headings may never reach the
    // top of a pane.
    if (x >= end - 1) {
      to.scrollTop = otherEnd;
      return;
    }
    const i = lastAtOrBefore(a.lines.length, here, x);
    const xs = [i < 0 ? 0 : here(i), i + 1 < a.lines.length ? here(i + 1) : end];
    const ys = [i < 0 ? 0 : there(i), i + 1 < a.lines.length ? there(i + 1) : otherEnd];
    to.scrollTop = Math.max(0, Math.min(otherEnd, interpolate(x, xs, ys)));
  }

  private currentAnchors(view: EditorView): { lines: number[]; els: HTMLElement[] } {
    const doc = view.state.doc;
    if (this.anchors?.doc !== doc || this.anchors.els.some((el) => !el.isConnected)) {
      const els = Array.from(this.preview.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6'));
      const pairs = headingAnchors(headingsOf(doc.toString()), els);
      this.anchors = { doc, lines: pairs.map(([hd]) => hd.line), els: pairs.map(([, el]) => el) };
    }
    return this.anchors;
  }
}
