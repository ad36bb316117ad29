import { describe, expect, it } from 'vitest';
import { Preview } from './preview';

function preview(html: string): HTMLElement {
  const el = document.createElement('div');
  el.innerHTML = html;
  return el;
}

const blocks = (n: number, edit: (i: number) => string = (i) => `<p>段落 ${i}</p>`) =>
  Array.from({ length: n }, (_, i) => edit(i)).join('\n');

describe('the preview', () => {
  it('keeps the unchanged blocks and replaces only the one that changed', () => {
    const el = preview(blocks(5));
    const before = Array.from(el.children);
    const next = blocks(5, (i) => (i === 2 ? '<p>段落 2 と追記</p>' : `<p>段落 ${i}</p>`));
    void new Preview(el).show(next);
    expect(el.innerHTML).toBe(next);
    const after = Array.from(el.children);
    expect(after.filter((c, i) => c === before[i]).length).toBe(4);
    expect(after[2]).not.toBe(before[2]);
    expect(after[2]?.textContent).toBe('段落 2 と追記');
  });

  it('handles blocks added or removed at the start, in the middle and at the end', () => {
    const cases: [string, boolean][] = [
      [blocks(6).replace('<p>段落 0</p>', '<h1 id="hk-new">新しい見出し</h1>\n<p>段落 0</p>'), true],
      [blocks(6).replace('<p>段落 3</p>\n', ''), true],
      [`${blocks(6)}\n<ul>\n<li>a</li>\n</ul>`, true],
      [blocks(2), true],
      ['', false],
      ['<p>段落 0</p><p>段落 0</p><p>段落 0</p>', false],
    ];
    for (const [next, keepsSecond] of cases) {
      const el = preview(blocks(6));
      const second = el.children[1]!;
      void new Preview(el).show(next);
      expect(el.innerHTML).toBe(next);
      expect(el.contains(second)).toBe(keepsSecond);
    }
  });

  it('replaces a block whose attributes changed, and starts from an empty element', () => {
    const el = preview('<h2 id="hk-a">手順</h2>\n<p>x</p>');
    void new Preview(el).show('<h2 id="hk-b">手順</h2>\n<p>x</p>');
    expect(el.querySelector('h2')?.id).toBe('hk-b');
    const empty = preview('');
    void new Preview(empty).show('<p>最初の段落</p>');
    expect(empty.innerHTML).toBe('<p>最初の段落</p>');
  });

  it('drops search highlights left in a block when that block is rendered again', () => {
    const el = preview('<p>VPN 接続</p>\n<p>後半</p>');
    const p = el.querySelector('p')!;
    p.innerHTML = '<mark class="hk-hit">VPN</mark> 接続';
    void new Preview(el).show('<p>VPN 接続</p>\n<p>後半</p>');
    expect(el.querySelector('mark')).toBeNull();
    expect(el.innerHTML).toBe('<p>VPN 接続</p>\n<p>後半</p>');
  });

  it('inserts a long runbook a part per frame, keeps the window free meanwhile, and resolves when complete', async () => {
    const el = preview('');
    const long = blocks(600, (i) => `<p>${'あ'.repeat(100)} ${i}</p>`);
    const shown = new Preview(el).show(long);
    const first = el.children.length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(600);
    expect(el.dataset.filling).toBe('true');
    await shown;
    expect(el.children.length).toBe(600);
    expect(el.innerHTML).toBe(long);
    expect(el.dataset.filling).toBeUndefined();
  });

  it('lets a re-render that arrives while a long runbook fills in take over, and the first call waits for it', async () => {
    const el = preview('');
    const p = new Preview(el);
    const long = blocks(600, (i) => `<p>${'い'.repeat(100)} ${i}</p>`);
    const first = p.show(long);
    const edited = long.replace('<p>', '<p>追記 ');
    const second = p.show(edited);
    await first;
    expect(el.innerHTML).toBe(edited);
    await second;
    expect(el.innerHTML).toBe(edited);
    expect(el.dataset.filling).toBeUndefined();
  });
});
