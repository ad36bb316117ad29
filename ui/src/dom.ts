// A tiny element builder. Text always goes in as text nodes; the only HTML the UI inserts is
// what Rust sanitized (preview, snippets), through `setSanitizedHtml`.

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | boolean | number | undefined | null | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.firstChild.remove();
}

/** Inserts HTML produced and sanitized by the Rust core (ammonia). Nothing else may use innerHTML. */
export function setSanitizedHtml(el: Element, html: string): void {
  el.innerHTML = html;
}

/** The nodes of HTML produced and sanitized by the Rust core, parsed in an inert template:
 * nothing in it loads or runs until it is inserted into the page. */
export function sanitizedNodes(html: string): ChildNode[] {
  const template = document.createElement('template');
  template.innerHTML = html;
  return Array.from(template.content.childNodes);
}

/** The text nodes under `root` a reader sees, in document order: not the labels of the
 * buttons the UI adds to the page (a code block's Copy). What search marks and find match. */
export function readableTextNodes(root: Node): Text[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement?.closest('button') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  return nodes;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
}

/** Puts `text` on the clipboard: through the Clipboard API where the page has it, else by
 * copying it from a selected, unseen text area. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Refused (no permission in this webview): the older way below.
    }
  }
  const area = h('textarea', { readonly: true, class: 'offscreen', 'aria-hidden': 'true' });
  area.value = text;
  const focused = document.activeElement as HTMLElement | null;
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  focused?.focus({ preventScroll: true });
  if (!copied) throw new Error('the clipboard refused the text');
}
