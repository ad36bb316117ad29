import { describe, expect, it } from 'vitest';
import type { CheckProblem } from './api';
import { checkItems, problemText, SHOWN_PER_GROUP } from './check';
import { setLanguage } from './i18n';
import { daysSince } from './time';

const p = (path: string, kind: CheckProblem['kind'], extra: Partial<CheckProblem> = {}): CheckProblem => ({ path, kind, line: null, message: `${kind} in ${path}`, ...extra });

describe('vault check', () => {
  it('groups unreadable files, then passwords, then broken links, then overdue reviews oldest first', () => {
    const problems = [
      p('n.md', 'secret', { line: 12, secret: 'password', excerpt: 'パスワード：We**********' }),
      p('b.md', 'overdue', { due: '2026-03-01' }),
      p('z.md', 'broken_link', { line: 9, target: 'gone.md' }),
      p('a.md', 'overdue', { due: '2025-12-31' }),
      p('z.md', 'broken_image', { line: 3, target: '../attachments/x.png' }),
      p('m.md', 'front_matter', { line: 2 }),
      p('c.md', 'broken_anchor', { line: 1, target: 'a.md#nope' }),
    ];
    const items = checkItems({ files: 10, problems });
    const shown = items.map((i) => ('problem' in i ? `${i.problem.path}:${i.problem.line ?? ''}:${i.problem.kind}` : 'group' in i ? `[${i.group} ${i.count}]` : `+${i.more}`));
    expect(shown).toEqual([
      '[broken 1]', 'm.md:2:front_matter',
      '[secrets 1]', 'n.md:12:secret',
      '[links 3]', 'c.md:1:broken_anchor', 'z.md:3:broken_image', 'z.md:9:broken_link',
      '[overdue 2]', 'a.md::overdue', 'b.md::overdue',
    ]);
    expect(checkItems({ files: 10, problems: [] })).toEqual([]);
  });

  it('shows the first problems of a large group and says how many more there are', () => {
    const many = Array.from({ length: SHOWN_PER_GROUP + 25 }, (_, i) => p(`m/${String(i).padStart(4, '0')}.md`, 'broken_link', { line: 1, target: 'x.md' }));
    const items = checkItems({ files: 300, problems: [...many, p('a.md', 'overdue', { due: '2026-01-01' })] });
    expect(items[0]).toEqual({ group: 'links', count: SHOWN_PER_GROUP + 25 });
    expect(items.slice(1, SHOWN_PER_GROUP + 1).every((i) => 'problem' in i)).toBe(true);
    expect(items[SHOWN_PER_GROUP + 1]).toEqual({ more: 25 });
    expect(items.slice(SHOWN_PER_GROUP + 2)).toEqual([{ group: 'overdue', count: 1 }, { problem: expect.objectContaining({ path: 'a.md' }) }]);
  });

  it('counts the days since a review was due in local dates', () => {
    expect(daysSince('2026-12-01', new Date(2026, 11, 7, 23, 59))).toBe(6);
    expect(daysSince('2025-12-07', new Date(2026, 11, 7, 0, 1))).toBe(365);
    expect(daysSince('2026-03-29', new Date(2026, 2, 30, 12))).toBe(1);
    expect(daysSince('not a date', new Date())).toBe(0);
  });

  it('says what is wrong in the UI language, with the link as written', () => {
    const now = new Date(2026, 11, 7);
    setLanguage('ja');
    expect(problemText(p('a.md', 'overdue', { due: '2026-12-01' }), now)).toBe('見直し期限 2026-12-01（6 日超過）');
    expect(problemText(p('a.md', 'broken_link', { target: 'servers/old.md' }), now)).toBe('リンク先がありません: servers/old.md');
    expect(problemText(p('a.md', 'secret', { secret: 'private_key', excerpt: '-----BEGIN OPENSSH PRIVATE KEY-----' }), now)).toBe('秘密鍵: -----BEGIN OPENSSH PRIVATE KEY-----');
    setLanguage('en');
    expect(problemText(p('a.md', 'broken_image', { target: 'x.png' }), now)).toBe('Image missing: x.png');
    expect(problemText(p('a.md', 'front_matter', { message: 'bad YAML at line 2' }), now)).toBe('Front matter cannot be read: bad YAML at line 2');
    expect(problemText(p('a.md', 'secret', { secret: 'password', excerpt: 'PASSWORD=s3********' }), now)).toBe('Password: PASSWORD=s3********');
    setLanguage('ja');
  });
});
