import { describe, expect, it, vi } from 'vitest';
import { conflictCopyOf, conflictCopyPath } from './conflictName';
import { changedWords, parseDiff, sideBySide } from './diffview';
import { extractFilters, metaLine, Sequencer } from './search/query';
import { isoDate, relativeTime } from './time';
import { markTerms, termsFromSnippet } from './highlight';

describe('search query helpers', () => {
  it('pulls filters out of the query', () => {
    expect(extractFilters('VPN 繋がらない system:FortiGate tag:vpn')).toEqual({ text: 'VPN 繋がらない', filters: { system: 'FortiGate', tag: 'vpn' } });
    expect(extractFilters('担当：佐藤　鍵')).toEqual({ text: '鍵', filters: { owner: '佐藤' } });
    expect(extractFilters('a:b')).toEqual({ text: 'a:b', filters: {} });
  });

  it('shows a result\'s system, kind and tags once each', () => {
    expect(metaLine(['セキュリティ', 'ルール', 'セキュリティ', 'パスワード', 'ルール'])).toBe('セキュリティ · ルール · パスワード');
    expect(metaLine(['ＶＰＮ', null, 'vpn', ' FortiGate ', '', undefined])).toBe('ＶＰＮ · FortiGate');
    expect(metaLine([null, undefined])).toBe('');
  });

  it('keeps only the latest response', () => {
    const s = new Sequencer();
    const a = s.next();
    const b = s.next();
    expect(s.isLatest(a)).toBe(false);
    expect(s.isLatest(b)).toBe(true);
  });
});

describe('diff rows', () => {
  // As the core's History::unified_diff writes it (git2's patch of one file).
  const diff = [
    'diff --git a/printers/mfp.md (1727a2e) b/printers/mfp.md (working)',
    'index 8a01fb6..02bb050 100644',
    '--- a/printers/mfp.md (1727a2e)',
    '+++ b/printers/mfp.md (working)',
    '@@ -3,4 +3,4 @@ title: 複合機',
    ' ## 発注',
    '-- トナーの注文：トナー残量が少なくなると複合機がハマ事務機に自動で発注する',
    '-----',
    '+- トナーの注文：トナー残量が 10% を切ると複合機が山田事務機に自動で発注する',
    '+保守契約は 2027 年 3 月まで',
    ' 以上',
    '@@ -20 +20 @@',
    '-旧',
    '+新しい行',
    '\\ No newline at end of file',
    '',
  ].join('\n');

  it('drops Git\'s header lines and numbers each line in both versions', () => {
    const rows = parseDiff(diff);
    expect(rows.map((r) => [r.kind, r.oldNo, r.newNo])).toEqual([
      ['hunk', 3, 3],
      ['context', 3, 3],
      ['del', 4, undefined],
      ['del', 5, undefined],
      ['add', undefined, 4],
      ['add', undefined, 5],
      ['context', 6, 6],
      ['hunk', 20, 20],
      ['del', 20, undefined],
      ['add', undefined, 20],
    ]);
    // A removed line that starts with dashes (a front matter fence, a rule) is a line, not a
    // header.
    expect(rows[3]!.text).toBe('----');
    expect(parseDiff('')).toEqual([]);
  });

  it('marks the words that changed in an edited line', () => {
    const rows = parseDiff(diff);
    const changed = (i: number) => rows[i]!.parts!.filter((p) => p.changed).map((p) => p.text);
    expect(changed(2)).toEqual(['少なくなる', 'ハマ']);
    expect(changed(4)).toEqual([' 10% を切る', '山田']);
    // Every part together is the line itself.
    expect(rows[4]!.parts!.map((p) => p.text).join('')).toBe(rows[4]!.text);
    // "----" and the contract line share nothing: replaced, not edited, so no words marked.
    expect(rows[3]!.parts).toBeUndefined();
    expect(rows[5]!.parts).toBeUndefined();
    expect(rows[8]!.parts).toBeUndefined();
  });

  it('marks English words too, and leaves very long lines whole', () => {
    const [old, now] = changedWords('Restart the NAS after the update.', 'Restart the NAS before the update, then check.')!;
    expect(old.filter((p) => p.changed).map((p) => p.text)).toEqual(['after']);
    expect(now.filter((p) => p.changed).map((p) => p.text)).toEqual(['before', ', then check']);
    expect(changedWords('あ'.repeat(4000), 'あ'.repeat(3999) + 'い')).toBeNull();
    // Text added to the end of a line is marked however long it is; two different sentences
    // sharing a particle or two are not.
    const [, added] = changedWords('E2E で追記した行', 'E2E で追記した行、まだ保存していない追記')!;
    expect(added.filter((p) => p.changed).map((p) => p.text)).toEqual(['、まだ保存していない追記']);
    expect(changedWords('自分の未保存の変更', '別の人の変更')).toBeNull();
  });
});

describe('two versions side by side (the conflict dialog)', () => {
  it('marks the lines only one version has, and the words changed in an edited line', () => {
    const mine = '# Wi-Fi\nAP は 3 台\nゲストの SSID は MINATO-GUEST\n自分の追記\n';
    const theirs = '# Wi-Fi\nAP は 4 台\nゲストの SSID は MINATO-GUEST\n';
    const [l, r] = sideBySide(mine, theirs);
    expect(l.map((x) => [x.text, x.changed])).toEqual([['# Wi-Fi', false], ['AP は 3 台', true], ['ゲストの SSID は MINATO-GUEST', false], ['自分の追記', true]]);
    expect(r.map((x) => [x.text, x.changed])).toEqual([['# Wi-Fi', false], ['AP は 4 台', true], ['ゲストの SSID は MINATO-GUEST', false]]);
    expect(l[1]!.parts!.filter((p) => p.changed).map((p) => p.text)).toEqual(['3']);
    expect(r[1]!.parts!.filter((p) => p.changed).map((p) => p.text)).toEqual(['4']);
    expect(l[3]!.parts).toBeUndefined();
  });

  it('falls back to comparing sets of lines when the versions are unrelated and long', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `行 A${i}`).join('\n');
    const b = Array.from({ length: 3000 }, (_, i) => `行 B${i}`).join('\n') + '\n行 A5';
    const [l, r] = sideBySide(a, b);
    expect(l).toHaveLength(3000);
    expect(l.filter((x) => !x.changed).map((x) => x.text)).toEqual(['行 A5']);
    expect(r.filter((x) => !x.changed).map((x) => x.text)).toEqual(['行 A5']);
  });
});

describe('dates and names', () => {
  it('formats relative dates in both languages', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    expect(relativeTime(now / 1000 - 3 * 86400, now, 'ja')).toBe('3 日前');
    expect(relativeTime(now / 1000 - 3 * 86400, now, 'en')).toBe('3 days ago');
    expect(relativeTime(now / 1000 - 30, now, 'en')).toBe('30 seconds ago');
  });

  it('writes local dates as YYYY-MM-DD, just before and after midnight', () => {
    expect(isoDate(new Date(2026, 0, 5, 0, 1))).toBe('2026-01-05');
    expect(isoDate(new Date(2026, 11, 31, 23, 59))).toBe('2026-12-31');
  });

  it('names the conflict copy next to the original', () => {
    expect(conflictCopyPath('net/vpn.md', new Date(2026, 10, 25, 9, 5, 7))).toBe('net/vpn.conflict-20261125-090507.md');
  });

  it('knows a kept copy by its name', () => {
    expect(conflictCopyOf(conflictCopyPath('net/vpn.md', new Date(2026, 10, 25, 9, 5, 7)))).toBe('net/vpn.md');
    expect(conflictCopyOf('net/vpn.md')).toBeNull();
    expect(conflictCopyOf('net/vpn.conflict-notes.md')).toBeNull();
  });
});

describe('preview highlighting', () => {
  it('takes terms from the snippet marks and wraps them in text nodes only', () => {
    expect(termsFromSnippet('a <mark>ﾊﾟｽﾜｰﾄﾞ</mark> b <mark>&lt;x&gt;</mark>')).toEqual(['ﾊﾟｽﾜｰﾄﾞ', '<x>']);
    const root = document.createElement('div');
    root.innerHTML = '<p>VPN に<b>繋がらない</b>時は vpn を確認</p>';
    const first = markTerms(root, ['vpn', '繋がらない']);
    expect(first?.textContent).toBe('VPN');
    expect(root.querySelectorAll('mark.hit').length).toBe(3);
    expect(root.querySelector('b mark')?.textContent).toBe('繋がらない');
  });
});

describe('messages', () => {
  it('runs a message\'s action once, then the message goes', async () => {
    const { toast } = await import('./toast');
    document.body.innerHTML = '<div id="toast"></div>';
    let runs = 0;
    toast('削除しました', 'info', undefined, { label: '元に戻す', run: () => runs++ });
    const button = document.querySelector<HTMLButtonElement>('#toast .toast-action');
    expect(button?.textContent).toBe('元に戻す');
    button?.click();
    expect(runs).toBe(1);
    expect(document.querySelector('#toast .toast')).toBeNull();
    toast('保存しました');
    expect(document.querySelector('#toast .toast-action')).toBeNull();
  });

  it('keeps a progress message up, past the time a passing one has, until the work is done', async () => {
    vi.useFakeTimers();
    try {
      const { progressToast, toast } = await import('./toast');
      document.body.innerHTML = '<div id="toast"></div>';
      const done = progressToast('書き出しています…');
      toast('保存しました');
      vi.advanceTimersByTime(60_000);
      expect([...document.querySelectorAll('#toast .toast')].map((e) => e.textContent)).toEqual(['書き出しています…']);
      done();
      expect(document.querySelector('#toast .toast')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('list dialogs', () => {
  it('shows what loads, or says there is nothing, or closes and reports the error', async () => {
    const { listDialog } = await import('./modal');
    const { h } = await import('./dom');
    document.body.innerHTML = '<div id="modals"></div>';
    let release: (v: string[]) => void = () => {};
    const shown = listDialog({ id: 'demo', title: 'T', empty: 'なし', load: () => new Promise<string[]>((r) => { release = r; }), row: (s, close) => h('button', { onclick: close }, s), error: () => {} });
    expect(document.querySelector('#demo-list')?.textContent).toBe('読み込み中…');
    release(['a', 'b']);
    await shown;
    expect([...document.querySelectorAll('#demo-list button')].map((b) => b.textContent)).toEqual(['a', 'b']);
    expect(document.activeElement?.textContent).toBe('a');
    document.querySelector<HTMLButtonElement>('#demo-list button')?.click();
    expect(document.querySelector('#demo-dialog')).toBeNull();

    await listDialog({ id: 'demo', title: 'T', empty: 'なし', load: async () => [], row: () => h('div'), error: () => {} });
    expect(document.querySelector('#demo-empty')?.textContent).toBe('なし');
    document.body.innerHTML = '<div id="modals"></div>';

    const errors: unknown[] = [];
    await listDialog({ id: 'demo', title: 'T', empty: 'なし', load: async () => { throw new Error('git failed'); }, row: () => h('div'), error: (e) => errors.push(e) });
    expect(document.querySelector('#demo-dialog')).toBeNull();
    expect(String(errors[0])).toContain('git failed');
  });
});

describe('zoom', () => {
  it('steps through the levels from wherever it is, and stops at the ends', async () => {
    const { nextZoom, ZOOM_STEPS } = await import('./zoom');
    expect(nextZoom(100, 1)).toBe(110);
    expect(nextZoom(100, -1)).toBe(90);
    expect(nextZoom(113, 1)).toBe(125);
    expect(nextZoom(113, -1)).toBe(110);
    expect(nextZoom(200, 1)).toBe(200);
    expect(nextZoom(50, -1)).toBe(50);
    expect(nextZoom(175, 0)).toBe(100);
    let z = 100;
    for (let i = 0; i < 20; i++) z = nextZoom(z, 1);
    expect(z).toBe(ZOOM_STEPS[ZOOM_STEPS.length - 1]);
  });

  it('zooms with Ctrl and =, + or ; (where + is on a Japanese keyboard), - and 0', async () => {
    const { zoomDirection } = await import('./zoom');
    expect(['=', '+', ';', '-', '0', 'k', '1'].map(zoomDirection)).toEqual([1, 1, 1, -1, 0, null, null]);
  });
});
