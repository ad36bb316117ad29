// The preview of the open runbook: puts the core's sanitized HTML into the page so that a long
// runbook never freezes the window. WebKitGTK takes seconds to style and lay out the preview of
// a 1 MB runbook, so (1) the core sends the HTML by top-level block and a re-render keeps the
// blocks that did not change: only the blocks between the unchanged start and the unchanged
// end are parsed and replaced, so the browser parses only what changed, and images and the
// scroll position stay; (2) the blocks sit in chunks of a few hundred nodes (`div`s without
// margin, padding or border, so they change nothing in the layout): replacing one block in a
// 1 MB runbook made WebKit walk all 26,000 siblings, 50–110 ms; within a chunk it is 1–2 ms;
// (3) a long run of new blocks is inserted a part per frame, so typing, scrolling and clicks go
// on while it fills in.
import { h, sanitizedNodes } from './dom';
import { markTerms } from './highlight';
import { t } from './i18n';

/** Characters of text inserted at once: every runbook of normal length appears in one go. */
const FIRST_PART_CHARS = 40_000;
/** Characters of text inserted per frame after the first part (~60 ms of layout on 2 cores). */
const PART_CHARS = 10_000;
/** Nodes per chunk; a chunk that grows past twice this is split. */
const CHUNK_NODES = 256;

export class Preview {
  private generation = 0;
  private latest: Promise<void> = Promise.resolve();
  /** The blocks shown or being inserted, and the nodes each one was parsed into. */
  private blocks: string[] = [];
  private nodes: ChildNode[][] = [];
  /** What the latest `show` looks for as its blocks go in (a search match, a link's target);
   * if it marks text, the blocks it marked are rendered again by the next `show`. */
  private target: Target | null = null;

  constructor(private readonly el: HTMLElement) {
    el.replaceChildren();
  }

  /** Shows `blocks` (the core's sanitized HTML, by top-level block). If a `target` is given,
   * it is looked for in each block as the block goes in, and the first one found is handed to
   * `target.found` as soon as it is in the page (in a long runbook, before the rest has filled
   * in). Resolves once the preview is complete: all of these blocks are in the page or, if a
   * later call took over, all of that one's. */
  show(blocks: string[], target: Target | null = null): Promise<void> {
    const generation = ++this.generation;
    const old = this.blocks;
    const marked = this.target?.marks ?? false;
    const kept = (i: number, j: number) => old[i] === blocks[j] && !(marked && hasMark(this.nodes[i]!));
    let start = 0;
    while (start < old.length && start < blocks.length && kept(start, start)) start++;
    let oldEnd = old.length;
    let end = blocks.length;
    while (oldEnd > start && end > start && kept(oldEnd - 1, end - 1)) {
      oldEnd--;
      end--;
    }
    const emptied = new Set<ParentNode>();
    for (const nodes of this.nodes.slice(start, oldEnd)) {
      for (const node of nodes) {
        if (node.parentNode) emptied.add(node.parentNode);
        node.remove();
      }
    }
    for (const chunk of emptied) if (!chunk.hasChildNodes() && chunk.parentNode === this.el) (chunk as Element).remove();
    this.nodes.splice(start, oldEnd - start, ...parse(blocks.slice(start, end)));
    this.blocks = blocks;
    this.target = target;
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
    let part: ChildNode[] = [];
    /** The last node of the last block in the page: the next missing block goes after it. */
    let after: ChildNode | null = null;
    const target = this.target;
    /** The first target found; reported when it is in the page. */
    let first: HTMLElement | null = null;
    let reported = false;
    const flush = () => {
      if (part.length) after = this.insertAfter(after, part);
      part = [];
      if (first && !reported) {
        reported = true;
        target?.found(first);
      }
    };
    for (const nodes of this.nodes) {
      if (target && (target.marks || !first)) {
        for (const node of nodes) {
          // (Not `first ??= find(node)`: marks are made in every block, also after the first.)
          const el = node instanceof Element ? target.find(node) : null;
          first ??= el;
        }
      }
      if (nodes.length && nodes[0]!.parentNode?.parentNode === this.el) {
        flush();
        after = nodes[nodes.length - 1]!;
        continue;
      }
      for (const node of nodes) {
        chars += Math.max(1, node.textContent?.length ?? 0);
        part.push(node);
      }
      if (chars >= budget) {
        flush();
        chars = 0;
        budget = PART_CHARS;
        this.el.dataset.filling = 'true';
        await new Promise((resolve) => requestAnimationFrame(resolve));
        if (generation !== this.generation) return false;
      }
    }
    flush();
    delete this.el.dataset.filling;
    return true;
  }

  /** Puts `nodes` right after `after` (at the start if null), in its chunk; returns the last. */
  private insertAfter(after: ChildNode | null, nodes: ChildNode[]): ChildNode {
    let chunk = after?.parentNode as Element | null;
    if (!chunk) {
      chunk = this.el.firstElementChild ?? this.el.appendChild(newChunk());
    } else if (after === chunk.lastChild && chunk.childNodes.length >= CHUNK_NODES) {
      // Past the end of a full chunk (a long runbook filling in): a new chunk, so that the
      // nodes already laid out stay where they are.
      chunk.after(newChunk());
      chunk = chunk.nextElementSibling!;
      after = null;
    }
    chunk.insertBefore(fragment(nodes), after ? after.nextSibling : chunk.firstChild);
    // Split a chunk that grew too long: the nodes past the first CHUNK_NODES move to new chunks.
    if (chunk.childNodes.length > 2 * CHUNK_NODES) {
      const rest = Array.from(chunk.childNodes).slice(CHUNK_NODES);
      let at: Element = chunk;
      for (let i = 0; i < rest.length; i += CHUNK_NODES) {
        const next = newChunk();
        next.append(fragment(rest.slice(i, i + CHUNK_NODES)));
        at.after(next);
        at = next;
      }
    }
    return nodes[nodes.length - 1]!;
  }
}

function newChunk(): HTMLElement {
  const chunk = document.createElement('div');
  chunk.className = 'preview-chunk';
  return chunk;
}

function fragment(nodes: ChildNode[]): DocumentFragment {
  const f = document.createDocumentFragment();
  f.append(...nodes);
  return f;
}

/** Each block's nodes. Many blocks (a runbook being opened) are parsed in one go and split
 * again, which is what they were split from; a block that does not come back as exactly one
 * node (never seen) makes every block parse on its own. */
function parse(blocks: string[]): ChildNode[][] {
  if (blocks.length > 1) {
    const nodes = sanitizedNodes(blocks.join(''));
    if (nodes.length === blocks.length) return nodes.map((node) => [withCopyButtons(node)]);
  }
  return blocks.map((block) => sanitizedNodes(block).map(withCopyButtons));
}

/** Gives each code block in `node` a Copy button (the commands a runbook says to type). The
 * button is made here, not in the sanitized HTML, and does nothing but copy the block's text
 * (see `codeToCopy`). A block marked with its language says which (`data-lang`, shown by the
 * style sheet, so the label is never copied, marked or found): a command for PowerShell must
 * not go into cmd. */
function withCopyButtons(node: ChildNode): ChildNode {
  if (!(node instanceof Element)) return node;
  const pres = node.localName === 'pre' ? [node] : Array.from(node.querySelectorAll('pre'));
  for (const pre of pres) {
    const lang = codeLanguage(pre);
    if (lang) pre.setAttribute('data-lang', lang);
    pre.append(h('button', { class: 'copy-code', type: 'button', title: t('copyCodeHint') }, t('copyCode')));
  }
  return node;
}

/** How the languages the core lets through (`language-…` classes) are named on their blocks. */
const LANGUAGE_NAMES: Record<string, string> = {
  powershell: 'PowerShell', ps1: 'PowerShell', bat: 'cmd', json: 'JSON', yaml: 'YAML', toml: 'TOML', ini: 'INI', sql: 'SQL',
  python: 'Python', rust: 'Rust', js: 'JavaScript', javascript: 'JavaScript', ts: 'TypeScript', typescript: 'TypeScript',
};

/** The language a code block is marked with, as shown on it (none for plain text). */
export function codeLanguage(pre: Element): string | null {
  const cls = Array.from(pre.querySelector('code')?.classList ?? []).find((c) => c.startsWith('language-'));
  const lang = cls?.slice('language-'.length);
  if (!lang || lang === 'text') return null;
  return LANGUAGE_NAMES[lang] ?? lang;
}

/** The text a Copy button copies: its code block's, without the button's label. */
export function codeToCopy(button: Element): string | null {
  const pre = button.closest('pre');
  if (!pre) return null;
  const text = Array.from(pre.childNodes, (n) => (n === button ? '' : (n.textContent ?? ''))).join('');
  // A fenced block ends with a newline; pasted into a terminal it would run the command.
  return text.replace(/\n$/, '');
}

/** Something looked for in the blocks as they go in. */
export interface Target {
  /** The element to show in `block`, if there is one. */
  find(block: Element): HTMLElement | null;
  /** Called with the first one found, once it is in the page. */
  found(el: HTMLElement): void;
  /** `find` marks text in every block (so each block is looked at, and the marks are dropped
   * at the next render). */
  marks?: boolean;
}

/** Marks search `terms` in every block (the text between blocks is left alone); the first
 * mark is the one found. */
export function termsTarget(terms: string[], found: (el: HTMLElement) => void): Target {
  return { find: (block) => markTerms(block, terms), found, marks: true };
}

/** The element with id `id` (a link's `#fragment`). */
export function fragmentTarget(id: string, found: (el: HTMLElement) => void): Target {
  const find = (block: Element) =>
    block.id === id ? (block as HTMLElement) : (Array.from(block.querySelectorAll<HTMLElement>('[id]')).find((el) => el.id === id) ?? null);
  return { find, found };
}

function hasMark(nodes: Node[]): boolean {
  return nodes.some((node) => node instanceof Element && node.querySelector('mark.hit') !== null);
}
