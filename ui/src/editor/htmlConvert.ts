// The rules that make Turndown's Markdown fit runbooks (see htmlPaste.ts). Loaded with Turndown
// on the first formatted paste.
import TurndownService from 'turndown';
import { tableLines } from './tablePaste';
import { linkDestination, relativeLink } from '../links';

let service: TurndownService | null = null;
/** The runbook being pasted into, for the links copied from the app's own preview. */
let pastingInto: string | null = null;

/** `html` as Markdown, for a paste into the runbook `into`. Turndown parses with the page's
 * DOMParser, whose documents are inert: they run no script and load no image. */
export function toMarkdown(html: string, into: string | null): string {
  service ??= configure(new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
  }));
  pastingInto = into;
  return service.turndown(html).replace(/\u00a0/g, ' ').trim();
}

/** What a paste leaves out: the copied page's code, styles and controls, and what a Markdown
 * table cannot hold (captions, column groups). */
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'iframe', 'object', 'embed', 'svg', 'canvas', 'form', 'input', 'button', 'select', 'textarea', 'caption', 'colgroup', 'col']);
/** Word's list paragraphs, and their level. */
const WORD_LIST = /mso-list:\s*l\d+\s+level(\d+)/i;

/** The number or bullet Word drew before a list paragraph's text. */
function isWordMarker(node: Node): boolean {
  return node.nodeName === 'SPAN' && /mso-list:\s*ignore/i.test((node as HTMLElement).getAttribute('style') ?? '');
}
const FONT_WEIGHTS: Record<string, number> = { normal: 400, lighter: 300, bold: 700, bolder: 800 };
const CELL = '\ue000';
const ROW = '\ue001';

function configure(td: TurndownService): TurndownService {
  td.remove((node) => DROPPED.has(node.nodeName.toLowerCase()));
  td.escape = escape;

  // A list item as "- item" / "1. item", not Turndown's "-   item".
  td.addRule('listItem', {
    filter: 'li',
    replacement: (content, node) => {
      const parent = node.parentNode as HTMLElement | null;
      let marker = '- ';
      if (parent?.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start') ?? 1) || 1;
        marker = `${start + Array.from(parent.children).indexOf(node as HTMLElement)}. `;
      }
      const body = content.replace(/^\n+/, '').replace(/\n+$/, '\n').replace(/\n(?=.)/g, `\n${' '.repeat(marker.length)}`);
      return marker + body.replace(/\n$/, '') + (node.nextSibling ? '\n' : '');
    },
  });

  // Word writes a list as paragraphs styled "mso-list: l0 level2 …" that begin with the
  // number or bullet it drew, in a span styled "mso-list: Ignore": made Markdown list items
  // again, nested by level. A number becomes "1.", a bullet "-", and a label of another kind
  // ("(ア)", "①") stays in the text after a "-".
  td.addRule('wordListMarker', { filter: (node) => isWordMarker(node), replacement: () => '' });
  td.addRule('wordList', {
    filter: (node) => node.nodeName === 'P' && WORD_LIST.test((node as HTMLElement).getAttribute('style') ?? ''),
    replacement: (content, node) => {
      const el = node as HTMLElement;
      const level = Number(WORD_LIST.exec(el.getAttribute('style') ?? '')?.[1] ?? 1);
      const drawn = Array.from(el.querySelectorAll('span')).find(isWordMarker)?.textContent?.replace(/\s+/g, '') ?? '';
      const number = /^(\d+)[.)．]?$/.exec(drawn)?.[1];
      const label = number || !drawn || /^[·•§o▪■●◆◇□➢✓・-]$/.test(drawn) ? '' : `${escape(drawn)} `;
      return `\n${'    '.repeat(Math.max(0, level - 1))}${number ? `${number}.` : '-'} ${label}${content.trim()}\n`;
    },
  });

  // Links that can work in a runbook: web and mail addresses, and links to runbooks copied
  // from the app's preview (which marks them with the runbook's vault path), written relative
  // to the runbook pasted into. Anything else (javascript:, a file on the copier's disk, the
  // copied page's own anchors) keeps its text only.
  td.addRule('link', {
    filter: (node) => node.nodeName === 'A' && node.hasAttribute('href'),
    replacement: (content, node) => {
      const el = node as HTMLElement;
      const href = el.getAttribute('href')!.trim();
      const runbook = el.getAttribute('data-hk-path');
      if (!content.trim()) return content;
      if (runbook && pastingInto) {
        // The preview's heading ids carry the core's prefix; a link names the heading's slug.
        const fragment = el.getAttribute('data-hk-fragment')?.replace(/^hk-/, '');
        return `[${content}](${relativeLink(pastingInto, runbook)}${fragment ? `#${fragment}` : ''})`;
      }
      if (!/^(https?:|mailto:)/i.test(href)) return content;
      return `[${content}](${linkDestination(href)})`;
    },
  });

  // Web images stay images; a picture from the copier's disk (Word's file:///…clip_image001)
  // or inlined into the page (data:, megabytes of base64) cannot, and leaves its description.
  td.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const el = node as HTMLElement;
      const src = el.getAttribute('src')?.trim() ?? '';
      const alt = escape(el.getAttribute('alt')?.replace(/\s+/g, ' ').trim() ?? '');
      return /^https?:/i.test(src) ? `![${alt}](${linkDestination(src)})` : alt;
    },
  });

  td.addRule('strike', { filter: (node) => ['S', 'DEL', 'STRIKE'].includes(node.nodeName), replacement: (content) => (content.trim() ? `~~${content}~~` : content) });

  // Google Docs wraps a whole copy in <b style="font-weight:normal"> and marks bold and italic
  // text with styles on spans instead.
  td.addRule('styled', {
    filter: (node) => (node.nodeName === 'B' || node.nodeName === 'SPAN') && !!(node as HTMLElement).getAttribute('style') && !isWordMarker(node),
    replacement: (content, node) => {
      const style = (node as HTMLElement).style;
      if (!content.trim()) return content;
      const weight = style.fontWeight ? FONT_WEIGHTS[style.fontWeight] ?? (Number(style.fontWeight) || 400) : node.nodeName === 'B' ? 700 : 400;
      let out = content;
      if (style.fontStyle === 'italic') out = flank(out, '*');
      if (weight >= 600) out = flank(out, '**');
      return out;
    },
  });

  // Tables in the form the app writes them (see tablePaste): cells marked while Turndown works
  // inwards, then laid out once the whole table is known. The first row is the header, as in a
  // pasted spreadsheet range; a single cell (one copied from Excel) is just its content.
  td.addRule('tableCell', {
    filter: ['th', 'td'],
    replacement: (content) => CELL + content.trim().replace(/\s*\n+\s*/g, '<br>').replace(/\|/g, '\\|'),
  });
  td.addRule('tableRow', { filter: 'tr', replacement: (content) => ROW + content });
  td.addRule('table', {
    filter: 'table',
    replacement: (content) => {
      const rows = content.split(ROW).slice(1).map((r) => r.split(CELL).slice(1).map((c) => c.trim()));
      const cells = rows.filter((r) => r.length);
      if (!cells.length) return '';
      if (cells.length === 1 && cells[0]!.length === 1) return cells[0]![0]!.replace(/<br>/g, '\n');
      return `\n\n${tableLines(cells)}\n\n`;
    },
  });
  return td;
}

/** `text` between `mark`s, with its outer spaces outside them (Markdown emphasis cannot start
 * or end with a space). */
function flank(text: string, mark: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return `${m[1]}${mark}${m[2]}${mark}${m[3]}`;
}

/** Turndown's escaping of text that would otherwise read as Markdown, made lighter where it
 * would disfigure runbook text: a backslash is escaped only before punctuation (so
 * C:\Windows stays as it is and \\fs01\share still shows two backslashes), an underscore only
 * where it could start or end emphasis (not in snake_case names), and "<" before a tag name,
 * which Markdown would take for HTML. */
function escape(text: string): string {
  return text
    .replace(/\\(?=[!-/:-@[-`{-~])/g, '\\\\')
    .replace(/[*`[\]]/g, '\\$&')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/<(?=[a-z/!?])/gi, '\\<')
    .replace(/^(\s*)([-+>]|#{1,6} |=+|~~~|\d+\. )/gm, (_m, space: string, lead: string) => `${space}${lead.replace(/^(\d+)\./, '$1\\.').replace(/^(?!\d)/, '\\')}`);
}
