import { describe, expect, it } from 'vitest';
import { findBlock, readFields, setField, yamlList, yamlScalar } from './frontmatter';

const TEXT = '---\ntitle: VPN\nvendor: ミナト通信  # keep\ntags:\n  - vpn\n  - リモート\nreviewed: 2026-01-10\n---\n# VPN\n本文\n';

describe('front matter', () => {
  it('reads simple fields, block and flow lists', () => {
    expect(readFields(TEXT)).toEqual({ title: 'VPN', vendor: 'ミナト通信', tags: ['vpn', 'リモート'], reviewed: '2026-01-10' });
    expect(readFields('---\ntags: [a, "b c"]\n---\n')).toEqual({ tags: ['a', 'b c'] });
    expect(readFields('no front matter')).toBeNull();
  });

  it('changes one key and keeps every other byte', () => {
    expect(setField(TEXT, 'reviewed', '2026-11-25')).toBe(TEXT.replace('2026-01-10', '2026-11-25'));
    expect(setField(TEXT, 'tags', yamlList(['vpn']))).toBe(TEXT.replace('tags:\n  - vpn\n  - リモート\n', 'tags: [vpn]\n'));
    expect(setField(TEXT, 'owner', yamlScalar('佐藤 健一'))).toBe(TEXT.replace('reviewed: 2026-01-10\n', 'reviewed: 2026-01-10\nowner: 佐藤 健一\n'));
  });

  it('adds front matter to plain text and keeps CRLF files CRLF', () => {
    expect(setField('本文\n', 'title', 'T')).toBe('---\ntitle: T\n---\n本文\n');
    const crlf = '---\r\ntitle: a\r\n---\r\nbody';
    expect(setField(crlf, 'title', 'b')).toBe('---\r\ntitle: b\r\n---\r\nbody');
  });

  it('leaves unterminated front matter alone (no block found)', () => {
    expect(findBlock('---\ntitle: x\n本文')).toBeNull();
  });

  it('quotes values YAML would misread', () => {
    expect(yamlScalar('複合機')).toBe('複合機');
    expect(yamlScalar('yes')).toBe('"yes"');
    expect(yamlScalar('a: b')).toBe('"a: b"');
    expect(yamlScalar('#x')).toBe('"#x"');
    expect(yamlScalar('')).toBe('""');
  });
});
