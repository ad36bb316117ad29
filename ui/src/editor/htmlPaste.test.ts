import { describe, expect, it } from 'vitest';
import { hasFormatting, htmlToMarkdown, MAX_HTML } from './htmlPaste';
import { Editor, type EditorHooks } from './setup';
import { quietHooks } from './testHooks';

// What a browser puts on the clipboard for a selection of a vendor's support page.
const PAGE = `<meta charset='utf-8'><h2 style="color: rgb(0,0,0)">VPN 接続の設定</h2>
<p>まず<a href="https://support.example.com/vpn/client">クライアント</a>を入れ、<strong>管理者として</strong>実行します。</p>
<ol><li>設定を開く</li><li>プロファイルを読み込む<ul><li>社内用: <code>corp.ovpn</code></li><li>予備: <em>backup.ovpn</em></li></ul></li></ol>
<pre><code class="language-sh">sudo systemctl restart openvpn-client@corp</code></pre>
<table><caption>接続先</caption><thead><tr><th>名前</th><th>アドレス</th></tr></thead>
<tbody><tr><td>本社</td><td>vpn.example.com</td></tr><tr><td>DR | 予備</td><td>vpn2.example.com<br>(夜間のみ)</td></tr></tbody></table>`;

const PAGE_TEXT = 'VPN 接続の設定\nまずクライアントを入れ、管理者として実行します。\n設定を開く\nプロファイルを読み込む\n…';

// What Word puts there: Office namespaces, conditional comments, a picture on the copier's disk.
const WORD = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style><!-- p.MsoNormal {margin:0mm} --></style></head>
<body lang=JA><!--StartFragment--><p class=MsoNormal><b><span style='font-family:"游ゴシック"'>注意</span></b><span lang=EN-US>:
バックアップは&nbsp;<u>毎晩</u> 2 時に走ります。</span><o:p></o:p></p>
<p class=MsoNormal><img width=200 src="file:///C:/Users/sato/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png" alt="構成図"><o:p></o:p></p><!--EndFragment--></body></html>`;

// What Google Docs puts there: the whole copy in a <b> that is not bold, bold as a style.
const DOCS = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b"><p dir="ltr"><span style="font-weight:400;">再起動は</span><span style="font-weight:700;">業務時間外</span><span style="font-weight:400;">に</span><span style="font-style:italic;font-weight:400;">必ず</span><span style="font-weight:400;">行う。</span></p></b>`;

describe('formatted text as Markdown', () => {
  it('tells formatting from a code editor’s coloured spans', () => {
    expect(hasFormatting(PAGE)).toBe(true);
    expect(hasFormatting('<p>一行<b>太字</b></p>')).toBe(true);
    expect(hasFormatting('<a href="https://example.com">x</a>')).toBe(true);
    expect(hasFormatting('<div style="color:#d4d4d4"><span style="color:#569cd6">const</span> x = 1;</div>')).toBe(false);
    expect(hasFormatting('<p>段落</p><br><span>だけ</span>')).toBe(false);
    expect(hasFormatting('')).toBe(false);
    // Too big to convert without the editor waiting: pasted as text.
    expect(hasFormatting(`<b>太字</b><p>${'段落'.repeat(MAX_HTML / 2)}</p>`)).toBe(false);
  });

  it('converts a web page’s headings, links, lists, code and tables', async () => {
    expect(await htmlToMarkdown(PAGE, PAGE_TEXT)).toBe([
      '## VPN 接続の設定',
      '',
      'まず[クライアント](https://support.example.com/vpn/client)を入れ、**管理者として**実行します。',
      '',
      '1. 設定を開く',
      '2. プロファイルを読み込む',
      '   - 社内用: `corp.ovpn`',
      '   - 予備: *backup.ovpn*',
      '',
      '```sh',
      'sudo systemctl restart openvpn-client@corp',
      '```',
      '',
      '| 名前 | アドレス |',
      '| --- | --- |',
      '| 本社 | vpn.example.com |',
      '| DR \\| 予備 | vpn2.example.com<br>(夜間のみ) |',
    ].join('\n'));
  });

  it('keeps Word’s emphasis and drops its styles, comments and pictures on the copier’s disk', async () => {
    const markdown = await htmlToMarkdown(WORD, '注意: バックアップは 毎晩 2 時に走ります。\n構成図');
    expect(markdown).toBe('**注意**: バックアップは 毎晩 2 時に走ります。\n\n構成図');
  });

  it('makes Word’s lists (paragraphs that begin with the number or bullet Word drew) lists again', async () => {
    const item = (list: string, level: number, drawn: string, text: string) =>
      `<p class=MsoListParagraph style='margin-left:21.0pt;mso-list:${list} level${level} lfo1'><![if !supportLists]><span lang=EN-US><span style='mso-list:Ignore'>${drawn}<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>${text}<o:p></o:p></p>`;
    const html = `<p class=MsoNormal>手順：<o:p></o:p></p>${item('l0', 1, '1.', '電源を切る')}${item('l0', 1, '2.', '<b>ケーブル</b>を抜く')}${item('l0', 2, '(ア)', '電源ケーブル')}`
      + `${item('l1', 1, '·', '箇条')}${item('l1', 2, 'o', '下の段')}`;
    expect(await htmlToMarkdown(html, '')).toBe('手順：\n\n1. 電源を切る\n2. **ケーブル**を抜く\n    - (ア) 電源ケーブル\n- 箇条\n    - 下の段');
  });

  it('reads Google Docs’ bold and italic from styles, not from its outer <b>', async () => {
    expect(await htmlToMarkdown(DOCS, '再起動は業務時間外に必ず行う。')).toBe('再起動は**業務時間外**に*必ず*行う。');
  });

  it('keeps only links and images that can work in a runbook', async () => {
    const html = '<p><a href="javascript:alert(1)">押す</a> <a href="#top">上へ</a> <a href="mailto:it@example.co.jp">窓口</a> '
      + '<img src="https://example.com/a b.png" alt="図 1"> <img src="data:image/png;base64,AAAA" alt="埋め込み"> <a href="file:///etc/passwd">ファイル</a></p>';
    expect(await htmlToMarkdown(html, '')).toBe('押す 上へ [窓口](mailto:it@example.co.jp) ![図 1](https://example.com/a%20b.png) 埋め込み ファイル');
    // A parenthesis in an address would end the link: encoded, as the app writes links.
    expect(await htmlToMarkdown('<a href="https://ja.wikipedia.org/wiki/UPS_(電源)">UPS</a>', '')).toBe('[UPS](https://ja.wikipedia.org/wiki/UPS_%28電源%29)');
  });

  it('keeps links to runbooks copied from the app’s preview, relative to the runbook pasted into', async () => {
    const html = '<p>先に<a href="../accounts/reset.md#手順" data-hk-path="accounts/reset.md" data-hk-fragment="hk-手順">パスワードの再設定</a>と'
      + '<a href="#確認" data-hk-fragment="hk-確認">確認</a>を行う。</p>';
    expect(await htmlToMarkdown(html, '', 'network/vpn/client.md')).toBe('先に[パスワードの再設定](../../accounts/reset.md#手順)と確認を行う。');
    expect(await htmlToMarkdown(html, '', 'accounts/new.md')).toBe('先に[パスワードの再設定](reset.md#手順)と確認を行う。');
  });

  it('escapes what would read as Markdown, and no more', async () => {
    const html = '<p><b>パス</b>: C:\\Windows\\System32 と \\\\fs01\\share、変数 backup_dir_path と _tmp_、'
      + '<br>タグ &lt;br&gt; と 2 * 3 と [注意]</p><p>- 箇条書きではない</p><p>1. 番号でもない</p>';
    expect(await htmlToMarkdown(html, '')).toBe([
      '**パス**: C:\\Windows\\System32 と \\\\\\fs01\\share、変数 backup_dir_path と \\_tmp\\_、  ',
      'タグ \\<br> と 2 \\* 3 と \\[注意\\]',
      '',
      '\\- 箇条書きではない',
      '',
      '1\\. 番号でもない',
    ].join('\n'));
  });

  it('leaves a paste as it was copied when the formatting adds nothing', async () => {
    // A command copied from a page's example, a block or inline.
    expect(await htmlToMarkdown('<meta charset="utf-8"><pre style="white-space:pre"><code>ipconfig /flushdns</code></pre>', 'ipconfig /flushdns')).toBeNull();
    expect(await htmlToMarkdown('<code>Get-ADUser -Filter *</code>', 'Get-ADUser -Filter *')).toBeNull();
    // One cell copied from Excel comes as a table of one cell.
    expect(await htmlToMarkdown('<table><col width=64><tr><td class=xl65>10.10.30.5</td></tr></table>', '10.10.30.5\n')).toBeNull();
    // Paragraphs with nothing else.
    expect(await htmlToMarkdown('<p>一行目</p><p><b></b>二行目</p>', '一行目\n二行目')).toBeNull();
  });
});

function paste(editor: Editor, text: string, html: string): void {
  const e = new Event('paste', { bubbles: true, cancelable: true });
  const data: Record<string, string> = { 'text/plain': text, 'text/html': html };
  Object.defineProperty(e, 'clipboardData', { value: { getData: (type: string) => data[type] ?? '', types: Object.keys(data), files: [] } });
  editor.view.contentDOM.dispatchEvent(e);
}

/** Until the paste that was started has landed in the text (the converter loads on first use). */
async function settled(editor: Editor, before: string): Promise<void> {
  for (let i = 0; i < 200 && editor.text() === before; i++) await new Promise((r) => setTimeout(r, 5));
}

describe('pasting formatted text into the editor', () => {
  function editorWith(doc: string, at: number, head = at): { editor: Editor; offers: [string, () => boolean][] } {
    const offers: [string, () => boolean][] = [];
    const hooks: EditorHooks = { ...quietHooks, onConvertedPaste: (kind, asText) => offers.push([kind, asText]) };
    const editor = new Editor(document.createElement('div'), hooks);
    editor.load(doc);
    editor.view.dispatch({ selection: { anchor: at, head } });
    return { editor, offers };
  }

  it('puts converted blocks on lines of their own and offers the text as copied instead', async () => {
    const doc = '# VPN\nメモ:\n以上';
    const { editor, offers } = editorWith(doc, doc.indexOf('\n以上'));
    paste(editor, PAGE_TEXT, PAGE);
    await settled(editor, doc);
    expect(editor.text()).toMatch(/^# VPN\nメモ:\n\n## VPN 接続の設定\n\n[\s\S]*\| DR \\\| 予備 \|[^\n]*\n\n以上$/);
    expect(offers.map(([kind]) => kind)).toEqual(['html']);
    expect(offers[0]![1]()).toBe(true);
    expect(editor.text()).toBe(`# VPN\nメモ:${PAGE_TEXT}\n以上`);
  });

  it('puts an inline conversion in place of the selection', async () => {
    const doc = '手順: ここ を参照';
    const { editor, offers } = editorWith(doc, 4, 6);
    paste(editor, 'マニュアル', '<a href="https://example.com/manual">マニュアル</a>');
    await settled(editor, doc);
    expect(editor.text()).toBe('手順: [マニュアル](https://example.com/manual) を参照');
    expect(offers).toHaveLength(1);
  });

  it('pastes the text when the formatting adds nothing, and everything as copied in a code block', async () => {
    const doc = '実行: \n```\n\n```\n';
    const { editor, offers } = editorWith(doc, 4);
    paste(editor, 'ipconfig /flushdns', '<pre><code>ipconfig /flushdns</code></pre>');
    await settled(editor, doc);
    expect(editor.text()).toBe('実行: ipconfig /flushdns\n```\n\n```\n');
    expect(offers).toHaveLength(0);
    // Inside the fence the copied text goes in as it is (CodeMirror's own paste).
    editor.view.dispatch({ selection: { anchor: editor.text().indexOf('```\n\n') + 4 } });
    paste(editor, PAGE_TEXT, PAGE);
    expect(editor.text()).toBe(`実行: ipconfig /flushdns\n\`\`\`\n${PAGE_TEXT}\n\`\`\`\n`);
    expect(offers).toHaveLength(0);
  });

  it('pastes as plain text after Ctrl+Shift+V: no table, no Markdown, no link', async () => {
    const doc = 'メモ:';
    const { editor, offers } = editorWith(doc, doc.length);
    const plainPaste = (text: string, html = '') => {
      editor.view.contentDOM.dispatchEvent(new KeyboardEvent('keydown', { key: 'V', ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true }));
      paste(editor, text, html);
    };
    plainPaste('a\tb\nc\td');
    plainPaste(' 太字', '<b>太字</b>');
    await new Promise((r) => setTimeout(r, 50));
    expect(editor.text()).toBe('メモ:a\tb\nc\td 太字');
    expect(offers).toHaveLength(0);
    // The next Ctrl+V converts again.
    paste(editor, '太字', '<b>太字</b>');
    await settled(editor, 'メモ:a\tb\nc\td 太字');
    expect(editor.text()).toBe('メモ:a\tb\nc\td 太字**太字**');
  });
});
