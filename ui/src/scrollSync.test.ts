import { describe, expect, it } from 'vitest';
import { interpolate, lastAtOrBefore } from './scrollSync';
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

  it('finds the heading at or above a place, measuring only a few', () => {
    const tops = Array.from({ length: 9000 }, (_, i) => i * 40);
    const read: number[] = [];
    const at = (i: number) => {
      read.push(i);
      return tops[i]!;
    };
    expect(lastAtOrBefore(tops.length, at, 40 * 5000 + 10)).toBe(5000);
    expect(read.length).toBeLessThan(20);
    expect(lastAtOrBefore(tops.length, at, -1)).toBe(-1);
    expect(lastAtOrBefore(tops.length, at, 1e9)).toBe(8999);
    expect(lastAtOrBefore(0, at, 5)).toBe(-1);
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
