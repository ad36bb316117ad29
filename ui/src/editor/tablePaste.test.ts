import { describe, expect, it } from 'vitest';
import { markdownTable, parseCells } from './tablePaste';
import { Editor, type EditorHooks } from './setup';
import { quietHooks } from './testHooks';

// What LibreOffice Calc and Excel put on the clipboard as text for a range of cells.
const SERVERS = 'ホスト名\tIP アドレス\t用途\r\nFS01\t10.10.30.5\tファイルサーバ\r\nDC01\t10.10.30.2\t"AD | DNS"\r\n';

describe('spreadsheet cells as a table', () => {
  it('reads tab-separated rows, Excel quoting included', () => {
    expect(parseCells(SERVERS)).toEqual([
      ['ホスト名', 'IP アドレス', '用途'],
      ['FS01', '10.10.30.5', 'ファイルサーバ'],
      ['DC01', '10.10.30.2', 'AD | DNS'],
    ]);
    expect(parseCells('名前\tメモ\n佐藤\t"1 行目\n2 行目 ""至急"""\n')).toEqual([['名前', 'メモ'], ['佐藤', '1 行目\n2 行目 "至急"']]);
    // Empty cells stay cells.
    expect(parseCells('a\tb\tc\n1\t\t3')).toEqual([['a', 'b', 'c'], ['1', '', '3']]);
  });

  it('leaves text that is not a range of cells alone', () => {
    expect(parseCells('ただの文章')).toBeNull();
    expect(parseCells('一行だけ\tタブあり')).toBeNull();
    expect(parseCells('a\tb\nc\td\te')).toBeNull(); // ragged
    expect(parseCells('all:\n\tgcc -o a a.c\n\tstrip a')).toBeNull(); // a Makefile
    expect(parseCells('\tif x:\n\t\treturn 1')).toBeNull(); // indented code
    expect(parseCells('a\t"unclosed\nb\tc')).toBeNull();
  });

  it('writes a Markdown table with the first row as its header, escaping what would break it', () => {
    expect(markdownTable(parseCells(SERVERS)!)).toBe([
      '| ホスト名 | IP アドレス | 用途 |',
      '| --- | --- | --- |',
      '| FS01 | 10.10.30.5 | ファイルサーバ |',
      '| DC01 | 10.10.30.2 | AD \\| DNS |',
    ].join('\n'));
    expect(markdownTable([['共有', 'メモ'], ['\\\\fs01\\share', '1 行目\n2 行目'], ['', '']])).toBe(
      '| 共有 | メモ |\n| --- | --- |\n| \\\\\\\\fs01\\\\share | 1 行目<br>2 行目 |\n|   |   |',
    );
  });
});

function paste(editor: Editor, text: string, types = ['text/plain']): void {
  const e = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(e, 'clipboardData', { value: { getData: (type: string) => (type === 'text/plain' ? text : ''), types, files: [] } });
  editor.view.contentDOM.dispatchEvent(e);
}

describe('pasting cells into the editor', () => {
  function editorWith(doc: string, at: number): { editor: Editor; offers: (() => boolean)[] } {
    const offers: (() => boolean)[] = [];
    const hooks: EditorHooks = { ...quietHooks, onConvertedPaste: (_kind, asText) => offers.push(asText) };
    const editor = new Editor(document.createElement('div'), hooks);
    editor.load(doc);
    editor.view.dispatch({ selection: { anchor: at } });
    return { editor, offers };
  }

  it('puts the table on lines of its own and offers the text as copied instead', () => {
    const doc = '# サーバー一覧\n本社のサーバー:\n以上';
    const { editor, offers } = editorWith(doc, doc.indexOf('\n以上'));
    paste(editor, SERVERS);
    expect(editor.text()).toBe(`# サーバー一覧\n本社のサーバー:\n\n${markdownTable(parseCells(SERVERS)!)}\n\n以上`);
    expect(offers).toHaveLength(1);
    expect(offers[0]!()).toBe(true);
    expect(editor.text()).toBe(`# サーバー一覧\n本社のサーバー:${SERVERS.replace(/\r\n/g, '\n')}\n以上`);
  });

  it('cannot go back to text once the table was edited', () => {
    const { editor, offers } = editorWith('', 0);
    paste(editor, SERVERS);
    expect(editor.text()).toBe(`${markdownTable(parseCells(SERVERS)!)}\n`);
    editor.view.dispatch({ changes: { from: 2, insert: '★' } });
    expect(offers[0]!()).toBe(false);
    expect(editor.text()).toContain('★');
  });

  it('pastes as it is inside a code block', () => {
    const doc = '```\n\n```\n';
    const { editor, offers } = editorWith(doc, 4);
    paste(editor, SERVERS);
    expect(offers).toHaveLength(0);
  });

  it('pastes text even when the clipboard lists no types for it (WebKitGTK with some programs)', () => {
    let emptyPastes = 0;
    const editor = new Editor(document.createElement('div'), { ...quietHooks, onEmptyPaste: () => emptyPastes++ });
    editor.load('メモ：');
    editor.view.dispatch({ selection: { anchor: 3 } });
    paste(editor, '10.10.30.5', []);
    expect(editor.text()).toBe('メモ：10.10.30.5');
    paste(editor, '', []); // an image-only clipboard: the app reads the image itself
    expect(emptyPastes).toBe(1);
  });
});
