// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { headingElement, headingsOf } from './outline';

describe('outline', () => {
  it('lists ATX and setext headings with their lines, skipping front matter and code', () => {
    const text = [
      '---', 'title: "# not a heading"', '---', // 1-3
      '# 紙詰まり対応', '', // 4-5
      '## 手順 **まず** `電源` を [確認](a.md) ##', // 6
      '```sh', '# コメント', '```', // 7-9
      '~~~', '## still code', '~~~~', // 10-12
      'サーバー一覧', '======', // 13-14
      '- リスト', '---', // 15-16
      '', '---', // 17-18 (a rule, not a heading)
      '####### seven', '#hashtag', '### 連絡先 \\#1', '#', // 19-22
    ].join('\n');
    expect(headingsOf(text)).toEqual([
      { level: 1, text: '紙詰まり対応', line: 4 },
      { level: 2, text: '手順 まず 電源 を 確認', line: 6 },
      { level: 1, text: 'サーバー一覧', line: 13 },
      { level: 3, text: '連絡先 #1', line: 21 },
    ]);
  });

  it('has no headings in text without any, or in an unclosed fence', () => {
    expect(headingsOf('本文だけ\n\n続き')).toEqual([]);
    expect(headingsOf('```\n# in code\n')).toEqual([]);
  });

  it('finds the preview heading by place, else by text', () => {
    const preview = document.createElement('div');
    preview.innerHTML = '<h1>A</h1><p>x</p><h2>B</h2><h2>C</h2>';
    const hs = headingsOf('# A\n## B\n## C\n');
    expect(headingElement(preview, hs, 2)?.textContent).toBe('C');
    // The preview lacks one heading (e.g. one inside raw HTML): found by its text.
    const shifted = headingsOf('# A\n## X\n## B\n## C\n');
    expect(headingElement(preview, shifted, 2)?.textContent).toBe('B');
    expect(headingElement(preview, shifted, 1)).toBeNull();
  });
});
