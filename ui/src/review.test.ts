import { describe, expect, it } from 'vitest';
import { setLanguage } from './i18n';
import { changedLine, reviewLine, reviewNotice } from './review';

describe('review line under the title', () => {
  it('says who keeps the runbook current, when it was checked and when it is due next', () => {
    setLanguage('ja');
    expect(reviewLine({ overdue: false, reviewDue: '2027-01-31', reviewed: '2026-11-02', owner: '佐藤 健一' })).toBe('担当 佐藤 健一 · 最終レビュー 2026-11-02 · 次回 2027-01-31');
    // Overdue: the notice beside the title gives the due date.
    expect(reviewLine({ overdue: true, reviewDue: '2026-07-20', reviewed: '2026-01-20', owner: null })).toBe('最終レビュー 2026-01-20');
    setLanguage('en');
    expect(reviewLine({ overdue: false, reviewDue: null, reviewed: null, owner: 'IT' })).toBe('Owner: IT · Never reviewed');
    expect(reviewLine(undefined)).toBe('');
    setLanguage('ja');
  });
});

describe('review notice', () => {
  const now = new Date(2026, 11, 7, 9, 30);

  it('says how long ago the review was due, with the last review and the owner to ask', () => {
    setLanguage('ja');
    expect(reviewNotice({ overdue: true, reviewDue: '2026-07-20', reviewed: '2026-01-20', owner: '佐藤 健一' }, now)).toEqual({
      text: '要レビュー · 期限 2026-07-20（140 日超過）',
      detail: '見直し期限を過ぎています。内容が古い可能性があるので、作業前に実機と突き合わせてください。\n最終レビュー 2026-01-20\n担当 佐藤 健一',
    });
    setLanguage('en');
    expect(reviewNotice({ overdue: true, reviewDue: '2026-12-06', reviewed: null, owner: null }, now)).toEqual({
      text: 'Review due · 2026-12-06 (1 day ago)',
      detail: 'This runbook is past its review date and may be out of date: check it against the real system before you act.',
    });
    setLanguage('ja');
  });

  it('says nothing for a runbook within its review period, without one, or not listed', () => {
    expect(reviewNotice({ overdue: false, reviewDue: '2027-01-01', reviewed: '2026-07-01', owner: 'x' }, now)).toBeNull();
    expect(reviewNotice({ overdue: false, reviewDue: null, reviewed: null, owner: null }, now)).toBeNull();
    expect(reviewNotice(undefined, now)).toBeNull();
  });

  it('says who changed the runbook last and when, with the commit on hover', () => {
    setLanguage('ja');
    const last = { time: new Date(2026, 11, 1, 9, 30).getTime() / 1000, author: '佐藤 健一', shortId: 'a1b2c3d4', message: 'Update servers/ups.md' };
    expect(changedLine(last)).toEqual({ text: '最終更新 2026-12-01 佐藤 健一', title: 'コミット a1b2c3d4: Update servers/ups.md' });
    expect(changedLine(null)).toEqual({ text: '', title: '' });
    setLanguage('en');
    expect(changedLine(last).text).toBe('last changed 2026-12-01 by 佐藤 健一');
    setLanguage('ja');
  });
});
