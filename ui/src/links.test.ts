import { describe, expect, it } from 'vitest';
import { classifyLink, matchTargets, relativeLink } from './links';

describe('link classification', () => {
  it.each([
    'javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>', 'vbscript:x', 'file:///etc/passwd',
    'mailto:it@example.invalid', 'ftp://example.com', '//evil.example/x', 'relative/path.md', '', 'https://exa mple.com',
  ])('blocks %j', (href) => {
    expect(classifyLink(href, null, null).kind).toBe('blocked');
  });

  it('opens http and https outside', () => {
    expect(classifyLink('https://example.com/a?b=1', null, null)).toEqual({ kind: 'external', url: 'https://example.com/a?b=1' });
    expect(classifyLink('HTTP://example.com', null, null).kind).toBe('external');
  });

  it('opens internal links in the app', () => {
    expect(classifyLink('../a.md#x', 'net/a.md', 'hk-x')).toEqual({ kind: 'internal', path: 'net/a.md', fragment: 'hk-x' });
    expect(classifyLink('#手順', null, 'hk-手順')).toEqual({ kind: 'internal', path: null, fragment: 'hk-手順' });
  });
});

describe('links typed in the editor', () => {
  it('points from the runbook being edited, escaping what would break a link', () => {
    expect(relativeLink('printers/mfp-paper-jam.md', 'printers/cannot-print.md')).toBe('cannot-print.md');
    expect(relativeLink('start-here.md', 'printers/cannot-print.md')).toBe('printers/cannot-print.md');
    expect(relativeLink('a/b/c.md', 'a/d.md')).toBe('../d.md');
    expect(relativeLink('a/b/c.md', 'x/y.md')).toBe('../../x/y.md');
    expect(relativeLink('a/c.md', 'a/手順 (旧).md')).toBe('手順%20%28旧%29.md');
    expect(relativeLink('a/a.md', 'a.md')).toBe('../a.md');
  });

  it('offers runbooks by title or path, titles that start with what was typed first', () => {
    const targets = [
      { path: 'printers/cannot-print.md', title: '印刷できない時（プリンタ・複合機）' },
      { path: 'printers/mfp-paper-jam.md', title: '複合機（プリンター）の紙詰まり対応' },
      { path: 'network/vpn-setup.md', title: 'VPN の設定' },
    ];
    expect(matchTargets(targets, '複合機', null).map((t) => t.path)).toEqual(['printers/mfp-paper-jam.md', 'printers/cannot-print.md']);
    expect(matchTargets(targets, 'ｖｐｎ', null).map((t) => t.path)).toEqual(['network/vpn-setup.md']);
    expect(matchTargets(targets, 'printers/c', null).map((t) => t.path)).toEqual(['printers/cannot-print.md']);
    expect(matchTargets(targets, '', 'network/vpn-setup.md')).toHaveLength(2);
    expect(matchTargets(targets, '存在しない', null)).toEqual([]);
    expect(matchTargets(targets, '', null, 1)).toHaveLength(1);
  });
});
