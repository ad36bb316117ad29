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
  let lo = 0;
  let hi = xs.length - 1;
  if (x <= xs[0]!) return ys[0]!;
  if (x >= xs[hi]!) return ys[hi]!;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const span = xs[hi]! - xs[lo]!;
  return span > 0 ? ys[lo]! + ((ys[hi]! - ys[lo]!) * (x - xs[lo]!)) / span : ys[lo]!;
}

/** Pairs that only ever go up on both sides: those that would turn back are dropped. */
export function increasing(xs: number[], ys: number[]): [number[], number[]] {
  const ox: number[] = [];
  const oy: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (ox.length && (xs[i]! <= ox[ox.length - 1]! || ys[i]! <= oy[oy.length - 1]!)) continue;
    ox.push(xs[i]!);
    oy.push(ys[i]!);
  }
  return [ox, oy];
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
    // Scroll positions at which each heading is at the top of its pane, with both panes' top
    // and bottom as the first and last pairs.
    const offset = view.documentTop - editor.getBoundingClientRect().top + editor.scrollTop;
    const top = preview.getBoundingClientRect().top - preview.scrollTop;
    const doc = view.state.doc;
    const endE = editor.scrollHeight - editor.clientHeight;
    const endP = preview.scrollHeight - preview.clientHeight;
    const xs = [0];
    const ys = [0];
    a.lines.forEach((line, i) => {
      const x = offset + view.lineBlockAt(doc.line(Math.min(line, doc.lines)).from).top;
      const y = a.els[i]!.getBoundingClientRect().top - top;
      // A heading too near the end to reach the top of its pane is no anchor.
      if (x < endE && y < endP) {
        xs.push(x);
        ys.push(y);
      }
    });
    xs.push(endE);
    ys.push(endP);
    const [ex, py] = increasing(xs, ys);
    if (leader === 'editor') preview.scrollTop = interpolate(editor.scrollTop, ex, py);
    else editor.scrollTop = interpolate(preview.scrollTop, py, ex);
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
