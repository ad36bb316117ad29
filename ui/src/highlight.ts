// Marks search terms in the rendered preview by walking its text nodes (never innerHTML), and
// scrolls to the first mark.
import { readableTextNodes } from './dom';

export function termsFromSnippet(snippetHtml: string): string[] {
  const out = new Set<string>();
  const re = /<mark>(.*?)<\/mark>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(snippetHtml))) {
    const text = decodeEntities(m[1] ?? '').trim();
    if (text) out.add(text);
  }
  return [...out];
}

function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

export function markTerms(root: Element, terms: string[]): HTMLElement | null {
  const wanted = terms.filter((t) => t.length > 0).map((t) => t.toLowerCase());
  if (wanted.length === 0) return null;
  const nodes = readableTextNodes(root);
  let first: HTMLElement | null = null;
  for (const node of nodes) {
    const text = node.data;
    const lower = text.toLowerCase();
    let pos = 0;
    const parts: (string | HTMLElement)[] = [];
    while (pos < text.length) {
      let best = -1;
      let len = 0;
      for (const w of wanted) {
        const i = lower.indexOf(w, pos);
        if (i !== -1 && (best === -1 || i < best)) {
          best = i;
          len = w.length;
        }
      }
      if (best === -1) break;
      parts.push(text.slice(pos, best));
      const mark = document.createElement('mark');
      mark.className = 'hit';
      mark.textContent = text.slice(best, best + len);
      first ??= mark;
      parts.push(mark);
      pos = best + len;
    }
    if (parts.length === 0) continue;
    parts.push(text.slice(pos));
    node.replaceWith(...parts);
  }
  return first;
}
