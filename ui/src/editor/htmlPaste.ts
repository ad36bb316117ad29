// Text copied from a web page, Word, LibreOffice Writer, Google Docs or the app's own preview
// arrives with its formatting as HTML beside the plain text. Pasted as plain text, a vendor's
// setup steps lose their headings, numbered lists, links and tables; the editor turns such a
// paste into Markdown instead, as Obsidian and Joplin do. Turndown does the converting (it is
// what Joplin uses); the rules here adapt it to runbooks: tables in the form the rest of the
// app writes, links and images only where they can work, Windows paths and snake_case names
// left readable, and nothing of the copied page's scripts or styles (see htmlConvert.ts).

/** Clipboard HTML over this size is pasted as its text: converting takes about half a second
 * per megabyte (Turndown in a browser engine), and the editor would wait for it. Word's HTML is
 * about ten times its text, so this is some 200 KB of text: dozens of pages. */
export const MAX_HTML = 2_000_000;

/** Whether clipboard HTML carries formatting worth converting: structure (headings, lists,
 * tables, quotes, code), links or emphasis. A code editor's or terminal's HTML, coloured spans
 * only, is pasted as its text. Cheap: it runs on every paste. */
export function hasFormatting(html: string): boolean {
  return html.length <= MAX_HTML && /<(h[1-6]|ul|ol|table|blockquote|pre|code|b|strong|em|i|s|del|strike|hr)[\s>]|<a\s[^>]*href|<img\s/i.test(html);
}

/** What a paste of `html` (with `text`, its plain text) into the runbook `into` becomes:
 * Markdown, or null when the plain text says the same (nothing in it is formatting, or it is
 * one code block: a command copied from a page's example goes in as the command, not as a
 * fenced block). */
export async function htmlToMarkdown(html: string, text: string, into: string | null = null): Promise<string | null> {
  // The converter and Turndown load on the first formatted paste: they are not needed at
  // start-up, and the webview keeps every script it parsed.
  const { toMarkdown } = await import('./htmlConvert');
  const markdown = toMarkdown(html, into);
  if (!markdown || sameWords(markdown, text) || onlyCode(markdown)) return null;
  return markdown;
}

/** Whether `markdown` is one code span or one fenced block and nothing else. */
function onlyCode(markdown: string): boolean {
  if (/^`[^`\n]*`$/.test(markdown)) return true;
  return /^```/.test(markdown) && /\n```$/.test(markdown) && markdown.match(/^```/gm)!.length === 2;
}

/** Whether `markdown` is `text` with nothing added but escapes and spacing. */
function sameWords(markdown: string, text: string): boolean {
  const words = (s: string) => s.replace(/\s+/g, ' ').trim();
  return words(markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1')) === words(text.replace(/\u00a0/g, ' '));
}
