// The editor, as a list of named extensions (after CodeMirror's basic-setup). IME
// composition is left to CodeMirror: nothing here handles keys while composing, and the
// document is never replaced during a composition (see `replaceDoc`).
import { EditorState, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap, drawSelection, highlightActiveLine, lineNumbers, highlightSpecialChars } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
// The Markdown language without `markdown()`'s HTML, CSS and JavaScript parsers for embedded
// code: they would triple the bundle the webview parses and keeps in memory.
import { markdownLanguage, markdownKeymap } from '@codemirror/lang-markdown';
import { bracketMatching, LanguageSupport } from '@codemirror/language';
import { search, searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { markdownHighlight } from './highlight';
import { saveKeymap } from './saveKeymap';

export interface EditorHooks {
  /** Called on every change, without the text: building a 1 MB string per keystroke would
   * make typing lag. Read the text with `view.state.doc.toString()` when needed. */
  onChange: () => void;
  onSave: () => void;
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
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) hooks.onChange();
    }),
  ];
}

export function createEditor(parent: HTMLElement, hooks: EditorHooks): EditorView {
  return new EditorView({ parent, state: EditorState.create({ doc: '', extensions: editorExtensions(hooks) }) });
}

/** Replaces the whole document (loading a runbook), with a fresh undo history. */
export function loadDoc(view: EditorView, text: string, hooks: EditorHooks): void {
  view.setState(EditorState.create({ doc: text, extensions: editorExtensions(hooks) }));
}

/** Replaces the text in place (form edits), unless an IME composition is running. */
export function replaceDoc(view: EditorView, text: string): boolean {
  if (view.composing) return false;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  return true;
}

export function gotoLine(view: EditorView, line: number): void {
  const n = Math.min(Math.max(1, line), view.state.doc.lines);
  const pos = view.state.doc.line(n).from;
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
}
