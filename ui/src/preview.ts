// The preview of the open runbook: puts the core's sanitized HTML into the page so that a long
// runbook never freezes the window. WebKitGTK takes seconds to style and lay out the preview of
// a 1 MB runbook, so (1) a re-render keeps the top-level nodes that did not change and replaces
// only the run between the unchanged start and the unchanged end: the browser then lays out
// only what changed, and images and the scroll position stay; (2) a long run of new nodes is
// inserted a part per frame, so typing, scrolling and clicks go on while it fills in.
import { sanitizedNodes } from './dom';

/** Characters of text inserted at once: every runbook of normal length appears in one go. */
const FIRST_PART_CHARS = 40_000;
/** Characters of text inserted per frame after the first part (~60 ms of layout on 2 cores). */
const PART_CHARS = 10_000;

export class Preview {
  private generation = 0;
  private latest: Promise<void> = Promise.resolve();

  constructor(private readonly el: HTMLElement) {}

  /** Shows `html` (sanitized by the core). Resolves once the preview is complete: all of this
   * HTML is in the page or, if a later call took over (comparing with what was in the page by
   * then), all of that one's. */
  show(html: string): Promise<void> {
    const generation = ++this.generation;
    const next = sanitizedNodes(html);
    const old = Array.from(this.el.childNodes);
    const same = (i: number, j: number) => old[i]!.isEqualNode(next[j]!);
    let start = 0;
    while (start < old.length && start < next.length && same(start, start)) start++;
    let oldEnd = old.length;
    let nextEnd = next.length;
    while (oldEnd > start && nextEnd > start && same(oldEnd - 1, nextEnd - 1)) {
      oldEnd--;
      nextEnd--;
    }
    for (const node of old.slice(start, oldEnd)) node.remove();
    const shown = this.insert(next.slice(start, nextEnd), old[oldEnd] ?? null, generation).then((finished) =>
      finished ? undefined : this.latest,
    );
    this.latest = shown;
    return shown;
  }

  /** Inserts `nodes` before `before`, a part per frame after the first; false if a later `show`
   * took over first. `data-filling` is set on the preview while parts are waiting. */
  private async insert(nodes: Node[], before: Node | null, generation: number): Promise<boolean> {
    let budget = FIRST_PART_CHARS;
    let i = 0;
    while (i < nodes.length) {
      const part = document.createDocumentFragment();
      for (let chars = 0; i < nodes.length && chars < budget; i++) {
        chars += Math.max(1, nodes[i]!.textContent?.length ?? 0);
        part.append(nodes[i]!);
      }
      this.el.insertBefore(part, before);
      budget = PART_CHARS;
      if (i < nodes.length) {
        this.el.dataset.filling = 'true';
        await new Promise((resolve) => requestAnimationFrame(resolve));
        if (generation !== this.generation) return false;
      }
    }
    delete this.el.dataset.filling;
    return true;
  }
}
