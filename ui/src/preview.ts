// The preview of the open runbook: puts the core's sanitized HTML into the page so that a long
// runbook never freezes the window. WebKitGTK takes seconds to style and lay out the preview of
// a 1 MB runbook, so (1) the core sends the HTML by top-level block and a re-render keeps the
// blocks that did not change: only the blocks between the unchanged start and the unchanged
// end are parsed and replaced, so the browser parses and lays out only what changed, and images
// and the scroll position stay; (2) a long run of new blocks is inserted a part per frame, so
// typing, scrolling and clicks go on while it fills in.
import { sanitizedNodes } from './dom';
import { markTerms } from './highlight';

/** Characters of text inserted at once: every runbook of normal length appears in one go. */
const FIRST_PART_CHARS = 40_000;
/** Characters of text inserted per frame after the first part (~60 ms of layout on 2 cores). */
const PART_CHARS = 10_000;

export class Preview {
  private generation = 0;
  private latest: Promise<void> = Promise.resolve();
  /** The blocks shown or being inserted, and the nodes each one was parsed into. */
  private blocks: string[] = [];
  private nodes: ChildNode[][] = [];
  /** Search terms were marked in the page since the last `show`. */
  private marked = false;
  /** Terms to mark as the latest `show`'s blocks go in, and who is told of the first mark. */
  private marking: Marking | null = null;

  constructor(private readonly el: HTMLElement) {
    el.replaceChildren();
  }

  /** Shows `blocks` (the core's sanitized HTML, by top-level block), marking `terms` in them
   * if given; `found` is called with the first mark as soon as it is in the page (in a long
   * runbook, before the rest has filled in). Resolves once the preview is complete: all of
   * these blocks are in the page or, if a later call took over, all of that one's. */
  show(blocks: string[], terms: string[] = [], found: (first: HTMLElement) => void = () => {}): Promise<void> {
    const generation = ++this.generation;
    const old = this.blocks;
    const kept = (i: number, j: number) => old[i] === blocks[j] && !(this.marked && hasMark(this.nodes[i]!));
    let start = 0;
    while (start < old.length && start < blocks.length && kept(start, start)) start++;
    let oldEnd = old.length;
    let end = blocks.length;
    while (oldEnd > start && end > start && kept(oldEnd - 1, end - 1)) {
      oldEnd--;
      end--;
    }
    for (const nodes of this.nodes.slice(start, oldEnd)) for (const node of nodes) node.remove();
    this.nodes.splice(start, oldEnd - start, ...parse(blocks.slice(start, end)));
    this.blocks = blocks;
    this.marked = terms.length > 0;
    this.marking = terms.length > 0 ? { terms, found } : null;
    const shown = this.fill(generation).then((finished) => (finished ? undefined : this.latest));
    this.latest = shown;
    return shown;
  }

  /** Inserts the blocks not yet in the page where they belong, a part per frame after the
   * first; false if a later `show` took over first. `data-filling` is set on the preview while
   * parts are waiting. */
  private async fill(generation: number): Promise<boolean> {
    let budget = FIRST_PART_CHARS;
    let chars = 0;
    let part = document.createDocumentFragment();
    /** The node the next missing block goes before: the one after the last block in the page. */
    let next: Node | null = this.el.firstChild;
    const marking = this.marking;
    /** The first mark, once found; reported when it is in the page. */
    let first: HTMLElement | null = null;
    let reported = false;
    const report = () => {
      if (!first || reported) return;
      reported = true;
      marking?.found(first);
    };
    for (const nodes of this.nodes) {
      const mark = marking ? markAll(nodes, marking.terms) : null;
      first ??= mark;
      if (nodes[0]?.parentNode === this.el) {
        if (part.hasChildNodes()) this.el.insertBefore(part, next);
        report();
        next = nodes[nodes.length - 1]!.nextSibling;
        continue;
      }
      for (const node of nodes) {
        chars += Math.max(1, node.textContent?.length ?? 0);
        part.append(node);
      }
      if (chars >= budget) {
        this.el.insertBefore(part, next);
        report();
        chars = 0;
        budget = PART_CHARS;
        this.el.dataset.filling = 'true';
        await new Promise((resolve) => requestAnimationFrame(resolve));
        if (generation !== this.generation) return false;
      }
    }
    if (part.hasChildNodes()) this.el.insertBefore(part, next);
    report();
    delete this.el.dataset.filling;
    return true;
  }
}

/** Each block's nodes. Many blocks (a runbook being opened) are parsed in one go and split
 * again, which is what they were split from; a block that does not come back as exactly one
 * node (never seen) makes every block parse on its own. */
function parse(blocks: string[]): ChildNode[][] {
  if (blocks.length > 1) {
    const nodes = sanitizedNodes(blocks.join(''));
    if (nodes.length === blocks.length) return nodes.map((node) => [node]);
  }
  return blocks.map((block) => sanitizedNodes(block));
}

interface Marking {
  terms: string[];
  found: (first: HTMLElement) => void;
}

/** Marks `terms` in a block's elements (text between blocks is left alone); the first mark. */
function markAll(nodes: ChildNode[], terms: string[]): HTMLElement | null {
  let first: HTMLElement | null = null;
  for (const node of nodes) if (node instanceof Element) first ??= markTerms(node, terms);
  return first;
}

function hasMark(nodes: Node[]): boolean {
  return nodes.some((node) => node instanceof Element && node.querySelector('mark.hit') !== null);
}
