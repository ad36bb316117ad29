import { describe, expect, it } from 'vitest';
import { increasing, interpolate } from './scrollSync';
import { headingAnchors, headingsOf } from './outline';

describe('scrolling the split view together', () => {
  it('puts a place between two headings at the same share of the way on the other side', () => {
    const xs = [0, 100, 400, 1000];
    const ys = [0, 300, 600, 2000];
    expect(interpolate(0, xs, ys)).toBe(0);
    expect(interpolate(100, xs, ys)).toBe(300);
    expect(interpolate(250, xs, ys)).toBe(450);
    expect(interpolate(700, xs, ys)).toBe(1300);
    expect(interpolate(5000, xs, ys)).toBe(2000); // past the end: the end
    expect(interpolate(-5, xs, ys)).toBe(0);
    expect(interpolate(10, [], [])).toBe(0);
  });

  it('drops pairs that would turn back, so that both sides only go down together', () => {
    expect(increasing([0, 100, 90, 300, 400], [0, 50, 60, 40, 500])).toEqual([[0, 100, 400], [0, 50, 500]]);
  });

  it('pairs the text’s headings with the preview’s, passing over those only one side has', () => {
    const text = '---\ntitle: x\n---\n# 停電時の対応\n\n## 突然の`停電`\n\n> ## 引用の中\n\n```\n# コードの中\n```\n\n## 計画停電\n\n## 復電後の確認\n';
    const els = ['停電時の対応', '突然の停電', '引用の中', '計画停電', '復電後の確認'].map((s) => {
      const el = document.createElement('h2');
      el.textContent = s;
      return el;
    });
    const pairs = headingAnchors(headingsOf(text), els);
    expect(pairs.map(([hd, el]) => [hd.line, el.textContent])).toEqual([[4, '停電時の対応'], [6, '突然の停電'], [14, '計画停電'], [16, '復電後の確認']]);
  });
});
