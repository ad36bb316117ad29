// The editor, as a list of named extensions (after CodeMirror's basic-setup). IME
// composition is left to CodeMirror: nothing here handles keys while composing, and the
// document is never replaced during a composition (see `replaceDoc`).
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap, drawSelection, highlightActiveLine, lineNumbers, highlightSpecialChars, tooltips } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
// The Markdown language without `markdown()`'s HTML, CSS and JavaScript parsers for embedded
// code: they would triple the bundle the webview parses and keeps in memory.
import { markdownLanguage, markdownKeymap } from '@codemirror/lang-markdown';
import { bracketMatching, ensureSyntaxTree, LanguageSupport, syntaxTree } from '@codemirror/language';
import { search, searchKeymap, highlightSelectionMatches, openSearchPanel } from '@codemirror/search';
import { markdownHighlight } from './highlight';
import { saveKeymap } from './saveKeymap';
import { linkCompletion, type LinkSource } from './linkComplete';
import { markdownTable, parseCells } from './tablePaste';
import { hasFormatting, htmlToMarkdown } from './htmlPaste';
import { toggleEmphasis } from './emphasis';
import type { SyntaxNode } from '@lezer/common';
import { t, type Key } from '../i18n';

/** CodeMirror's own texts (its English phrases) and the keys of their translations. */
const PHRASES: Record<string, Key> = {
  Find: 'cmFind',
  Replace: 'cmReplace',
  next: 'cmNext',
  previous: 'cmPrevious',
  all: 'cmAll',
  'match case': 'cmMatchCase',
  'by word': 'cmByWord',
  regexp: 'cmRegexp',
  replace: 'cmReplaceOne',
  'replace all': 'cmReplaceAll',
  close: 'cmClose',
  'current match': 'cmCurrentMatch',
  'replaced $ matches': 'cmReplacedMatches',
  'replaced match on line $': 'cmReplacedOnLine',
  'on line': 'cmOnLine',
  'Go to line': 'cmGoToLine',
  go: 'cmGo',
  Completions: 'cmCompletions',
  'Selection deleted': 'cmSelectionDeleted',
  'Control character': 'cmControlCharacter',
};

/** CodeMirror's texts in the UI's current language. */
export function editorPhrases(): Extension {
  return EditorState.phrases.of(Object.fromEntries(Object.entries(PHRASES).map(([phrase, key]) => [phrase, t(key)])));
}

/** Where the phrases sit, so a language switch can replace them in the open editor. */
const phrases = new Compartment();

/** A place in the text that moves with the edits around it: where an image being stored
 * goes. Loading another text invalidates it. */
export interface Mark { pos: number; valid: boolean }
const marks = new Set<Mark>();

function mark(pos: number): Mark {
  const m = { pos, valid: true };
  marks.add(m);
  return m;
}

export interface EditorHooks {
  /** Called on every change, without the text: building a 1 MB string per keystroke would
   * make typing lag. Read the text with `view.state.doc.toString()` when needed. */
  onChange: () => void;
  onSave: () => void;
  /** Files pasted or dropped into the text, and the place they go to. */
  onFiles: (files: File[], at: Mark) => void;
  /** A paste that brought the page no data (see `attachClipboardImage`). */
  onEmptyPaste: (at: Mark) => void;
  /** A paste was converted: cells from a spreadsheet to a table, or formatted text (a web
   * page, Word) to Markdown. `asText` puts the text back as it was copied (and says whether it
   * could: not once the pasted text was edited). */
  onConvertedPaste: (kind: 'table' | 'html', asText: () => boolean) => void;
  /** The runbooks links are completed to. */
  links: LinkSource;
}

export function editorExtensions(hooks: EditorHooks): Extension[] {
  /** Until when a paste is the one Ctrl+Shift+V asked for (the key comes before the paste). */
  let plainUntil = 0;
  return [
    phrases.of(editorPhrases()),
    lineNumbers(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    bracketMatching(),
    highlightSelectionMatches(),
    search({ top: true }),
    new LanguageSupport(markdownLanguage),
    Prec.high(keymap.of(markdownKeymap)),
    keymap.of([{ key: 'Mod-b', run: toggleEmphasis('**') }, { key: 'Mod-i', run: toggleEmphasis('*') }]),
    markdownHighlight(),
    EditorView.lineWrapping,
    saveKeymap(hooks.onSave),
    linkCompletion(hooks.links),
    // In the page, not the editor's pane, which would cut a completion list off at its edge.
    tooltips({ parent: document.body }),
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
    EditorView.updateListener.of((u) => {
      if (!u.docChanged) return;
      for (const m of marks) m.pos = u.changes.mapPos(m.pos);
      hooks.onChange();
    }),
    EditorView.domEventHandlers({
      // Ctrl+Shift+V pastes as plain text: WebKit then offers the text alone, and the editor
      // leaves it as copied too (no link, table or Markdown made of it).
      keydown: (e) => {
        if ((e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'v') plainUntil = Date.now() + 1000;
        return false;
      },
      paste: (e, view) => {
        const pos = view.state.selection.main.head;
        if (takeFiles(e, e.clipboardData, pos)) return true;
        const plain = Date.now() < plainUntil;
        plainUntil = 0;
        const text = e.clipboardData?.getData('text/plain') ?? '';
        if (plain && text) return false;
        // A web address pasted over selected text makes that text a link to it.
        const sel = view.state.selection.main;
        const link = linkOver(view.state.sliceDoc(sel.from, sel.to), text);
        if (link) {
          e.preventDefault();
          view.dispatch(view.state.replaceSelection(link), { userEvent: 'input.paste', scrollIntoView: true });
          return true;
        }
        // Cells copied from a spreadsheet become a table, and formatted text Markdown; not in
        // a code block, where text stays as it was copied.
        const asCopied = inCode(view.state, sel.from);
        const cells = asCopied ? null : parseCells(text);
        if (cells) {
          e.preventDefault();
          pasteConverted(view, mark(sel.from), mark(sel.to), markdownTable(cells), text, 'table');
          return true;
        }
        const html = asCopied ? '' : (e.clipboardData?.getData('text/html') ?? '');
        if (hasFormatting(html)) {
          e.preventDefault();
          const [from, to] = [mark(sel.from), mark(sel.to)];
          void htmlToMarkdown(html, text, hooks.links.current()).then(
            (markdown) => (markdown ? pasteConverted(view, from, to, markdown, text, 'html') : pastePlain(view, from, to, text)),
            () => pastePlain(view, from, to, text),
          );
          return true;
        }
        // WebKitGTK passes an image-only clipboard (a screenshot) as no data at all. It also
        // lists no types for text from some programs (xclip), which must still paste as text.
        if (!e.clipboardData || e.clipboardData.types.length || text) return false;
        e.preventDefault();
        hooks.onEmptyPaste(mark(pos));
        return true;
      },
      drop: (e, view) => takeFiles(e, e.dataTransfer, view.posAtCoords({ x: e.clientX, y: e.clientY }) ?? view.state.selection.main.head),
    }),
  ];

  /** Puts `markdown` (a table, or converted formatted text) in place of the text between
   * `from` and `to`, a block of its own (blank lines around it) when it has more than one line,
   * and offers the text as copied instead. */
  function pasteConverted(view: EditorView, from: Mark, to: Mark, markdown: string, copied: string, kind: 'table' | 'html'): void {
    marks.delete(from);
    marks.delete(to);
    if (!from.valid || !to.valid) return; // another text was loaded meanwhile
    const doc = view.state.doc;
    let before = '';
    let after = '';
    if (markdown.includes('\n') || kind === 'table') {
      const first = doc.lineAt(from.pos);
      const last = doc.lineAt(to.pos);
      const blank = (n: number) => n < 1 || n > doc.lines || doc.line(n).text.trim() === '';
      before = doc.sliceString(first.from, from.pos).trim() ? '\n\n' : blank(first.number - 1) ? '' : '\n';
      after = doc.sliceString(to.pos, last.to).trim() ? '\n\n' : last.number === doc.lines || !blank(last.number + 1) ? '\n' : '';
    }
    const insert = before + markdown + after;
    view.dispatch({ changes: { from: from.pos, to: to.pos, insert }, selection: { anchor: from.pos + before.length + markdown.length }, userEvent: 'input.paste', scrollIntoView: true });
    const at = mark(from.pos);
    hooks.onConvertedPaste(kind, () => {
      marks.delete(at);
      const still = at.valid && view.state.sliceDoc(at.pos, at.pos + insert.length) === insert;
      if (still) view.dispatch({ changes: { from: at.pos, to: at.pos + insert.length, insert: copied }, userEvent: 'input.paste' });
      view.focus(); // back to writing, from the message's button
      return still;
    });
  }

  /** `text` in place of the text between `from` and `to`, as an ordinary paste would put it. */
  function pastePlain(view: EditorView, from: Mark, to: Mark, text: string): void {
    marks.delete(from);
    marks.delete(to);
    if (!from.valid || !to.valid) return;
    view.dispatch({ changes: { from: from.pos, to: to.pos, insert: text }, selection: { anchor: from.pos + text.length }, userEvent: 'input.paste', scrollIntoView: true });
  }

  function takeFiles(e: Event, data: DataTransfer | null, pos: number): boolean {
    const files = Array.from(data?.files ?? []);
    if (!files.length) return false;
    e.preventDefault();
    hooks.onFiles(files, mark(pos));
    return true;
  }
}

/** Whether `pos` is inside a fenced or indented code block, where pasted text stays as it is
 * (tab-separated command output, for one). */
function inCode(state: EditorState, pos: number): boolean {
  for (let node: SyntaxNode | null = syntaxTree(state).resolveInner(pos, -1); node; node = node.parent) {
    if (node.name === 'FencedCode' || node.name === 'CodeBlock') return true;
  }
  return false;
}

/** `[selected](url)` when `pasted` is one http(s) address and `selected` is text on one
 * line that is not an address itself; otherwise null (an ordinary paste). */
export function linkOver(selected: string, pasted: string): string | null {
  const url = pasted.trim();
  if (!selected.trim() || selected.includes('\n') || /^https?:\/\//i.test(selected.trim())) return null;
  if (!/^https?:\/\/\S+$/i.test(url)) return null;
  // Brackets in the text and parentheses in the address would end the link early.
  return `[${selected.replace(/[[\]]/g, '\\$&')}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

/** The editor of the open runbook. */
export class Editor {
  readonly view: EditorView;

  constructor(parent: HTMLElement, private readonly hooks: EditorHooks) {
    this.view = new EditorView({ parent, state: EditorState.create({ doc: '', extensions: editorExtensions(hooks) }) });
  }

  get composing(): boolean {
    return this.view.composing;
  }

  text(): string {
    return this.view.state.doc.toString();
  }

  focus(): void {
    this.view.focus();
  }

  /** Replaces the whole document (loading a runbook), with a fresh undo history. */
  load(text: string): void {
    for (const m of marks) m.valid = false;
    marks.clear();
    this.view.setState(EditorState.create({ doc: text, extensions: editorExtensions(this.hooks) }));
  }

  /** Replaces the text in place (form edits), unless an IME composition is running. */
  replace(text: string): boolean {
    if (this.view.composing) return false;
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
    return true;
  }

  /** A mark at the cursor (for files dropped beside the text, on the preview). */
  markCursor(): Mark {
    return mark(this.view.state.selection.main.head);
  }

  /** Inserts at `at` the text `make` builds from the two characters each side of it, unless
   * another text was loaded since `at` was taken. Says whether it did. */
  insertAt(at: Mark, make: (before: string, after: string) => string): boolean {
    marks.delete(at);
    if (!at.valid) return false;
    const doc = this.view.state.doc;
    const pos = Math.min(Math.max(0, at.pos), doc.length);
    const insert = make(doc.sliceString(Math.max(0, pos - 2), pos), doc.sliceString(pos, pos + 2));
    this.view.dispatch({ changes: { from: pos, insert }, selection: { anchor: pos + insert.length }, scrollIntoView: true });
    this.view.focus();
    return true;
  }

  /** Follows a language switch: the find panel and the other texts of the editor's own. */
  relabel(): void {
    this.view.dispatch({ effects: phrases.reconfigure(editorPhrases()) });
  }

  /** Ticks or clears the `n`-th task box (`- [ ]`) of the text from `from` on (the body),
   * counting as the preview does, which shows `count` boxes. Changes nothing and says so when
   * the text has another number of boxes (the preview is behind the text). */
  toggleTask(n: number, count: number, from: number): boolean {
    const state = this.view.state;
    const tree = ensureSyntaxTree(state, state.doc.length, 500);
    if (!tree) return false;
    const boxes: number[] = [];
    tree.iterate({
      from,
      enter: (node) => {
        if (node.name === 'TaskMarker' && node.from >= from) boxes.push(node.from);
      },
    });
    const at = boxes[n];
    if (boxes.length !== count || at === undefined) return false;
    const ticked = state.doc.sliceString(at + 1, at + 2) !== ' ';
    this.view.dispatch({ changes: { from: at + 1, to: at + 2, insert: ticked ? ' ' : 'x' } });
    return true;
  }

  /** Opens the find and replace panel. */
  find(): void {
    this.view.focus();
    openSearchPanel(this.view);
  }

  gotoLine(line: number): void {
    const doc = this.view.state.doc;
    const pos = doc.line(Math.min(Math.max(1, line), doc.lines)).from;
    this.view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
  }
}
