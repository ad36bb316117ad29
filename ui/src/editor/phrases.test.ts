import { describe, expect, it } from 'vitest';
import { openSearchPanel } from '@codemirror/search';
import { Editor } from './setup';
import { quietHooks as hooks } from './testHooks';
import { setLanguage } from '../i18n';

/** The labels of the find panel, as drawn. */
function panelTexts(editor: Editor): string[] {
  openSearchPanel(editor.view);
  const panel = editor.view.dom.querySelector('.cm-search');
  const texts = [...(panel?.querySelectorAll('button, label') ?? [])].map((el) => el.textContent?.trim() ?? '');
  const inputs = [...(panel?.querySelectorAll('input[type=text], input:not([type])') ?? [])].map((el) => (el as HTMLInputElement).placeholder);
  return [...inputs, ...texts];
}

describe('editor texts', () => {
  it('draws the find and replace panel in the UI language and follows a switch', () => {
    setLanguage('ja');
    const editor = new Editor(document.body.appendChild(document.createElement('div')), hooks);
    editor.load('サーバー再起動の手順\n');
    const ja = panelTexts(editor);
    expect(ja).toEqual(expect.arrayContaining(['検索', '置換', '次へ', '前へ', 'すべて置換', '大文字と小文字を区別', '正規表現']));
    expect(ja).not.toContain('next');

    setLanguage('en');
    editor.relabel();
    // A runbook opened after the switch gets the new texts too.
    editor.load('restart the server\n');
    expect(panelTexts(editor)).toEqual(expect.arrayContaining(['Find', 'Replace', 'next', 'previous', 'replace all', 'match case']));
    setLanguage('ja');
  });
});
