// The editor, as a list of named extensions (after CodeMirror's basic-setup). IME
// composition is left to CodeMirror: nothing here handles keys while composing, and the
// document is never replaced during a composition (see `replaceDoc`).
import { EditorState, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap, drawSelection, highlightActiveLine, lineNumbers, highlightSpecialChars, tooltips } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
// The Markdown language without `markdown()`'s HTML, CSS and JavaScript parsers for embedded
// code: they would triple the bundle the webview parses and keeps in memory.
import { markdownLanguage, markdownKeymap } from '@codemirror/lang-markdown';
import { bracketMatching, LanguageSupport } from '@codemirror/language';
import { search, searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { markdownHighlight } from './highlight';
import { saveKeymap } from './saveKeymap';
import { linkCompletion, type LinkSource } from './linkComplete';

export interface EditorHooks {
  /** Called on every change, without the text: building a 1 MB string per keystroke would
   * make typing lag. Read the text with `view.state.doc.toString()` when needed. */
  onChange: () => void;
  onSave: () => void;
  /** Files pasted or dropped into the text, and the position they go to. */
  onFiles: (files: File[], pos: number) => void;
  /** A paste that brought the page no data (see `attachClipboardImage`). */
  onEmptyPaste: (pos: number) => void;
  /** The runbooks links are completed to. */
  links: LinkSource;
}

export function editorExtensions(hooks: EditorHooks): Extension[] {
  return [
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
    markdownHighlight(),
    EditorView.lineWrapping,
    saveKeymap(hooks.onSave),
    linkCompletion(hooks.links),
    // In the page, not the editor's pane, which would cut a completion list off at its edge.
    tooltips({ parent: document.body }),
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) hooks.onChange();
    }),
    EditorView.domEventHandlers({
      paste: (e, view) => {
        const pos = view.state.selection.main.head;
        if (takeFiles(e, e.clipboardData, pos)) return true;
        // WebKitGTK passes an image-only clipboard (a screenshot) as no data at all.
        if (!e.clipboardData || e.clipboardData.types.length) return false;
        e.preventDefault();
        hooks.onEmptyPaste(pos);
        return true;
      },
      drop: (e, view) => takeFiles(e, e.dataTransfer, view.posAtCoords({ x: e.clientX, y: e.clientY }) ?? view.state.selection.main.head),
    }),
  ];

  function takeFiles(e: Event, data: DataTransfer | null, pos: number): boolean {
    const files = Array.from(data?.files ?? []);
    if (!files.length) return false;
    e.preventDefault();
    hooks.onFiles(files, pos);
    return true;
  }
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
    this.view.setState(EditorState.create({ doc: text, extensions: editorExtensions(this.hooks) }));
  }

  /** Replaces the text in place (form edits), unless an IME composition is running. */
  replace(text: string): boolean {
    if (this.view.composing) return false;
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
    return true;
  }

  /** Inserts at `pos` the text `make` builds from the two characters each side of it. */
  insertAt(pos: number, make: (before: string, after: string) => string): void {
    const doc = this.view.state.doc;
    const at = Math.min(Math.max(0, pos), doc.length);
    const insert = make(doc.sliceString(Math.max(0, at - 2), at), doc.sliceString(at, at + 2));
    this.view.dispatch({ changes: { from: at, insert }, selection: { anchor: at + insert.length }, scrollIntoView: true });
    this.view.focus();
  }

  gotoLine(line: number): void {
    const doc = this.view.state.doc;
    const pos = doc.line(Math.min(Math.max(1, line), doc.lines)).from;
    this.view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
  }
}
