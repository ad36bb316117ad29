import { describe, expect, it } from 'vitest';
import { classifyLink } from './links';

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
