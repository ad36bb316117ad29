// Find in the preview (Ctrl+F while reading a runbook): every match is painted through the CSS
// Custom Highlight API, which never changes the sanitized page, and Enter steps through them.
// Matching ignores case and width (ＶＰＮ finds vpn, ｻｰﾊﾞ finds サーバ), as the search does.
import { h, readableTextNodes } from './dom';
import { t } from './i18n';

/** Matches painted at most: beyond that the count says "1,000+" and stepping stops there. */
export const MAX_MATCHES = 1000;

/** Elements whose text is its own run: a match never joins the end of one to the next. */
const BLOCK = 'p,li,dt,dd,h1,h2,h3,h4,h5,h6,td,th,pre,blockquote,figcaption,summary,div,article,section';

/** One character as matching sees it: NFKC (full- and half-width folded) and lower case. */
function fold(ch: string): string {
  const c = ch.charCodeAt(0);
  if (ch.length === 1 && c < 0x80) return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch;
  return ch.normalize('NFKC').toLowerCase();
}

const isVoicedMark = (c: number) => c === 0xff9e || c === 0xff9f;

interface Folded {
  s: string;
  /** Where in the node's text each folded character came from (`start[k]` to `end[k]`);
   * null when folding kept every character in its place (most text: no copy is kept). */
  start: Int32Array | null;
  end: Int32Array | null;
}

/** `text` folded, with where in `text` each folded character came from. */
function folded(text: string): Folded {
  let s = '';
  const start: number[] = [];
  const end: number[] = [];
  let inPlace = true;
  for (let i = 0; i < text.length; ) {
    let len = (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    // A half-width voiced mark belongs to the kana before it (ﾊﾞ is バ, not ハ and a mark).
    if (isVoicedMark(text.charCodeAt(i + len)) && !isVoicedMark(text.charCodeAt(i))) len++;
    const f = fold(text.slice(i, i + len));
    if (f.length !== len) inPlace = false;
    for (let k = 0; k < f.length; k++) {
      start.push(i);
      end.push(i + len);
    }
    s += f;
    i += len;
  }
  if (inPlace) return { s: s === text ? text : s, start: null, end: null };
  return { s, start: Int32Array.from(start), end: Int32Array.from(end) };
}

/** The folded text of one block (a match never joins the end of one block to the next), and
 * the text nodes it is made of, each with where its text starts in it. */
interface TextRun {
  text: string;
  segments: { node: Text; f: Folded; at: number }[];
}

/** The page's text under `root` as matching sees it, block by block. Built once for a page
 * and searched at every keystroke: folding a 1 MB runbook takes a few hundred milliseconds. */
export function textRuns(root: Element): TextRun[] {
  const runs: TextRun[] = [];
  let run: TextRun | null = null;
  let block: Element | null = null;
  for (const node of readableTextNodes(root)) {
    const b = node.parentElement?.closest(BLOCK) ?? null;
    if (!run || b !== block) {
      run = { text: '', segments: [] };
      runs.push(run);
      block = b;
    }
    const f = folded(node.data);
    run.segments.push({ node, f, at: run.text.length });
    run.text += f.s;
  }
  return runs;
}

/** The segment of `run` holding its character `i` (the last starting at or before it). */
function locate(run: TextRun, i: number) {
  const segments = run.segments;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.at <= i) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo]!;
}

/** The ranges of `query` in `runs`, in document order, at most `MAX_MATCHES`. */
export function findInRuns(runs: TextRun[], query: string): Range[] {
  const needle = folded(query.trim()).s;
  const ranges: Range[] = [];
  if (!needle) return ranges;
  for (const run of runs) {
    for (let i = run.text.indexOf(needle); i !== -1; i = run.text.indexOf(needle, i + needle.length)) {
      if (ranges.length >= MAX_MATCHES) return ranges;
      const j = i + needle.length - 1;
      const first = locate(run, i);
      const last = locate(run, j);
      const r = document.createRange();
      r.setStart(first.node, first.f.start ? first.f.start[i - first.at]! : i - first.at);
      r.setEnd(last.node, last.f.end ? last.f.end[j - last.at]! : j - last.at + 1);
      ranges.push(r);
    }
  }
  return ranges;
}

/** The ranges of `query` in the text under `root`, in document order, at most `MAX_MATCHES`.
 * A match may span inline elements (<strong>VPN</strong> 接続) but not two blocks. */
export function findRanges(root: Element, query: string): Range[] {
  return findInRuns(textRuns(root), query);
}

/** What the count beside the box says. */
export function countText(current: number, total: number): string {
  if (total === 0) return t('findNone');
  const of = total >= MAX_MATCHES ? `${MAX_MATCHES.toLocaleString()}+` : String(total);
  return `${current + 1} / ${of}`;
}

type Highlights = { set(name: string, h: unknown): void; delete(name: string): void };
type HighlightClass = new (...ranges: Range[]) => unknown;

/** The page's highlight registry, where the webview has one (WebKitGTK 2.42 and later). */
function registry(): { highlights: Highlights; Highlight: HighlightClass } | null {
  const css = (globalThis as { CSS?: { highlights?: Highlights } }).CSS;
  const Highlight = (globalThis as { Highlight?: HighlightClass }).Highlight;
  return css?.highlights && Highlight ? { highlights: css.highlights, Highlight } : null;
}

/** The find bar over the preview. */
export class FindBar {
  readonly el: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly count: HTMLElement;
  private ranges: Range[] = [];
  /** The preview's text as matching sees it, until the preview changes. */
  private runs: TextRun[] | null = null;
  private current = 0;
  private observer: MutationObserver;
  private timer = 0;

  constructor(private readonly preview: HTMLElement) {
    this.input = h('input', { id: 'find-input', type: 'search', autocomplete: 'off', spellcheck: 'false', placeholder: t('findPlaceholder'), 'aria-label': t('findPlaceholder') });
    this.count = h('span', { id: 'find-count', class: 'find-count', 'aria-live': 'polite' });
    const button = (id: string, text: string, title: string, run: () => void) => h('button', { id, type: 'button', title, 'aria-label': title, onclick: run }, text);
    this.el = h('div', { id: 'find-bar', class: 'find-bar', role: 'search', hidden: true },
      this.input, this.count,
      button('find-prev', '↑', t('findPrev'), () => this.step(-1)),
      button('find-next', '↓', t('findNext'), () => this.step(1)),
      button('find-close', '×', t('close'), () => this.close()));
    // A new word starts from its first match.
    this.input.addEventListener('input', () => {
      this.current = 0;
      this.schedule(0, true);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.isComposing) return;
      if (e.key === 'Enter' || e.key === 'F3') {
        e.preventDefault();
        this.step(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.close();
      }
    });
    // The preview changes under the bar (an edit, another runbook): read it again, find again.
    // The page is not scrolled for that: it would jump while the runbook is being edited.
    this.observer = new MutationObserver(() => {
      this.runs = null;
      this.schedule(150, false);
    });
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  /** Opens the bar (with the text selected in the preview, if any) and finds. */
  open(): void {
    const selected = window.getSelection();
    const text = selected && !selected.isCollapsed && this.preview.contains(selected.anchorNode) ? selected.toString().trim() : '';
    if (text && !text.includes('\n')) this.input.value = text;
    if (!this.isOpen) {
      this.el.hidden = false;
      this.observer.observe(this.preview, { childList: true, subtree: true, characterData: true });
    }
    this.input.focus();
    this.input.select();
    this.find(0, true);
  }

  close(): void {
    if (!this.isOpen) return;
    this.el.hidden = true;
    this.observer.disconnect();
    window.clearTimeout(this.timer);
    this.ranges = [];
    this.runs = null;
    this.paint();
  }

  /** Follows a language switch. */
  relabel(): void {
    this.input.placeholder = t('findPlaceholder');
    this.input.setAttribute('aria-label', t('findPlaceholder'));
    for (const [id, key] of [['find-prev', 'findPrev'], ['find-next', 'findNext'], ['find-close', 'close']] as const) {
      const b = this.el.querySelector(`#${id}`);
      b?.setAttribute('title', t(key));
      b?.setAttribute('aria-label', t(key));
    }
    if (this.isOpen) this.count.textContent = this.input.value.trim() ? countText(this.current, this.ranges.length) : '';
  }

  private schedule(ms: number, reveal: boolean): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.find(this.current, reveal), ms);
  }

  /** Finds the box's text again, keeping the `keep`-th match current where it still exists,
   * and scrolls to it if `reveal`. */
  private find(keep: number, reveal: boolean): void {
    const query = this.input.value;
    this.runs ??= textRuns(this.preview);
    this.ranges = findInRuns(this.runs, query);
    this.current = Math.min(keep, Math.max(0, this.ranges.length - 1));
    this.count.textContent = query.trim() ? countText(this.current, this.ranges.length) : '';
    this.count.classList.toggle('none', !!query.trim() && this.ranges.length === 0);
    this.paint();
    if (reveal) this.reveal();
  }

  private step(by: number): void {
    if (!this.ranges.length) return;
    this.current = (this.current + by + this.ranges.length) % this.ranges.length;
    this.count.textContent = countText(this.current, this.ranges.length);
    this.paint();
    this.reveal();
  }

  private paint(): void {
    const r = registry();
    if (!r) return;
    const cur = this.ranges[this.current];
    r.highlights.set('find', new r.Highlight(...this.ranges.filter((x) => x !== cur)));
    if (cur) r.highlights.set('find-current', new r.Highlight(cur));
    else r.highlights.delete('find-current');
  }

  /** Scrolls the preview so the current match is in the middle of it, unless it is in view. */
  private reveal(): void {
    const cur = this.ranges[this.current];
    if (!cur) return;
    const box = cur.getBoundingClientRect();
    const view = this.preview.getBoundingClientRect();
    if (box.top >= view.top + 40 && box.bottom <= view.bottom - 20) return;
    this.preview.scrollTop += box.top - view.top - view.height / 2;
  }
}
