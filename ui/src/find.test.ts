import { describe, expect, it } from 'vitest';
import { countText, FindBar, findRanges, MAX_MATCHES } from './find';
import { setLanguage } from './i18n';

// jsdom lays nothing out.
Range.prototype.getBoundingClientRect ??= () => new DOMRect();

function page(html: string): HTMLElement {
  const el = document.createElement('article');
  el.innerHTML = html;
  document.body.replaceChildren(el);
  return el;
}

const found = (root: Element, q: string) => findRanges(root, q).map((r) => r.toString());

/** A find bar opened over a page of `html`, with a way to type in it and to read its count. */
function openBar(html: string) {
  const root = page(html);
  const bar = new FindBar(root);
  document.body.append(bar.el);
  bar.open();
  const input = bar.el.querySelector<HTMLInputElement>('#find-input')!;
  const type = async (text: string) => {
    input.value = text;
    input.dispatchEvent(new Event('input'));
    await new Promise((r) => setTimeout(r, 10));
  };
  return { root, bar, input, type, count: () => bar.el.querySelector('#find-count')!.textContent };
}

describe('find in the preview', () => {
  it('ignores case and width, both ways, and marks the original characters', () => {
    const root = page('<p>ＶＰＮ に繋がらない。vpn client の再起動。</p><p>ｻｰﾊﾞｰ を再起動、サーバー も確認</p>');
    expect(found(root, 'vpn')).toEqual(['ＶＰＮ', 'vpn']);
    expect(found(root, 'ＶＰＮ')).toEqual(['ＶＰＮ', 'vpn']);
    // The half-width voiced mark goes with its kana: the whole ｻｰﾊﾞｰ is marked.
    expect(found(root, 'サーバー')).toEqual(['ｻｰﾊﾞｰ', 'サーバー']);
    expect(found(root, 'ﾊﾞ')).toEqual(['ﾊﾞ', 'バ']);
    expect(found(root, '  再起動 ')).toEqual(['再起動', '再起動']);
    // A text changed in place is folded again, not read from what was kept.
    (root.querySelector('p')!.firstChild as Text).data = 'ｖｐｎ だけ';
    expect(found(root, 'VPN')).toEqual(['ｖｐｎ']);
  });

  it('finds across inline elements but never joins two blocks or reads the UI’s buttons', () => {
    const root = page('<p><strong>VPN</strong> 接続<a href="#x">手順</a></p><p>サー</p><p>バー</p><pre><code>ls -l</code><button>コピー</button></pre>');
    expect(found(root, 'vpn 接続手順')).toEqual(['VPN 接続手順']);
    expect(found(root, 'サーバー')).toEqual([]);
    expect(found(root, 'コピー')).toEqual([]);
    expect(found(root, 'ls -l')).toEqual(['ls -l']);
    expect(found(root, '')).toEqual([]);
    expect(found(root, '   ')).toEqual([]);
  });

  it('stops at the most it paints and says so', () => {
    const root = page(`<p>${'鍵 '.repeat(MAX_MATCHES + 50)}</p>`);
    expect(findRanges(root, '鍵')).toHaveLength(MAX_MATCHES);
    setLanguage('ja');
    expect(countText(0, 3)).toBe('1 / 3');
    expect(countText(4, MAX_MATCHES)).toBe('5 / 1,000+');
    expect(countText(0, 0)).toBe('見つかりません');
    setLanguage('en');
    expect(countText(0, 0)).toBe('No matches');
    setLanguage('ja');
  });

  it('steps through the matches with Enter and Shift+Enter, and closes with Escape', async () => {
    const { bar, input, type, count } = openBar('<h2>鍵の管理</h2><p>サーバールームの鍵</p><p>ラックの鍵</p>');
    expect(document.activeElement).toBe(input);
    await type('鍵');
    expect(count()).toBe('1 / 3');
    const key = (k: string, shiftKey = false) => input.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey, cancelable: true, bubbles: true }));
    key('Enter');
    expect(count()).toBe('2 / 3');
    key('Enter');
    key('Enter');
    expect(count()).toBe('1 / 3');
    key('Enter', true);
    expect(count()).toBe('3 / 3');
    // Another word starts again from its first match.
    await type('の');
    expect(count()).toBe('1 / 3');
    await type('錠');
    expect(count()).toBe('見つかりません');
    key('Escape');
    expect(bar.isOpen).toBe(false);
  });

  it('finds again when the preview changes under it', async () => {
    const { root, bar, type, count } = openBar('<p>鍵の貸出簿</p>');
    await type('鍵');
    expect(count()).toBe('1 / 1');
    root.append(Object.assign(document.createElement('p'), { textContent: 'ラックの鍵' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(count()).toBe('1 / 2');
    bar.close();
  });

  it('opens with the text selected in the preview', () => {
    const root = page('<p>プリンターの紙詰まり</p>');
    const bar = new FindBar(root);
    document.body.append(bar.el);
    const text = root.querySelector('p')!.firstChild!;
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    const r = document.createRange();
    r.setStart(text, 6);
    r.setEnd(text, 10);
    sel.addRange(r);
    bar.open();
    expect(bar.el.querySelector<HTMLInputElement>('#find-input')!.value).toBe('紙詰まり');
    expect(bar.el.querySelector('#find-count')!.textContent).toBe('1 / 1');
  });
});
