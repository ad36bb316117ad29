import { describe, expect, it } from 'vitest';
import { codeLanguage, codeToCopy, fragmentTarget, Preview, termsTarget } from './preview';

/** What the core sends for `n` paragraphs: each block, with the line break between blocks. */
const blocks = (n: number, edit: (i: number) => string = (i) => `<p>段落 ${i}</p>`) =>
  Array.from({ length: n }, (_, i) => [edit(i), '\n']).flat().slice(0, -1);

/** The preview's HTML without its chunks, and its blocks' elements. */
const html = (el: HTMLElement) => Array.from(el.children, (chunk) => chunk.innerHTML).join('');
const elements = (el: HTMLElement) => Array.from(el.querySelectorAll(':scope > .preview-chunk > *'));

function shown(initial: string[]): { el: HTMLElement; preview: Preview } {
  const el = document.createElement('div');
  const preview = new Preview(el);
  void preview.show(initial);
  return { el, preview };
}

describe('the preview', () => {
  it('keeps the unchanged blocks and replaces only the one that changed', () => {
    const { el, preview } = shown(blocks(5));
    const before = elements(el);
    const next = blocks(5, (i) => (i === 2 ? '<p>段落 2 と追記</p>' : `<p>段落 ${i}</p>`));
    void preview.show(next);
    expect(html(el)).toBe(next.join(''));
    const after = elements(el);
    expect(after.filter((c, i) => c === before[i]).length).toBe(4);
    expect(after[2]).not.toBe(before[2]);
    expect(after[2]?.textContent).toBe('段落 2 と追記');
  });

  it('handles blocks added or removed at the start, in the middle and at the end', () => {
    const six = blocks(6);
    const cases: [string[], boolean][] = [
      [['<h1 id="hk-new">新しい見出し</h1>', '\n', ...six], true],
      [[...six.slice(0, 6), ...six.slice(8)], true],
      [[...six, '\n', '<ul>\n<li>a</li>\n</ul>'], true],
      [blocks(2), true],
      [[], false],
      [['<p>段落 0</p>', '<p>段落 0</p>', '<p>段落 0</p>'], false],
    ];
    for (const [next, keepsSecond] of cases) {
      const { el, preview } = shown(six);
      const second = elements(el)[1]!;
      void preview.show(next);
      expect(html(el)).toBe(next.join(''));
      expect(el.contains(second)).toBe(keepsSecond);
    }
  });

  it('replaces a block whose attributes changed, and starts from an empty element', () => {
    const { el, preview } = shown(['<h2 id="hk-a">手順</h2>', '\n', '<p>x</p>']);
    void preview.show(['<h2 id="hk-b">手順</h2>', '\n', '<p>x</p>']);
    expect(el.querySelector('h2')?.id).toBe('hk-b');
    const empty = document.createElement('div');
    empty.innerHTML = '<p>前のもの</p>';
    void new Preview(empty).show(['<p>最初の段落</p>']);
    expect(html(empty)).toBe('<p>最初の段落</p>');
  });

  it('marks search terms as it shows the blocks, and drops the marks when rendered again', () => {
    const el = document.createElement('div');
    const preview = new Preview(el);
    let first: HTMLElement | null = null;
    void preview.show(['<p>VPN 接続</p>', 'vpn', '<p>後半の <b>vpn</b></p>'], termsTarget(['vpn'], (mark) => (first = mark)));
    expect(first!.textContent).toBe('VPN');
    expect(el.querySelectorAll('mark.hit').length).toBe(2);
    const second = elements(el)[1];
    void preview.show(['<p>VPN 接続</p>', 'vpn', '<p>後半の <b>vpn</b></p>']);
    expect(el.querySelector('mark')).toBeNull();
    expect(html(el)).toBe('<p>VPN 接続</p>vpn<p>後半の <b>vpn</b></p>');
    expect(elements(el)[1]).not.toBe(second);
  });

  it('reports a match near the end of a long runbook as soon as its part is in, before the rest', async () => {
    const el = document.createElement('div');
    const long = blocks(600, (i) => `<p>${'う'.repeat(100)} ${i === 450 ? 'UPS の電源' : i}</p>`);
    let found: HTMLElement | null = null;
    let inPage = false;
    const done = new Preview(el).show(long, termsTarget(['ups'], (mark) => {
      found = mark;
      inPage = el.contains(mark) && el.dataset.filling === 'true';
    }));
    expect(found).toBeNull();
    await done;
    expect(found!.textContent).toBe('UPS');
    expect(inPage).toBe(true);
    expect(el.querySelectorAll('mark.hit').length).toBe(1);
    // A link's #fragment the same way, without marking anything.
    const other = document.createElement('div');
    let section: HTMLElement | null = null;
    const withIds = blocks(600, (i) => (i === 500 ? '<section><h2 id="hk-手順-500">手順</h2></section>' : `<p>${'え'.repeat(100)}</p>`));
    await new Preview(other).show(withIds, fragmentTarget('hk-手順-500', (el) => (section = el)));
    expect(section!.tagName).toBe('H2');
    expect(other.querySelector('mark')).toBeNull();
  });

  it('parses a block that does not stand alone on its own', () => {
    const { el } = shown(['<p>a', '</p>', '<p>b</p>']);
    expect(el.querySelectorAll('p').length).toBe(2);
    expect(el.textContent).toBe('ab');
  });

  it('inserts a long runbook a part per frame, keeps the window free meanwhile, and resolves when complete', async () => {
    const el = document.createElement('div');
    const long = blocks(600, (i) => `<p>${'あ'.repeat(100)} ${i}</p>`);
    const shownLong = new Preview(el).show(long);
    const first = elements(el).length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(600);
    expect(el.dataset.filling).toBe('true');
    await shownLong;
    expect(elements(el).length).toBe(600);
    expect(html(el)).toBe(long.join(''));
    expect(el.dataset.filling).toBeUndefined();
  });

  it('lets a re-render that arrives while a long runbook fills in take over, and the first call waits for it', async () => {
    const el = document.createElement('div');
    const p = new Preview(el);
    const long = blocks(600, (i) => `<p>${'い'.repeat(100)} ${i}</p>`);
    const first = p.show(long);
    const edited = [long[0]!.replace('<p>', '<p>追記 '), ...long.slice(1, -1), '<p>末尾を書き換え</p>'];
    const second = p.show(edited);
    await first;
    expect(html(el)).toBe(edited.join(''));
    await second;
    expect(html(el)).toBe(edited.join(''));
    expect(el.dataset.filling).toBeUndefined();
  });

  it('keeps long runbooks in chunks of a few hundred nodes, also after a long paste in the middle', async () => {
    const el = document.createElement('div');
    const p = new Preview(el);
    const long = blocks(800);
    await p.show(long);
    const sizes = () => Array.from(el.children, (c) => c.childNodes.length);
    expect(Array.from(el.children).every((c) => c.className === 'preview-chunk')).toBe(true);
    expect(Math.max(...sizes())).toBeLessThanOrEqual(512);
    expect(el.children.length).toBeGreaterThan(2);
    expect(sizes().reduce((a, b) => a + b)).toBe(long.length);
    const pasted = [...long.slice(0, 700), ...blocks(600, (i) => `<p>貼り付け ${i}</p>`), '\n', ...long.slice(700)];
    await p.show(pasted);
    expect(html(el)).toBe(pasted.join(''));
    expect(Math.max(...sizes())).toBeLessThanOrEqual(512);
    await p.show(blocks(3));
    expect(html(el)).toBe(blocks(3).join(''));
    expect(el.children.length).toBe(1);
  });

  it('gives each code block a Copy button that copies the code as it is, without the last newline', async () => {
    const el = document.createElement('div');
    const code = '<pre><code class="language-sh">ping 192.168.10.1\n# &lt;コピー&gt; の前に確認\n</code></pre>';
    await new Preview(el).show(['<p>確認する:</p>', '\n', code, '\n', '<ul>\n<li><pre><code>ipconfig /all\n</code></pre></li>\n</ul>']);
    const buttons = Array.from(el.querySelectorAll('pre > button.copy-code'));
    expect(buttons.map((b) => b.textContent)).toEqual(['コピー', 'コピー']);
    expect(buttons.map((b) => codeToCopy(b))).toEqual(['ping 192.168.10.1\n# <コピー> の前に確認', 'ipconfig /all']);
    expect(codeToCopy(el.querySelector('p')!)).toBeNull();
    // The block marked with its language says which; the one without does not.
    expect(Array.from(el.querySelectorAll('pre'), (p) => p.getAttribute('data-lang'))).toEqual(['sh', null]);
    // A search for the button's word marks the code, never the button.
    const marked = document.createElement('div');
    await new Preview(marked).show([code], termsTarget(['コピー'], () => {}));
    expect(Array.from(marked.querySelectorAll('mark.hit'), (m) => m.parentElement?.localName)).toEqual(['code']);
  });

  it('names the languages runbooks mark their commands with', () => {
    const pre = (cls: string) => Object.assign(document.createElement('pre'), { innerHTML: `<code class="${cls}">x</code>` });
    expect(codeLanguage(pre('language-powershell'))).toBe('PowerShell');
    expect(codeLanguage(pre('language-ps1'))).toBe('PowerShell');
    expect(codeLanguage(pre('language-bash'))).toBe('bash');
    expect(codeLanguage(pre('language-bat'))).toBe('cmd');
    expect(codeLanguage(pre('language-text'))).toBeNull();
    expect(codeLanguage(pre(''))).toBeNull();
  });
});
