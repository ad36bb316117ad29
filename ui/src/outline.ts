// The outline of the open runbook: its headings, read from the text being edited (so it is
// current before a save, and in the editor-only view too), each a jump to its line in the
// editor and to its heading in the preview.
import { h } from './dom';
import { t } from './i18n';
import { listDialog } from './modal';

export interface Heading { level: number; text: string; line: number }

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
/** Lines that cannot be the text of a setext heading (list items, quotes, tables, HTML). */
const NOT_PARAGRAPH = /^(?: {4}|\t| {0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)| {0,3}[>|<])/;

/** The headings of Markdown `text` (front matter and fenced code skipped), 1-based lines. */
export function headingsOf(text: string): Heading[] {
  const lines = text.split('\n');
  const out: Heading[] = [];
  let i = 0;
  if (/^---\s*$/.test(lines[0] ?? '')) {
    const end = lines.findIndex((l, k) => k > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (end > 0) i = end + 1;
  }
  let fence: string | null = null;
  for (; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) fence = null;
      continue;
    }
    if (f) {
      fence = f[1]!;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      out.push({ level: atx[1]!.length, text: plain(atx[2] ?? ''), line: i + 1 });
      continue;
    }
    const underline = SETEXT.exec(line);
    const prev = (lines[i - 1] ?? '').replace(/\r$/, '');
    const prevIsHeading = out.length > 0 && out[out.length - 1]!.line === i;
    if (underline && i > 0 && prev.trim() && !prevIsHeading && !NOT_PARAGRAPH.test(prev) && !FENCE.test(prev) && !SETEXT.test(prev)) {
      out.push({ level: underline[1]![0] === '=' ? 1 : 2, text: plain(prev.trim()), line: i });
    }
  }
  return out.filter((hd) => hd.text !== '');
}

/** Heading text without inline Markdown: links keep their text, emphasis and code marks go. */
function plain(s: string): string {
  return s
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/(\*\*|__|\*|_|~~|`)(.+?)\1/g, '$2')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .trim();
}

/** The heading element in `preview` for the `index`-th of `headings`: the one at the same
 * place if its text agrees, else the first with that text. */
export function headingElement(preview: HTMLElement, headings: Heading[], index: number): HTMLElement | null {
  const els = Array.from(preview.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6'));
  const want = squash(headings[index]?.text ?? '');
  const same = els[index];
  if (same && squash(same.textContent ?? '') === want) return same;
  return els.find((el) => squash(el.textContent ?? '') === want) ?? null;
}

/** The headings of the text paired with the preview's heading elements `els`, both in order:
 * each heading with the next element that has its text (within a few, so that a heading the
 * preview has and the text scan does not, such as one in a quote, is passed over). */
export function headingAnchors(headings: Heading[], els: HTMLElement[]): [Heading, HTMLElement][] {
  const out: [Heading, HTMLElement][] = [];
  let next = 0;
  for (const hd of headings) {
    const want = squash(hd.text);
    for (let j = next; j < Math.min(els.length, next + 8); j++) {
      if (squash(els[j]!.textContent ?? '') === want) {
        out.push([hd, els[j]!]);
        next = j + 1;
        break;
      }
    }
  }
  return out;
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export interface OutlineDeps {
  text: () => string;
  go: (heading: Heading, index: number, all: Heading[]) => void;
  error: (e: unknown) => void;
}

export function openOutline(deps: OutlineDeps): Promise<void> {
  const headings = headingsOf(deps.text());
  const top = Math.min(...headings.map((hd) => hd.level));
  return listDialog({
    id: 'outline',
    title: t('outline'),
    empty: t('outlineEmpty'),
    load: async () => headings,
    row: (hd: Heading, close) => h('button', {
      class: `link-button outline-item level-${hd.level}`,
      'data-line': String(hd.line),
      style: `padding-left: ${0.3 + (hd.level - top) * 1.1}rem`,
      onclick: () => {
        close();
        deps.go(hd, headings.indexOf(hd), headings);
      },
    }, hd.text),
    error: deps.error,
  });
}
