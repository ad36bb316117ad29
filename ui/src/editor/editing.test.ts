import { describe, expect, it } from 'vitest';
import { Editor } from './setup';
import { quietHooks as hooks } from './testHooks';
import { bodyStart } from '../frontmatter';

const TEXT = [
  '---',
  'title: 最初の 1 週間',
  'notes: |',
  '  - [ ] front matter is not a task',
  '---',
  '# 最初の 1 週間',
  '',
  '- [ ] 鍵を受け取る',
  '- [x] MSP に連絡する',
  '',
  '```',
  '- [ ] code is not a task',
  '```',
  '',
  '1. [ ] VPN の証明書を確認',
  '',
].join('\n');

describe('task boxes ticked from the preview', () => {
  it('finds the n-th box of the body, as the preview numbers them, and toggles it', () => {
    const editor = new Editor(document.body.appendChild(document.createElement('div')), hooks);
    editor.load(TEXT);
    const from = bodyStart(TEXT);
    expect(TEXT.slice(from)).toMatch(/^# 最初の/);
    expect(editor.toggleTask(0, 3, from)).toBe(true);
    expect(editor.text()).toContain('- [x] 鍵を受け取る');
    expect(editor.toggleTask(1, 3, from)).toBe(true);
    expect(editor.text()).toContain('- [ ] MSP に連絡する');
    expect(editor.toggleTask(2, 3, from)).toBe(true);
    expect(editor.text()).toContain('1. [x] VPN の証明書を確認');
    // Nothing else changed: not the front matter, not the code block.
    expect(editor.text().replace(/\[x\] 鍵/, '[ ] 鍵').replace('[ ] MSP', '[x] MSP').replace('[x] VPN', '[ ] VPN')).toBe(TEXT);
  });

  it('changes nothing when the preview shows another number of boxes', () => {
    const editor = new Editor(document.body.appendChild(document.createElement('div')), hooks);
    editor.load(TEXT);
    expect(editor.toggleTask(0, 2, bodyStart(TEXT))).toBe(false);
    expect(editor.toggleTask(5, 3, bodyStart(TEXT))).toBe(false);
    expect(editor.text()).toBe(TEXT);
    expect(bodyStart('# no front matter\n')).toBe(0);
  });
});

describe('a web address pasted over selected text', () => {
  it('makes the text a link; anything else pastes as it is', async () => {
    const { linkOver } = await import('./setup');
    expect(linkOver('メーカーのサポート', 'https://example.com/support\n')).toBe('[メーカーのサポート](https://example.com/support)');
    expect(linkOver('手順 [旧]', 'http://x.test/a_(b)')).toBe('[手順 \\[旧\\]](http://x.test/a_%28b%29)');
    expect(linkOver('', 'https://example.com')).toBeNull();
    expect(linkOver('二行\nの選択', 'https://example.com')).toBeNull();
    expect(linkOver('https://old.example.com', 'https://example.com')).toBeNull();
    expect(linkOver('テキスト', 'ただの文字 https://example.com')).toBeNull();
    expect(linkOver('テキスト', 'javascript:alert(1)')).toBeNull();
  });
});
