// The real app, in the real WebKitGTK webview, on the demo vault it creates at first launch.
// Tests run in order and share one session; each leaves the app in a usable state.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { appPid, ctrl, git, home, indexPagesResident, launch, readVault, root, shot, until, vault, writeVault } from '../lib.mjs';

let browser;

/** xdotool's answer, or '' when it finds nothing. */
function xdotool(...args) {
  try {
    return execFileSync('xdotool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

async function waitReady() {
  await until(browser, async () => (await browser.execute(() => document.body.dataset.ready)) === 'true', 'the app to be interactive', 20000);
  await until(browser, async () => (await browser.execute(() => document.body.dataset.listed)) === 'true', 'the runbook list', 20000);
}

async function openFromNav(path) {
  // The list re-renders when files change on disk; a click can land on a replaced row, so
  // click again until the runbook is open.
  await until(browser, async () => {
    const item = await browser.$(`.nav-item[data-path="${path}"]`);
    if (!(await item.isExisting())) return false;
    await item.scrollIntoView().catch(() => {});
    await item.click().catch(() => {});
    return browser.waitUntil(async () => (await browser.$('#doc-path').getText()) === path, { timeout: 1500 }).then(() => true, () => false);
  }, `${path} to open`, 15000);
}

async function editorText() {
  return browser.execute(() => document.querySelector('#editor .cm-content')?.innerText ?? '');
}

async function typeAtEnd(text) {
  const content = await browser.$('#editor .cm-content');
  await content.click();
  await browser.keys(['Control', 'End']);
  await browser.keys(['Control']);
  // A newline is the Enter key, as a person presses it (WebKitWebDriver drops a raw "\n").
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (i > 0) await browser.keys(['Enter']);
    if (line) await content.addValue(line);
  }
}

/** The find panel's button labels: opened with Ctrl+F in the editor, then closed with Escape. */
async function findPanelLabels() {
  await browser.$('#editor .cm-content').click();
  await browser.keys(['Control', 'f']);
  await browser.keys(['Control']);
  await browser.$('#editor .cm-search').waitForExist({ timeout: 3000 });
  const labels = await browser.execute(() => [...document.querySelectorAll('#editor .cm-search button')].map((b) => b.textContent));
  await browser.keys(['Escape']);
  await browser.$('#editor .cm-search').waitForExist({ timeout: 3000, reverse: true });
  return labels;
}

/** Opens a folder through the real "recent vaults" menu. */
async function chooseRecent(path) {
  await browser.execute((p) => {
    const sel = document.getElementById('recent-select');
    sel.append(new Option(p, p));
    sel.value = p;
    sel.dispatchEvent(new Event('change'));
  }, path);
}

/** Closes every open dialog through its own close button, as a person would (a dialog taken
 * out of the page any other way would leave whatever waits on its answer waiting). Returns
 * the ids of the dialogs it closed. */
async function closeModals() {
  return browser.execute(() => [...document.querySelectorAll('.modal-backdrop')].reverse().map((m) => {
    m.querySelector('.modal-close')?.click();
    return m.id;
  }));
}

describe('Hikitsugi desktop app', () => {
  before(async () => {
    const { browser: b, started } = await launch();
    browser = b;
    await waitReady();
    console.log(`launch → interactive: ${Date.now() - started} ms (session start included)`);
  });

  afterEach(async () => {
    // A test that fails halfway must not leave a dialog over the window for the next ones.
    const left = await closeModals().catch(() => []);
    if (left.length) console.warn(`closed what the test left open: ${left.join(', ')}`);
  });

  after(async () => {
    // The last test closes the app, which ends the session.
    await browser?.deleteSession().catch(() => {});
  });

  it('opens the demo vault on first launch, listing titles with review badges', async () => {
    assert.equal(await browser.$('#vault-name').getText(), 'demo-vault');
    assert.ok(existsSync(join(vault, '.git')), 'the demo vault is its own Git repository');
    const titles = await browser.execute(() => [...document.querySelectorAll('.nav-item .nav-title')].map((e) => e.textContent));
    assert.ok(titles.length >= 30, `${titles.length} runbooks listed`);
    assert.ok(titles.includes('パスワードを忘れた時（AD / Microsoft 365 のリセットとロック解除）'));
    assert.ok((await browser.$$('.badge.overdue').length) >= 1, 'overdue reviews are flagged');
    assert.equal(await browser.$('#doc-path').getText(), 'start-here.md');
    // Under the title: who keeps it current, the last review and the next one (90 days on).
    assert.equal(await browser.$('#doc-meta').getText(), '担当 佐藤 健一 · 最終レビュー 2026-11-02 · 次回 2027-01-31');
    assert.equal(await browser.execute(() => document.documentElement.lang), 'ja');
    await shot(browser, 'main');
  });

  it('finds a runbook from a Japanese query and opens it at the match', async () => {
    await browser.$('#search-button').click();
    const input = await browser.$('#search-input');
    await input.waitForDisplayed();
    await input.setValue('パスワード忘れた');
    const first = await browser.$('.search-hit');
    await first.waitForExist({ timeout: 5000 });
    await until(browser, async () => (await browser.$('.search-hit').getAttribute('data-path')) === 'accounts/password-reset.md', 'the password page first');
    assert.ok((await browser.$('.search-hit .hit-snippet mark').isExisting()), 'the snippet highlights the match');
    await shot(browser, 'search');
    await browser.keys(['Enter']);
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'accounts/password-reset.md', 'the hit to open');
    assert.ok(await browser.$('#preview mark.hit').isExisting(), 'the preview marks the match');
  });

  it('finds half-width katakana, full-width letters and English errors', async () => {
    for (const [q, want] of [['ﾊﾟｽﾜｰﾄﾞ', 'accounts/password-reset.md'], ['ＶＰＮ 繋がらない', 'network/vpn-troubleshooting.md'], ['trust relationship failed', 'endpoints/trust-relationship-failed.md']]) {
      await ctrl(browser, 'k');
      const input = await browser.$('#search-input');
      await input.waitForDisplayed();
      await input.setValue(q);
      await until(browser, async () => {
        const paths = await browser.$$('.search-hit').map((e) => e.getAttribute('data-path'));
        return paths.slice(0, 3).includes(want);
      }, `${want} for ${q}`);
      await browser.keys(['Escape']);
    }
    // A moment after the last search the app hands back the index pages the searches read
    // (all but the last, partial page of each file), and searches as before afterwards.
    // Read right after a search: on a loaded machine the loop above can outlast the pause.
    const pid = appPid();
    await ctrl(browser, 'k');
    await (await browser.$('#search-input')).setValue('trust relationship failed');
    await until(browser, async () => (await browser.$('.search-hit').isExisting()), 'the hits');
    const read = indexPagesResident(pid);
    await browser.keys(['Escape']);
    assert.ok(read.kb > 4 * read.mappings, `the searches read the index: ${JSON.stringify(read)}`);
    await until(browser, () => { const now = indexPagesResident(pid); return now.kb <= 4 * now.mappings; }, 'the index pages to be handed back', 10000);
    await ctrl(browser, 'k');
    await (await browser.$('#search-input')).setValue('ﾊﾟｽﾜｰﾄﾞ');
    await until(browser, async () => (await browser.$$('.search-hit').map((e) => e.getAttribute('data-path'))).slice(0, 3).includes('accounts/password-reset.md'), 'the same hit after the release');
    await browser.keys(['Escape']);
  });

  it('lists the runbooks opened last when the palette opens with nothing typed', async () => {
    await openFromNav('printers/mfp-paper-jam.md');
    await openFromNav('network/wifi.md');
    await ctrl(browser, 'k');
    const input = await browser.$('#search-input');
    await input.waitForDisplayed();
    // The last query is there, selected: one key clears it.
    await browser.keys(['Backspace']);
    await until(browser, async () => (await browser.$('#search-status').getText()) === '最近開いた手順書', 'the recently opened list');
    const paths = await browser.$$('#search-results .search-hit').map((e) => e.getAttribute('data-path'));
    // Newest first, without the runbook already open.
    assert.deepEqual(paths.slice(0, 2), ['printers/mfp-paper-jam.md', 'accounts/password-reset.md']);
    assert.ok(!paths.includes('network/wifi.md'), paths.join());
    assert.equal(await browser.$('#search-results .search-hit .hit-snippet').isDisplayed(), false, 'no snippet without a query');
    await browser.keys(['Enter']);
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'printers/mfp-paper-jam.md', 'the first of them to open');
    // Kept in the settings, for the next start.
    const opened = JSON.parse(readFileSync(join(home, '.config/hikitsugi/settings.json'), 'utf8')).opened;
    assert.deepEqual(Object.values(opened)[0].slice(0, 3), ['printers/mfp-paper-jam.md', 'network/wifi.md', 'accounts/password-reset.md']);
  });

  it('edits, saves with Ctrl+S as one commit, and shows it in history with a diff', async () => {
    await openFromNav('printers/mfp-paper-jam.md');
    await typeAtEnd('\nE2E で追記した行\n');
    await until(browser, async () => (await browser.$('#status-dirty').getText()).includes('●'), 'the dirty marker');
    await ctrl(browser, 's');
    await until(browser, async () => !(await browser.$('#status-dirty').getText()).includes('●'), 'the save');
    assert.match(readVault('printers/mfp-paper-jam.md'), /E2E で追記した行/);
    assert.match(git('log', '-1', '--format=%s'), /Update printers\/mfp-paper-jam.md/);
    // The repository index is brought up to date right after the commit, on its own thread.
    await until(browser, async () => git('status', '--porcelain', 'printers/mfp-paper-jam.md') === '', 'a clean git status', 5000);
    // Under the title: who changed it last and when, the commit on hover.
    const [author, id] = git('log', '-1', '--format=%an%n%H').trim().split('\n');
    const today = new Date().toLocaleDateString('sv');
    await until(browser, async () => (await browser.$('#doc-changed').getText()) === `最終更新 ${today} ${author}`, 'the last change under the title')
      .catch(async (e) => { throw new Error(`${e.message}: ${await browser.$('#doc-changed').getText()}`); });
    assert.equal(await browser.$('#doc-changed').getAttribute('title'), `コミット ${id.slice(0, 8)}: Update printers/mfp-paper-jam.md`);
    await shot(browser, 'editor');

    await browser.$('#history-button').click();
    await until(browser, async () => (await browser.$$('.history-entry').length) >= 2, 'two history entries');
    const boxes = await browser.$$('.history-entry input[type=checkbox]');
    await boxes[0].click();
    await boxes[1].click();
    await browser.$('#compare-button').click();
    await until(browser, async () => (await browser.$('#diff-view').getText()).includes('+E2E で追記した行'), 'the diff');
    // Git's header lines are not shown; the versions compared are named above the diff.
    assert.ok(!(await browser.$('#diff-view').getText()).includes('diff --git'), 'no git header');
    assert.match(await browser.$('#diff-head').getText(), /^[0-9a-f]{7,}（.+） → [0-9a-f]{7,}（.+）$/);

    await browser.$('#blame-button').click();
    await until(browser, async () => (await browser.$$('#blame-view tr').length) > 5, 'the blame view');

    // "Compare with current" compares with the text being edited, unsaved edits included (the
    // restore in the next test saves them first).
    // The last line is edited (not a new line added): the diff marks the words that changed.
    await typeAtEnd('');
    await browser.keys(['Backspace']);
    await browser.$('#editor .cm-content').addValue('、まだ保存していない追記');
    await browser.$('#compare-working').click();
    await until(browser, async () => (await browser.$('#diff-view').getText()).includes('+E2E で追記した行、まだ保存していない追記'), 'the unsaved edit in the diff');
    assert.ok(!readVault('printers/mfp-paper-jam.md').includes('まだ保存していない'), 'nothing was saved to compare');
    assert.deepEqual(await browser.$$('#diff-view mark').map((m) => m.getText()), ['、まだ保存していない追記']);
    assert.match(await browser.$('#diff-head').getText(), /→ 現在の内容$/);
    await shot(browser, 'history');
  });

  it('restores an older version as a new commit', async () => {
    const entries = await browser.$$('.history-entry');
    await entries[1].$('.restore').click();
    await browser.$('#confirm-ok').click();
    await until(browser, () => !readVault('printers/mfp-paper-jam.md').includes('E2E で追記した行'), 'the restore on disk');
    // The file is written before it is committed: the commit follows.
    await until(browser, () => /^Restore printers\/mfp-paper-jam.md/.test(git('log', '-1', '--format=%s')), 'the restore committed');
    await until(browser, async () => !(await editorText()).includes('E2E で追記した行'), 'the editor to show the restored text');
    // The timeline redraws after the restore; a click that lands on the replaced panel is retried.
    await until(browser, () => browser.$('#history-close').click().then(() => true, () => false), 'the history panel to close');
  });

  it('lists recent changes across the vault and opens a runbook from them', async () => {
    await openFromNav('network/wifi.md');
    await browser.$('#recent-button').click();
    const first = await browser.$('#recent-list .recent-entry');
    await first.waitForExist({ timeout: 5000 });
    const top = await browser.execute(() => {
      const e = document.querySelector('#recent-list .recent-entry');
      return { msg: e?.querySelector('.recent-msg')?.textContent, meta: e?.querySelector('.recent-meta')?.textContent, paths: [...(e?.querySelectorAll('.recent-path') ?? [])].map((p) => [p.dataset.path, p.textContent]) };
    });
    assert.equal(top.msg, git('log', '-1', '--format=%s').trim());
    assert.match(top.msg, /^Restore printers\/mfp-paper-jam.md/);
    assert.match(top.meta, new RegExp(` · ${git('log', '-1', '--format=%h').trim().slice(0, 7)}`));
    assert.deepEqual(top.paths, [['printers/mfp-paper-jam.md', '複合機（プリンター）の紙詰まり対応']]);
    // The demo vault's first commit lists a few of its many runbooks, and says how many more.
    assert.match(await browser.execute(() => [...document.querySelectorAll('#recent-list .recent-more')].pop()?.textContent ?? ''), /^ほか \d+ 件$/);
    await shot(browser, 'recent');
    await first.$('.recent-path').click();
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'printers/mfp-paper-jam.md', 'the runbook to open from recent changes');
    assert.equal(await browser.$('#recent-dialog').isExisting(), false, 'the list closes');
  });

  it('reloads a clean runbook changed on disk, and asks when there are unsaved edits', async () => {
    await openFromNav('network/wifi.md');
    writeVault('network/wifi.md', readVault('network/wifi.md') + '\n外部エディタで追加\n');
    await until(browser, async () => (await browser.$('#preview').getText()).includes('外部エディタで追加'), 'the reload');

    await typeAtEnd('\n自分の未保存の変更\n');
    // Someone else adds a line and edits a word in another.
    writeVault('network/wifi.md', readVault('network/wifi.md').replace('応答しなくなった', '応答しない') + '\n別の人の変更\n');
    const dialog = await browser.$('#conflict-dialog');
    await dialog.waitForExist({ timeout: 10000 });
    assert.match(await browser.$('#conflict-mine').getText(), /自分の未保存の変更/);
    assert.match(await browser.$('#conflict-theirs').getText(), /別の人の変更/);
    // In the edited line, only the changed words are marked, on both sides.
    const marks = (pane) => browser.execute((id) => [...document.querySelectorAll(`#${id} mark`)].map((m) => m.textContent).join(''), pane);
    const [mineMarks, theirMarks] = [await marks('conflict-mine'), await marks('conflict-theirs')];
    assert.ok(mineMarks.includes('なくなった') && mineMarks.length < 10, mineMarks);
    assert.ok(theirMarks.includes('ない') && theirMarks.length < 10, theirMarks);
    // Messages from before (saved, restored, reloaded) do not cover the dialog's buttons.
    const covered = await browser.execute(() => {
      const boxes = [...document.querySelectorAll('#conflict-dialog button')].map((b) => b.getBoundingClientRect());
      return [...document.querySelectorAll('#toast .toast')].map((t) => t.getBoundingClientRect())
        .filter((t) => t.width > 0 && boxes.some((b) => t.left < b.right && b.left < t.right && t.top < b.bottom && b.top < t.bottom)).length;
    });
    assert.equal(covered, 0, 'a message covers a button of the dialog');
    await shot(browser, 'conflict');
    await browser.$('#keep-both').click();
    await until(browser, () => readdirSync(join(vault, 'network')).some((f) => f.startsWith('wifi.conflict-')), 'the copy of my version');
    const copy = readdirSync(join(vault, 'network')).find((f) => f.startsWith('wifi.conflict-'));
    assert.match(readVault(`network/${copy}`), /自分の未保存の変更/);
    assert.match(readVault('network/wifi.md'), /別の人の変更/);
    await until(browser, async () => (await editorText()).includes('別の人の変更'), 'their version in the editor');
    // The copy keeps the original's title; the list tells the two apart.
    await until(browser, async () => (await browser.$(`.nav-item[data-path="network/${copy}"] .badge.copy`).isExisting()), 'the conflict copy badge');
    assert.equal(await browser.$('.nav-item[data-path="network/wifi.md"] .badge.copy').isExisting(), false);
    // …and so do search results (once the copy is indexed).
    await ctrl(browser, 'k');
    const input = await browser.$('#search-input');
    await input.waitForDisplayed();
    await input.setValue('自分の未保存の変更');
    // Rows are reused as results arrive for each typed character, so the row and its meta line
    // are read together, in the page.
    const meta = () => browser.execute((p) => document.querySelector(`.search-hit[data-path="${CSS.escape(p)}"] .hit-meta`)?.innerText ?? '', `network/${copy}`);
    await until(browser, async () => /^競合コピー · /.test(await meta()), 'the copy in the results, marked as a conflict copy');
    await browser.keys(['Escape']);
  });

  it('keeps unsaved edits when the open runbook is opened again, from the list or a search hit', async () => {
    const path = 'backup/hyper-backup-failed.md';
    await openFromNav(path);
    await typeAtEnd('\n保存前のメモ: NAS02 の電源を確認\n');
    await until(browser, async () => (await browser.$('#status-dirty').getText()).includes('●'), 'the dirty marker');
    // A second click on the open runbook, then one of its search hits.
    await browser.$(`.nav-item[data-path="${path}"]`).click();
    await ctrl(browser, 'k');
    const input = await browser.$('#search-input');
    await input.waitForDisplayed();
    await input.setValue('destination unreachable tunnel');
    await until(browser, async () => (await browser.$('.search-hit').getAttribute('data-path').catch(() => null)) === path, 'the hit in the open runbook');
    await browser.keys(['Enter']);
    // The preview goes to the match, in the text being edited…
    await until(browser, async () => (await browser.$('#preview mark.hit').isExisting()), 'the match marked in the preview');
    assert.match(await browser.$('#preview').getText(), /保存前のメモ/);
    // …and the edits are still there, unsaved, and go into the file on saving. (The editor
    // only draws the lines in view, so the file is where to read them.)
    assert.match(await browser.$('#status-dirty').getText(), /●/);
    assert.doesNotMatch(readVault(path), /保存前のメモ/);
    await ctrl(browser, 's');
    await until(browser, () => readVault(path).includes('保存前のメモ: NAS02 の電源を確認'), 'the save');
    await until(browser, async () => !(await browser.$('#status-dirty').getText()).includes('●'), 'the saved marker');
  });

  it('follows internal links, opens http(s) in the browser and blocks everything else', async () => {
    mkdirSync(join(vault, 'e2e'), { recursive: true });
    writeVault('e2e/links.md', '---\ntitle: リンクのテスト\n---\n# リンク\n\n[紙詰まり](../printers/mfp-paper-jam.md#手順)\n\n[メーカーのサイト](https://example.com/hikitsugi)\n\n[危険なリンク](javascript:alert(1))\n\n<a href="file:///etc/passwd">ファイル</a>\n');
    await openFromNav('e2e/links.md');
    await browser.$('=紙詰まり').click();
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'printers/mfp-paper-jam.md', 'the internal link');
    // …scrolled to its #手順 section.
    await until(browser, () => browser.execute(() => {
      const h = document.getElementById('hk-手順');
      const p = document.getElementById('preview');
      return !!h && Math.abs(h.getBoundingClientRect().top - p.getBoundingClientRect().top) < 40 && p.scrollTop > 0;
    }), 'the linked section at the top of the preview');
    // Back (the button) to the runbook with the link, then Forward (Alt+→) to where it was read.
    const readAt = await browser.execute(() => document.getElementById('preview').scrollTop);
    assert.equal(await browser.$('#forward-button').isEnabled(), false);
    await browser.$('#back-button').click();
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'e2e/links.md', 'Back');
    assert.equal(await browser.$('#forward-button').isEnabled(), true);
    // Not in the editor, where Alt+→ moves the cursor.
    await browser.execute(() => document.activeElement?.blur());
    await browser.keys(['Alt', 'ArrowRight']);
    await browser.keys(['Alt']);
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'printers/mfp-paper-jam.md', 'Forward');
    await until(browser, () => browser.execute((y) => Math.abs(document.getElementById('preview').scrollTop - y) < 2, readAt), 'the place it was read at');
    assert.equal(await browser.$('#forward-button').isEnabled(), false);
    await openFromNav('e2e/links.md');
    await browser.$('=メーカーのサイト').click();
    await until(browser, () => existsSync(join(home, 'opened.txt')) && readFileSync(join(home, 'opened.txt'), 'utf8').includes('https://example.com/hikitsugi'), 'the browser to be asked');
    await browser.$('=危険なリンク').click();
    await until(browser, async () => (await browser.$('#toast').getText()).includes('安全のため'), 'the blocked-link message');
    await browser.$('=ファイル').click();
    assert.equal(await browser.$('#doc-path').getText(), 'e2e/links.md', 'still in the app');
    assert.ok(!readFileSync(join(home, 'opened.txt'), 'utf8').includes('file:'), 'file: never reaches the opener');
    const inherited = `GDK_GL=${process.env.GDK_GL ?? ''} WEBKIT_DISABLE_COMPOSITING_MODE=${process.env.WEBKIT_DISABLE_COMPOSITING_MODE ?? ''}`;
    assert.equal(readFileSync(join(home, 'opened-env.txt'), 'utf8').trim().split('\n')[0], inherited, "the browser gets the user's environment, not the app's rendering settings");
  });

  it('copies a code block from the preview to the system clipboard', async () => {
    await openFromNav('network/vpn-troubleshooting.md');
    const lines = readVault('network/vpn-troubleshooting.md').split('\n');
    const start = lines.findIndex((l) => l.startsWith('ipconfig /all'));
    const expected = lines.slice(start, lines.indexOf('```', start)).join('\n');
    const button = await browser.$('//pre[contains(., "nslookup fs01")]/button[contains(@class, "copy-code")]');
    await button.scrollIntoView({ block: 'center' });
    // The block says which shell it is for, drawn by the style sheet (so never copied).
    assert.equal(await browser.execute(() => {
      const pre = [...document.querySelectorAll('#preview pre')].find((p) => p.textContent.includes('nslookup fs01'));
      return getComputedStyle(pre, '::after').content;
    }), '"PowerShell"');
    // It shows when the pointer is over its code block.
    assert.equal(await button.getText(), '', 'hidden until the pointer is over the block');
    await browser.$('//pre[contains(., "nslookup fs01")]').moveTo();
    await until(browser, async () => (await button.getText()) === 'コピー', 'the button to show');
    // Something else on the clipboard first (xclip stays behind to serve it, so its output is not waited for).
    execFileSync('xclip', ['-selection', 'clipboard', '-i'], { input: 'before', stdio: ['pipe', 'ignore', 'ignore'] });
    await button.click();
    await until(browser, async () => (await browser.$('#toast').getText()).includes('コピーしました'), 'the copied message');
    await until(browser, () => execFileSync('xclip', ['-selection', 'clipboard', '-o']).toString() === expected, 'the code on the clipboard');
    // Only this test's message in the picture (the earlier tests' are still fading).
    await browser.execute(() => document.querySelectorAll('#toast .toast:not(:last-child)').forEach((el) => el.remove()));
    await shot(browser, 'copy-code');
  });

  it('finds text in the preview with Ctrl+F, ignoring case and width, and steps through the matches', async () => {
    await openFromNav('network/vpn-troubleshooting.md');
    await browser.$('#mode-toggle button[data-view="preview"]').click();
    await browser.$('#preview h1').click();
    await browser.keys(['Control', 'f']);
    await browser.keys(['Control']);
    const input = await browser.$('#find-input');
    await until(browser, () => input.isFocused(), 'the find box to take the keys');
    // Full-width letters find VPN and vpn alike.
    await input.setValue('ＶＰＮ');
    const expected = await browser.execute(() => document.querySelector('#preview').innerText.normalize('NFKC').toLowerCase().split('vpn').length - 1);
    assert.ok(expected > 3, `${expected} matches`);
    await until(browser, async () => (await browser.$('#find-count').getText()) === `1 / ${expected}`, 'the count');
    const painted = () => browser.execute(() => {
      const current = CSS.highlights.get('find-current');
      const range = current ? [...current][0] : null;
      const box = range?.getBoundingClientRect();
      const view = document.querySelector('#preview').getBoundingClientRect();
      return { others: CSS.highlights.get('find')?.size ?? 0, current: current?.size ?? 0, text: range?.toString(), inView: !!box && box.top >= view.top && box.bottom <= view.bottom };
    });
    const first = await painted();
    assert.equal(first.others, expected - 1);
    assert.equal(first.current, 1);
    assert.match(first.text, /^(vpn|ＶＰＮ)$/i);
    // Enter goes on to the last match, scrolled into view.
    for (let i = 1; i < expected; i++) await browser.keys(['Enter']);
    await until(browser, async () => (await browser.$('#find-count').getText()) === `${expected} / ${expected}`, 'the last match');
    assert.equal((await painted()).inView, true, 'the current match is in view');
    await shot(browser, 'find');
    await browser.keys(['Shift', 'Enter']);
    await browser.keys(['Shift']);
    await until(browser, async () => (await browser.$('#find-count').getText()) === `${expected - 1} / ${expected}`, 'Shift+Enter to go back');
    await browser.keys(['Escape']);
    await until(browser, async () => !(await browser.$('#find-bar').isDisplayed()), 'Escape to close the bar');
    assert.deepEqual(await painted(), { others: 0, current: 0, text: null, inView: false });
    await browser.$('#mode-toggle button[data-view="split"]').click();
  });

  it('ticks a task box from the preview into the text, as an edit to save', async () => {
    await openFromNav('start-here.md');
    const box = () => browser.$('#preview .task-box[data-hk-task="1"]');
    await (await box()).waitForExist({ timeout: 5000 });
    assert.equal(await (await box()).getText(), '☐');
    assert.doesNotMatch(await browser.$('#status-dirty').getText(), /●/);
    await (await box()).click();
    // The preview is drawn again from the edited text: the box is ticked there, and unsaved.
    await until(browser, async () => (await (await box()).getText()) === '☑', 'the box ticked');
    assert.match(await browser.$('#status-dirty').getText(), /●/);
    assert.equal(await browser.execute(() => [...document.querySelectorAll('#preview .task-box')].filter((b) => b.textContent === '☑').length), 1, 'only that box');
    // Clicked again, the text is as saved.
    await (await box()).click();
    await until(browser, async () => (await (await box()).getText()) === '☐', 'the box cleared');
    await until(browser, async () => !(await browser.$('#status-dirty').getText()).includes('●'), 'the text back as saved');
  });

  it('makes selected text a link when a web address is pasted over it', async () => {
    writeVault('e2e/paste-link.md', '---\ntitle: リンクの貼り付け\n---\n# リンクの貼り付け\n\nメーカーのサポート\n');
    await openFromNav('e2e/paste-link.md');
    // The last line selected as a person does it: to the end, up to the line's start, Shift+End.
    await browser.$('#editor .cm-content').click();
    await browser.keys(['Control', 'End']);
    await browser.keys(['Control']);
    await browser.keys(['ArrowUp']);
    await browser.keys(['Home']);
    await browser.keys(['Shift', 'End']);
    await browser.keys(['Shift']);
    execFileSync('xclip', ['-selection', 'clipboard', '-i'], { input: 'https://example.com/support', stdio: ['pipe', 'ignore', 'ignore'] });
    await browser.keys(['Control', 'v']);
    await browser.keys(['Control']);
    await until(browser, async () => (await editorText()).includes('[メーカーのサポート](https://example.com/support)'), 'the link in the text');
    await until(browser, () => browser.$('#preview a[href="https://example.com/support"]').isExisting(), 'the link in the preview');
    await ctrl(browser, 's');
    await until(browser, () => readVault('e2e/paste-link.md').includes('[メーカーのサポート](https://example.com/support)'), 'the save');
  });

  it('scrolls the preview with the editor in the split view, and the editor with the preview', async () => {
    const sections = Array.from({ length: 12 }, (_, n) => [`## 節 ${n + 1}`, '', ...Array.from({ length: 14 }, (_, m) => `- 節 ${n + 1} の手順 ${m + 1}: 確認して記録する`), ''].join('\n'));
    writeVault('e2e/long.md', `---\ntitle: 長い手順書\n---\n# 長い手順書\n\n${sections.join('\n')}`);
    await openFromNav('e2e/long.md');
    await until(browser, async () => (await browser.$$('#preview h2')).length === 12, 'the preview');
    /** The first line of the runbook in view in the editor, and where the same text is in the
     * preview (its top, from the preview's top). */
    const places = () => browser.execute(() => {
      const scroller = document.querySelector('#editor .cm-scroller');
      const top = scroller.getBoundingClientRect().top;
      const line = [...document.querySelectorAll('#editor .cm-line')].find((l) => l.getBoundingClientRect().top >= top - 2)?.textContent ?? '';
      const text = line.replace(/^[-#]+\s*/, '');
      const pv = document.querySelector('#preview');
      const el = [...pv.querySelectorAll('li, h2')].find((e) => e.textContent.trim() === text);
      return { line: text, offset: el ? Math.round(el.getBoundingClientRect().top - pv.getBoundingClientRect().top) : null, editor: Math.round(scroller.scrollTop), preview: Math.round(pv.scrollTop) };
    });
    // The editor leads: paging down in it takes the preview to the same place.
    await browser.$('#editor .cm-content').click();
    for (let i = 0; i < 4; i++) await browser.keys(['PageDown']);
    await until(browser, async () => {
      const p = await places();
      return p.editor > 300 && p.offset !== null && Math.abs(p.offset) < 90;
    }, 'the preview at the editor\'s place').catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify(await places())}`); });
    await browser.keys(['Control', 'End']);
    await browser.keys(['Control']);
    await until(browser, () => browser.execute(() => { const pv = document.querySelector('#preview'); return pv.scrollTop >= pv.scrollHeight - pv.clientHeight - 2; }), 'the preview at its end');
    // The preview leads: the wheel over it takes the editor back up.
    const before = (await places()).editor;
    await browser.action('wheel').scroll({ origin: await browser.$('#preview'), deltaY: -900 }).perform();
    await until(browser, async () => (await places()).editor < before - 300, 'the editor to follow the preview')
      .catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify(await places())}`); });
    const p = await places();
    assert.ok(p.offset !== null && Math.abs(p.offset) < 90, JSON.stringify(p));
  });

  it('makes the selection bold with Ctrl+B and italic with Ctrl+I, and back', async () => {
    writeVault('e2e/emphasis.md', '---\ntitle: 強調\n---\n# 強調\n\n電源は切らない\n');
    await openFromNav('e2e/emphasis.md');
    await typeAtEnd('');
    await browser.keys(['ArrowUp']);
    await browser.keys(['End']);
    await browser.keys(['Shift', 'Home']);
    await browser.keys(['Shift']);
    await ctrl(browser, 'b');
    await until(browser, async () => (await editorText()).includes('\n**電源は切らない**\n'), 'bold in the text');
    await until(browser, async () => (await browser.$('#preview strong').getText().catch(() => '')) === '電源は切らない', 'bold in the preview');
    await ctrl(browser, 'b');
    await until(browser, async () => (await editorText()).includes('\n電源は切らない\n'), 'bold taken away');
    await ctrl(browser, 'i');
    await until(browser, async () => (await editorText()).includes('\n*電源は切らない*\n'), 'italic in the text');
    await until(browser, async () => (await browser.$('#preview em').getText().catch(() => '')) === '電源は切らない', 'italic in the preview');
    await ctrl(browser, 's');
    await until(browser, () => readVault('e2e/emphasis.md').includes('\n*電源は切らない*\n'), 'the save');
  });

  it('pastes cells copied from a spreadsheet as a table, or as text on request', async () => {
    writeVault('e2e/paste-table.md', '---\ntitle: サーバー一覧（貼り付け）\n---\n# サーバー一覧（貼り付け）\n\n本社のサーバー:\n');
    await openFromNav('e2e/paste-table.md');
    // As LibreOffice Calc and Excel copy a range: tab-separated, a cell with a line break quoted.
    const cells = 'ホスト名\tIP アドレス\t用途\nFS01\t10.10.30.5\tファイルサーバ\nDC01\t10.10.30.2\t"AD と DNS\n（2 台構成）"\n';
    execFileSync('xclip', ['-selection', 'clipboard', '-i'], { input: cells, stdio: ['pipe', 'ignore', 'ignore'] });
    await typeAtEnd('');
    await browser.keys(['Control', 'v']);
    await browser.keys(['Control']);
    const table = '| ホスト名 | IP アドレス | 用途 |\n| --- | --- | --- |\n| FS01 | 10.10.30.5 | ファイルサーバ |\n| DC01 | 10.10.30.2 | AD と DNS<br>（2 台構成） |';
    await until(browser, async () => (await editorText()).includes(`本社のサーバー:\n\n${table}\n`), 'the table in the text');
    await until(browser, async () => (await browser.$$('#preview table td')).length === 6, 'the table in the preview');
    assert.equal(await browser.$('#preview table tbody tr:last-child td:last-child').getText(), 'AD と DNS\n（2 台構成）');
    const offer = await browser.$('//div[contains(concat(" ", @class, " "), " toast ")][contains(., "表として貼り付けました")]');
    await offer.waitForExist({ timeout: 5000 });
    await shot(browser, 'paste-table');
    // "Paste as text" puts back what was copied.
    await offer.$('.toast-action').click();
    await until(browser, async () => (await editorText()).includes('本社のサーバー:\nホスト名\tIP アドレス'), 'the text as copied')
      .catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify(await editorText())} / ${await browser.$('#toast').getText()}`); });
    assert.ok(!(await editorText()).includes('| --- |'));
    // Ctrl+Z twice: back to before the paste.
    await browser.keys(['Control', 'z']);
    await browser.keys(['Control']);
    await browser.keys(['Control', 'z']);
    await browser.keys(['Control']);
    await until(browser, async () => !(await editorText()).includes('ホスト名'), 'the paste undone');
    // In a code block, tab-separated text stays as it is.
    await typeAtEnd('\n```\n');
    // WebKitGTK lists no types for xclip's text: this paste once went down the path for
    // image-only clipboards and was lost.
    await browser.keys(['Control', 'v']);
    await browser.keys(['Control']);
    await until(browser, async () => (await editorText()).includes('```\nホスト名\tIP アドレス\t用途\n'), 'the text as copied in the code block')
      .catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify(await editorText())}`); });
    await ctrl(browser, 's');
    await until(browser, () => readVault('e2e/paste-table.md').includes('```\nホスト名\t'), 'the save');
  });

  it('pastes formatted text (here copied from the preview) as Markdown, or as text on request', async () => {
    writeVault('e2e/copy-source.md', [
      '---', 'title: コピー元', '---', '# コピー元', '', '## 初動', '',
      '**業務時間外**は [保守窓口](https://support.example.com/) に電話し、[パスワード再設定](../accounts/password-reset.md) を確認する。', '',
      '1. 電源を確認', '2. ログを見る', '   - `journalctl -b`', '',
      '| 機器 | IP |', '| --- | --- |', '| FS01 | 10.10.30.5 |', '',
    ].join('\n'));
    writeVault('e2e/paste/html.md', '---\ntitle: 書式の貼り付け\n---\n# 書式の貼り付け\n\nメモ:\n');
    await openFromNav('e2e/copy-source.md');
    await until(browser, () => browser.$('#preview table').isExisting(), 'the preview');
    // Selected in the preview from "初動" to the table's end, as a mouse drag would; Ctrl+C
    // copies it the way WebKit copies a web page: as HTML beside the plain text.
    await browser.execute(() => {
      const p = document.querySelector('#preview');
      const range = document.createRange();
      range.setStartBefore(p.querySelector('h2'));
      range.setEndAfter(p.querySelector('table'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    });
    await browser.keys(['Control', 'c']);
    await browser.keys(['Control']);
    await openFromNav('e2e/paste/html.md');
    await typeAtEnd('');
    await browser.keys(['Control', 'v']);
    await browser.keys(['Control']);
    const markdown = [
      '## 初動', '',
      '**業務時間外**は [保守窓口](https://support.example.com/) に電話し、[パスワード再設定](../../accounts/password-reset.md) を確認する。', '',
      '1. 電源を確認', '2. ログを見る', '   - `journalctl -b`', '',
      '| 機器 | IP |', '| --- | --- |', '| FS01 | 10.10.30.5 |',
    ].join('\n');
    await until(browser, async () => (await editorText()).includes(`メモ:\n\n${markdown}\n`), 'the Markdown in the text')
      .catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify(await editorText())}`); });
    // The link to the runbook still leads there, from the runbook pasted into.
    await until(browser, () => browser.$('#preview a[data-hk-path="accounts/password-reset.md"]').isExisting(), 'the internal link in the preview');
    assert.equal(await browser.$('#preview strong').getText(), '業務時間外');
    const offer = await browser.$('//div[contains(concat(" ", @class, " "), " toast ")][contains(., "書式を Markdown にして貼り付けました")]');
    await offer.waitForExist({ timeout: 5000 });
    await shot(browser, 'paste-html');
    // "Paste as text" puts back the plain text: the words, no Markdown.
    await offer.$('.toast-action').click();
    await until(browser, async () => !(await editorText()).includes('**業務時間外**'), 'the text as copied');
    const plain = await editorText();
    assert.ok(plain.includes('業務時間外は 保守窓口 に電話し'), plain);
    assert.ok(!plain.includes('| --- |'), plain);
    // Ctrl+Z: back to the Markdown; saved as such.
    await browser.keys(['Control', 'z']);
    await browser.keys(['Control']);
    await until(browser, async () => (await editorText()).includes(markdown), 'the Markdown again');
    await ctrl(browser, 's');
    await until(browser, () => readVault('e2e/paste/html.md').includes(markdown), 'the save');
    // Ctrl+Shift+V pastes the same clipboard as plain text.
    await typeAtEnd('\n');
    await browser.keys(['Control', 'Shift', 'v']);
    await browser.keys(['Control', 'Shift']);
    await until(browser, async () => (await editorText()).includes('業務時間外は 保守窓口 に電話し'), 'the plain text pasted');
    assert.equal((await editorText()).split('**業務時間外**').length, 2, 'the Markdown pasted before, and no more');
    await ctrl(browser, 's');
    await until(browser, () => readVault('e2e/paste/html.md').includes('業務時間外は 保守窓口 に電話し'), 'the save');
  });

  it('renders a runbook full of XSS payloads without executing anything', async () => {
    copyFileSync(join(root, 'tests/fixtures/xss.md'), join(vault, 'e2e/xss.md'));
    await openFromNav('e2e/xss.md');
    const found = await browser.execute(() => {
      const p = document.querySelector('#preview');
      const bad = p.querySelectorAll('script, iframe, object, embed, form, svg, math, style, link, meta, base, input, button, textarea, select').length;
      const handlers = [...p.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on') || /^\s*(javascript|vbscript|data:text)/i.test(a.value)).map((a) => a.name));
      return { bad, handlers, frozen: Object.isFrozen(Object.prototype) };
    });
    assert.deepEqual(found, { bad: 0, handlers: [], frozen: true });
    await browser.pause(500);
    await assert.rejects(browser.getAlertText(), 'no alert was opened');
  });

  it('runs under a CSP that blocks inline scripts, and shows attachment images', async () => {
    const inline = await browser.execute(() => {
      const el = document.createElement('script');
      el.textContent = 'window.__inlineRan = true';
      document.body.append(el);
      return window.__inlineRan === true;
    });
    assert.equal(inline, false, 'inline script must not run');
    await openFromNav('printers/mfp-paper-jam.md');
    const src = await browser.$('#preview img').getAttribute('src');
    assert.match(src, /^data:image\/png;base64,/);
    const loaded = await browser.execute(() => { const i = document.querySelector('#preview img'); return i.complete && i.naturalWidth > 0; });
    assert.ok(loaded, 'the image is displayed');

    // A click shows it at full size; a click on it, at its actual size; Esc closes it.
    await browser.$('#preview img').click();
    const full = await browser.$('#image-viewer img.image-full');
    await full.waitForExist({ timeout: 5000 });
    const sizes = await browser.execute(() => {
      const [small, big] = [document.querySelector('#preview img'), document.querySelector('#image-viewer img')];
      return { natural: [small.naturalWidth, big.naturalWidth], shown: [small.getBoundingClientRect().width, big.getBoundingClientRect().width], title: document.querySelector('#image-viewer h2').textContent, alt: small.alt };
    });
    assert.equal(sizes.natural[1], sizes.natural[0], 'the same image');
    assert.ok(sizes.shown[1] > sizes.shown[0], `shown larger than in the preview: ${sizes.shown}`);
    assert.equal(sizes.title, sizes.alt);
    await shot(browser, 'image');
    await full.click();
    assert.equal(await browser.execute(() => Math.round(document.querySelector('#image-viewer img').getBoundingClientRect().width)), sizes.natural[0], 'actual size');
    await browser.keys(['Escape']);
    await browser.$('#image-viewer').waitForExist({ timeout: 3000, reverse: true });
  });

  it('stores pasted and dropped images in attachments/ as commits, links them, and refuses other files', async () => {
    await openFromNav('printers/mfp-paper-jam.md');
    await browser.$('#editor .cm-content').click();
    await ctrl(browser, 'End');
    const commits = Number(git('rev-list', '--count', 'HEAD').trim());
    // The page builds the files and the events itself, as the system would on a paste or a drop.
    const put = (kind, name, type, base64, where) => browser.execute((kind, name, type, base64, where) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type }));
      const target = document.querySelector(where);
      const box = target.getBoundingClientRect();
      const init = { bubbles: true, cancelable: true, clientX: box.left + 20, clientY: box.top + 10 };
      const event = kind === 'paste' ? new ClipboardEvent('paste', { ...init, clipboardData: data }) : new DragEvent('drop', { ...init, dataTransfer: data });
      target.dispatchEvent(event);
      return event.defaultPrevented;
    }, kind, name, type, base64, where);
    const png = readFileSync(join(root, 'runbooks/attachments/server-rack.png'));
    // Messages from the tests before would cover the screenshot.
    await browser.execute(() => document.querySelectorAll('#toast .toast').forEach((el) => el.remove()));
    assert.equal(await put('paste', 'エラー画面.png', 'image/png', png.toString('base64'), '#editor .cm-content'), true, 'the editor takes the paste');
    const link = '![エラー画面](../attachments/エラー画面.png)';
    await until(browser, async () => (await editorText()).includes(link), 'the image link in the text');
    assert.ok((await editorText()).split('\n').includes(link), 'on a line of its own');
    assert.deepEqual(readFileSync(join(vault, 'attachments/エラー画面.png')), png);
    assert.equal(git('log', '-1', '--format=%s', '--', 'attachments/エラー画面.png').trim(), 'Add attachments/エラー画面.png for printers/mfp-paper-jam.md');
    assert.match(await browser.$('#toast').getText(), /attachments\/エラー画面\.png に保存しました/);
    await until(browser, () => browser.execute(() => [...document.querySelectorAll('#preview img')].some((i) => i.alt === 'エラー画面' && i.src.startsWith('data:image/png;base64,') && i.complete && i.naturalWidth > 0)), 'the pasted image in the preview');
    // Its own paragraph, not part of the list above it.
    assert.equal(await browser.execute(() => document.querySelector('#preview img[alt="エラー画面"]').closest('li')), null);
    await browser.execute(() => document.querySelector('#preview img[alt="エラー画面"]').scrollIntoView({ block: 'center' }));
    await shot(browser, 'attachment');

    // A dropped screenshot named like every pasted one gets the runbook's name and the time.
    assert.equal(await put('drop', 'image.png', 'image/png', png.toString('base64'), '#editor .cm-content'), true, 'the editor takes the drop');
    await until(browser, async () => /!\[画像\]\(\.\.\/attachments\/mfp-paper-jam-\d{8}-\d{6}\.png\)/.test(await editorText()), 'the dropped image link');

    // A real paste: the image on the X clipboard, as a screenshot tool leaves it, and Ctrl+V.
    spawn('xclip', ['-selection', 'clipboard', '-t', 'image/png', '-i', join(root, 'runbooks/attachments/wifi-ap-map.png')], { stdio: 'ignore' });
    await browser.pause(300);
    await browser.$('#editor .cm-content').click();
    await ctrl(browser, 'End');
    await ctrl(browser, 'v');
    await until(browser, async () => ((await editorText()).match(/!\[画像\]\(\.\.\/attachments\/mfp-paper-jam-\d{8}-\d{6}(-2)?\.png\)/g) ?? []).length === 2, 'the link of the image pasted from the clipboard');
    const pasted = readdirSync(join(vault, 'attachments')).filter((f) => f.startsWith('mfp-paper-jam-'));
    assert.equal(pasted.length, 2, pasted.join(' '));
    for (const f of pasted) assert.deepEqual(readFileSync(join(vault, 'attachments', f)).subarray(0, 8), Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'));

    // Not an image (an SVG can carry script): a clear message, nothing written, nothing inserted.
    const text = await editorText();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').toString('base64');
    await put('paste', 'evil.svg', 'image/svg+xml', svg, '#editor .cm-content');
    await until(browser, async () => (await browser.$('#toast').getText()).includes('PNG・JPEG・GIF・WebP'), 'the message about the file');
    assert.equal(await editorText(), text);
    assert.ok(!readdirSync(join(vault, 'attachments')).some((f) => f.startsWith('evil')));
    await browser.$('#toast .toast-error').click(); // errors stay until read
    assert.equal(Number(git('rev-list', '--count', 'HEAD').trim()), commits + 3, 'one commit per image');

    // Dropped on the preview: it goes in at the editor's cursor.
    await put('drop', 'プレビューに落とした.png', 'image/png', png.toString('base64'), '#preview');
    await until(browser, async () => (await editorText()).includes('![プレビューに落とした](../attachments/プレビューに落とした.png)'), 'the image dropped on the preview');

    // A file dropped anywhere else is not opened in place of the app.
    assert.equal(await put('drop', 'x.png', 'image/png', png.toString('base64'), '#nav'), true);
    await browser.pause(300);
    assert.equal(await browser.$('#doc-path').getText(), 'printers/mfp-paper-jam.md');
    assert.ok((await browser.getUrl()).startsWith('tauri://') || (await browser.getUrl()).startsWith('http://tauri.localhost'), await browser.getUrl());

    // Saved with the links: the runbook shows the images from then on.
    await ctrl(browser, 's');
    await until(browser, () => readVault('printers/mfp-paper-jam.md').includes(link), 'the saved links');
    assert.match(readVault('printers/mfp-paper-jam.md'), /^---\ntitle: 複合機（プリンター）の紙詰まり対応\n[^]*\n!\[画像\]\(\.\.\/attachments\/mfp-paper-jam-\d{8}-\d{6}\.png\)\n/);
  });

  it('completes links to other runbooks while typing, by title after [[ and by path after ](', async () => {
    await openFromNav('printers/mfp-paper-jam.md');
    await browser.execute(() => document.querySelectorAll('#toast .toast').forEach((el) => el.remove()));
    // By title: the list offers the runbooks whose titles hold what is typed, and Enter writes the link.
    await typeAtEnd('\n関連: [[VPN');
    await browser.$('.cm-tooltip-autocomplete li').waitForExist({ timeout: 5000 });
    const offered = () => browser.execute(() => [...document.querySelectorAll('.cm-tooltip-autocomplete li')].map((li) => li.querySelector('.cm-completionLabel')?.textContent));
    assert.deepEqual((await offered()).slice(0, 2).sort(), ['VPN（FortiClient）の利用申請と設定', 'VPN が繋がらない時（FortiClient SSL-VPN）'].sort());
    await shot(browser, 'link-completion');
    await browser.$('#editor .cm-content').addValue('（');
    await until(browser, async () => (await offered()).length === 1 && (await offered())[0] === 'VPN（FortiClient）の利用申請と設定', 'the list narrowed by what was typed');
    await browser.$('.cm-tooltip-autocomplete li[aria-selected]').waitForExist({ timeout: 5000 });
    await browser.pause(400);
    await browser.keys(['Enter']);
    const wiki = '関連: [VPN（FortiClient）の利用申請と設定](../network/vpn-setup.md)';
    await until(browser, async () => (await editorText()).split('\n').includes(wiki), 'the link written from the title')
      .catch(async (e) => { throw new Error(`${e.message}: offered ${JSON.stringify(await offered())}, text ${JSON.stringify((await editorText()).split('\n').slice(-3))}`); });
    // By path, inside a link being written by hand.
    const content = await browser.$('#editor .cm-content');
    await content.addValue(' と [つながらない時](../network/vpn-tr');
    await until(browser, async () => (await offered())[0] === '../network/vpn-troubleshooting.md', 'the path offered', 5000)
      .catch(async (e) => { throw new Error(`${e.message}: offered ${JSON.stringify(await offered())}, text ${JSON.stringify((await editorText()).split('\n').slice(-3))}`); });
    // The list updates 100 ms after the last key and then ignores Enter for 75 ms (a guard
    // against accepting what just changed), so a person's pause comes first.
    await browser.pause(400);
    await browser.keys(['Enter']);
    await content.addValue(')');
    const both = `${wiki} と [つながらない時](../network/vpn-troubleshooting.md)`;
    await until(browser, async () => (await editorText()).split('\n').includes(both), 'the path completed')
      .catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify((await editorText()).split('\n').slice(-3))}`); });
    // To a section: after # the linked runbook's headings are offered, written as its fragment.
    await content.addValue(' [直らない時](../network/vpn-troubleshooting.md#それでも');
    await until(browser, async () => (await offered())[0] === 'それでも直らない時', 'the heading offered', 5000)
      .catch(async (e) => { throw new Error(`${e.message}: offered ${JSON.stringify(await offered())}`); });
    await browser.pause(400);
    await browser.keys(['Enter']);
    await content.addValue(')');
    const section = `${both} [直らない時](../network/vpn-troubleshooting.md#それでも直らない時)`;
    await until(browser, async () => (await editorText()).split('\n').includes(section), 'the section link written')
      .catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify((await editorText()).split('\n').slice(-3))}`); });
    // The preview resolves it to the heading's id.
    await until(browser, () => browser.$('#preview a[data-hk-path="network/vpn-troubleshooting.md"][data-hk-fragment="hk-それでも直らない時"]').isExisting(), 'the section link in the preview');
    await ctrl(browser, 's');
    await until(browser, () => readVault('printers/mfp-paper-jam.md').includes(section), 'the saved links');
    await until(browser, async () => (await browser.$('#status-dirty').getText()) === '保存済み', 'the saved state');
    // The written link works: it opens the runbook in the app (the preview may still be
    // redrawing its blocks, so a click on a replaced link is tried again).
    await until(browser, async () => {
      await browser.execute(() => document.querySelector('#preview a[data-hk-path="network/vpn-setup.md"]')?.click());
      return browser.waitUntil(async () => (await browser.$('#doc-path').getText()) === 'network/vpn-setup.md', { timeout: 1500 }).then(() => true, () => false);
    }, 'the linked runbook to open');
  });

  it('shows a runbook\'s system and tags under its title, each listing the runbooks that share it', async () => {
    await openFromNav('printers/mfp-paper-jam.md');
    const chips = async () => browser.execute(() => [...document.querySelectorAll('#doc-tags .chip')].map((c) => c.textContent));
    await until(browser, async () => (await chips()).length > 0, 'the chips');
    assert.deepEqual(await chips(), ['複合機', '#printer', '#複合機', '#プリンター', '#紙詰まり', '#総務']);
    await shot(browser, 'tags');
    const hitPaths = () => browser.execute(() => [...document.querySelectorAll('#search-results .search-hit')].map((e) => e.dataset.path).sort());
    await browser.$('//*[@id="doc-tags"]/button[text()="#printer"]').click();
    await browser.$('#search-palette').waitForExist({ timeout: 5000 });
    assert.equal(await browser.$('#filter-tag').getValue(), 'printer');
    assert.equal(await browser.execute(() => { const s = document.querySelector('#filter-tag'); return s.options[s.selectedIndex].textContent; }), '#printer', 'shown as the chip shows it');
    assert.equal(await browser.$('#search-input').getValue(), '');
    await until(browser, async () => JSON.stringify(await hitPaths()) === JSON.stringify(['printers/cannot-print.md', 'printers/mfp-paper-jam.md']), 'the runbooks tagged printer')
      .catch(async (e) => { throw new Error(`${e.message}: ${await hitPaths()}`); });
    // Words typed then narrow the list within the tag.
    await browser.$('#search-input').setValue('カウンター料金');
    await until(browser, async () => JSON.stringify(await hitPaths()) === JSON.stringify(['printers/mfp-paper-jam.md']), 'the narrowed list');
    await browser.keys(['Escape']);
    await until(browser, async () => !(await browser.$('#search-palette').isExisting()), 'the palette to close');
    await browser.$('//*[@id="doc-tags"]/button[text()="複合機"]').click();
    await browser.$('#search-palette').waitForExist({ timeout: 5000 });
    assert.equal(await browser.$('#filter-system').getValue(), '複合機');
    assert.equal(await browser.$('#search-input').getValue(), '', 'a chip starts from no words, not the last query');
    await until(browser, async () => (await hitPaths()).length >= 3, 'the runbooks of the system');
    await browser.keys(['Escape']);
    await until(browser, async () => !(await browser.$('#search-palette').isExisting()), 'the palette to close');
  });

  it('groups runbooks by system and shows the shortcut help', async () => {
    await browser.$('.nav-modes button[data-mode="system"]').click();
    const groups = await browser.execute(() => [...document.querySelectorAll('.nav-folder-name')].map((e) => e.textContent));
    assert.ok(groups.includes('VPN') || groups.includes('FortiGate') || groups.length > 5, `groups: ${groups}`);
    await browser.$('.nav-modes button[data-mode="tree"]').click();
    // The tree by keyboard: ← closes the printers folder, → opens it, ↓ goes in, Enter opens.
    const folder = await browser.$('//div[contains(@class, "nav-folder")][.//span[text()="printers"]]');
    await folder.scrollIntoView({ block: 'center' });
    await folder.click();
    await until(browser, async () => (await folder.getAttribute('aria-expanded')) === 'false', 'the click to close it');
    await browser.keys(['ArrowRight']);
    const reopened = await browser.$('//div[contains(@class, "nav-folder")][.//span[text()="printers"]]');
    await until(browser, async () => (await reopened.getAttribute('aria-expanded')) === 'true', '→ to open it');
    await browser.keys(['ArrowDown']);
    const first = await browser.execute(() => document.activeElement?.dataset.path);
    assert.match(first ?? '', /^printers\//);
    await browser.keys(['Enter']);
    await until(browser, async () => (await browser.$('#doc-path').getText()) === first, 'Enter to open the runbook');
    await browser.keys(['F1']);
    const help = await browser.$('#help-panel');
    await help.waitForExist({ timeout: 5000 });
    assert.match(await help.getText(), /Ctrl\+K/);
    assert.match(await help.getText(), /Ctrl\+P\s*この手順書を印刷/);
    await browser.keys(['Escape']);
    await until(browser, async () => !(await browser.$('#help-panel').isExisting()), 'the help panel to close');
  });

  it('zooms the window with Ctrl+= and Ctrl+-, back with Ctrl+0, and remembers the zoom', async () => {
    const width = () => browser.execute(() => window.innerWidth);
    const saved = () => JSON.parse(readFileSync(join(home, '.config/hikitsugi/settings.json'), 'utf8')).zoom;
    const normal = await width();
    await browser.$('#doc-title').click();
    await ctrl(browser, '=');
    await ctrl(browser, '=');
    // 125 %: the page lays out in 1/1.25 of the pixels, everything drawn larger.
    await until(browser, async () => Math.abs((await width()) - normal / 1.25) <= 2, 'the page at 125 %');
    await until(browser, async () => (await browser.$('#toast').getText()).includes('表示倍率 125%'), 'the zoom message');
    await until(browser, () => saved() === 125, 'the zoom remembered');
    try {
      await ctrl(browser, '-');
      await until(browser, async () => Math.abs((await width()) - normal / 1.1) <= 2, 'the page at 110 %');
      // (A click through the page, not WebDriver's pointer: WebKitWebDriver does not scale its
      // pointer with the page zoom.)
      await browser.execute(() => document.getElementById('settings-button').click());
      await browser.$('#zoom-select').waitForExist({ timeout: 5000 });
      assert.equal(await browser.$('#zoom-select').getValue(), '110', 'the settings show the zoom');
      await closeModals();
    } finally {
      // The other tests click with WebDriver's pointer, which needs the normal size.
      await ctrl(browser, '0');
    }
    await until(browser, async () => (await width()) === normal, 'the page at its normal size');
    await until(browser, () => saved() === 100, 'the normal size remembered');
  });

  it('shows GitHub alerts (> [!CAUTION]) with their title in the interface language', async () => {
    await openFromNav('incidents/power-outage.md');
    const alert = () => browser.execute(() => {
      const q = document.querySelector('#preview blockquote.markdown-alert-caution');
      if (!q) return null;
      q.scrollIntoView({ block: 'center' });
      const before = getComputedStyle(q, '::before');
      return { title: before.content, color: before.color, border: getComputedStyle(q).borderLeftColor, text: q.innerText };
    });
    await until(browser, async () => (await alert())?.title === '"注意"', 'the alert titled in Japanese');
    const shown = await alert();
    assert.deepEqual([shown.color, shown.border], ['rgb(209, 36, 47)', 'rgb(209, 36, 47)']);
    assert.match(shown.text, /電源ボタンの長押し/);
    assert.doesNotMatch(shown.text, /\[!CAUTION\]/);
    await browser.execute(() => document.querySelectorAll('#toast .toast').forEach((el) => el.remove())); // the earlier tests' messages
    await shot(browser, 'alert');
    await browser.$('#settings-button').click();
    await browser.$('#lang-select').selectByAttribute('value', 'en');
    await until(browser, async () => (await alert())?.title === '"Caution"', 'the alert titled in English');
    await browser.$('#lang-select').selectByAttribute('value', 'ja');
    await until(browser, async () => (await alert())?.title === '"注意"', 'the alert titled in Japanese again');
    await closeModals();
  });

  it('switches the interface to English and back', async () => {
    // A passing message in Japanese is up when the language changes…
    await openFromNav('e2e/links.md');
    await browser.$('=危険なリンク').click();
    await openFromNav('printers/mfp-paper-jam.md');
    assert.ok(await browser.execute(() => document.querySelectorAll('#toast .toast-warn').length) > 0);
    await browser.$('#settings-button').click();
    await browser.$('#lang-select').selectByAttribute('value', 'en');
    await until(browser, async () => (await browser.$('#search-button').getText()).includes('Search'), 'English labels');
    assert.equal(await browser.execute(() => document.documentElement.lang), 'en');
    assert.equal(await browser.execute(() => document.querySelector('#recent-select option[value=""]').textContent), 'Recent vaults');
    await browser.$('#theme-select').selectByAttribute('value', 'dark');
    assert.equal(await browser.execute(() => document.documentElement.dataset.theme), 'dark');
    // …and goes with it.
    assert.equal(await browser.execute(() => document.querySelectorAll('#toast .toast-info, #toast .toast-warn').length), 0);
    await closeModals();
    await shot(browser, 'english-dark');
    // The sidebar's four buttons stay on one line in English too.
    assert.equal(await browser.execute(() => new Set([...document.querySelectorAll('.sidebar-foot button')].map((b) => b.getBoundingClientRect().top)).size), 1);
    // The editor's own texts follow: its find panel (Ctrl+F).
    assert.deepEqual((await findPanelLabels()).slice(0, 3), ['next', 'previous', 'all']);
    await browser.$('#settings-button').click();
    await browser.$('#lang-select').selectByAttribute('value', 'ja');
    await browser.$('#theme-select').selectByAttribute('value', 'light');
    await until(browser, async () => (await browser.$('#search-button').getText()).includes('検索'), 'Japanese labels');
    await closeModals();
    assert.deepEqual((await findPanelLabels()).slice(0, 3), ['次へ', '前へ', 'すべて選択']);
    // The labels change at once; the settings file is written by the command that follows.
    const saved = () => {
      try {
        return JSON.parse(readFileSync(join(home, '.config/hikitsugi/settings.json'), 'utf8'));
      } catch {
        return {}; // not written yet
      }
    };
    await until(browser, () => saved().language === 'ja' && saved().theme === 'light', 'the settings to be saved');
  });

  it('creates, renames and deletes a runbook, each as a commit', async () => {
    await browser.$('#new-button').click();
    await browser.$('#new-dialog-title').setValue('E2E テスト手順');
    await browser.$('#new-dialog-folder').setValue('e2e');
    await browser.$('#new-dialog-submit').click();
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'e2e/E2E-テスト手順.md', 'the new runbook');
    assert.match(git('log', '-1', '--format=%s'), /Create e2e\/E2E-テスト手順.md/);
    await browser.$('#rename-button').click();
    const to = await browser.$('#rename-dialog-to');
    await to.setValue('e2e/renamed.md');
    await browser.$('#rename-dialog-submit').click();
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'e2e/renamed.md', 'the rename');
    assert.match(git('log', '-1', '--format=%s'), /Rename e2e\/E2E-テスト手順.md to e2e\/renamed.md/);
    await browser.$('#delete-button').click();
    await browser.$('#confirm-ok').click();
    await until(browser, () => !existsSync(join(vault, 'e2e/renamed.md')), 'the delete');
    // The file goes first, then the commit is made.
    await until(browser, () => /Delete e2e\/renamed.md/.test(git('log', '-1', '--format=%s')), 'the delete commit');
    const text = () => existsSync(join(vault, 'e2e/renamed.md')) ? readVault('e2e/renamed.md') : null;
    const created = git('show', 'HEAD~1:e2e/renamed.md');

    // Undo, from the message the deletion leaves.
    await browser.$('.toast .toast-action').click();
    await until(browser, () => text() === created, 'the undo to bring the file back');
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'e2e/renamed.md', 'the restored runbook to open');
    assert.match(git('log', '-1', '--format=%s'), /^Restore e2e\/renamed.md to /);
    assert.ok(await browser.$('.nav-item[data-path="e2e/renamed.md"]').isExisting(), 'listed again');

    // Deleted again with an edit not yet saved: the edit is saved first, so the list of deleted
    // runbooks brings back what was on screen.
    await typeAtEnd('\n削除する前に書いた行');
    await browser.$('#delete-button').click();
    await browser.$('#confirm-ok').click();
    await until(browser, () => /^Delete e2e\/renamed.md/.test(git('log', '-1', '--format=%s')), 'the second delete commit');
    const edited = git('show', 'HEAD~1:e2e/renamed.md');
    assert.match(edited, /削除する前に書いた行/);
    await browser.$('#deleted-button').click();
    const row = await browser.$('.deleted-entry[data-path="e2e/renamed.md"]');
    await row.waitForExist({ timeout: 5000 });
    await shot(browser, 'deleted');
    const shown = await browser.execute(() => {
      const r = document.querySelector('.deleted-entry[data-path="e2e/renamed.md"]');
      return { title: r?.querySelector('.deleted-title')?.textContent, meta: r?.querySelector('.deleted-meta')?.textContent };
    });
    assert.equal(shown.title, 'E2E テスト手順');
    assert.match(shown.meta ?? '', /が削除 · /);
    await row.$('.restore-deleted').click();
    await until(browser, () => text() === edited, 'the restore from the list');
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'e2e/renamed.md', 'the restored runbook to open');
    assert.equal(await browser.$('#deleted-dialog').isExisting(), false, 'the list closes');
    // Its history shows the deletions between its versions.
    await browser.$('#history-button').click();
    await until(browser, async () => (await browser.$$('#history-drawer .history-entry.deleted').length) === 2, 'both deletions in the timeline');
    await until(browser, () => browser.$('#history-close').click().then(() => true, () => false), 'the history panel to close');

    // Gone again, as the tests after this one expect; the list now shows nothing else.
    await browser.$('#delete-button').click();
    await browser.$('#confirm-ok').click();
    await until(browser, () => text() === null && /^Delete e2e\/renamed.md/.test(git('log', '-1', '--format=%s')), 'the last delete');
  });

  it('renames a runbook others link to, and their links follow it in the same commit', async () => {
    await openFromNav('printers/cannot-print.md');
    const rename = async (to) => {
      await browser.$('#rename-button').click();
      const input = await browser.$('#rename-dialog-to');
      await input.setValue(to);
      await browser.$('#rename-dialog-submit').click();
      await until(browser, async () => (await browser.$('#doc-path').getText()) === to, `the rename to ${to}`);
    };
    await rename('printers/print-trouble.md');
    const jam = readVault('printers/mfp-paper-jam.md');
    assert.match(jam, /\[印刷できない時\]\(print-trouble\.md\)/);
    assert.match(jam, /^related: \[printers\/print-trouble\.md\]$/m);
    assert.match(readVault('start-here.md'), /\[印刷できない\]\(printers\/print-trouble\.md\)/);
    assert.equal(git('log', '-1', '--format=%s').trim(), 'Rename printers/cannot-print.md to printers/print-trouble.md');
    assert.deepEqual(git('show', '--name-only', '--no-renames', '--format=', 'HEAD').trim().split('\n').sort(), ['printers/cannot-print.md', 'printers/mfp-paper-jam.md', 'printers/print-trouble.md', 'start-here.md']);
    await until(browser, async () => /2 件の手順書のリンクを更新/.test(await browser.$('#toast').getText()), 'the message about the links');
    // The link in the other runbook's preview opens the renamed runbook.
    await openFromNav('printers/mfp-paper-jam.md');
    const link = await browser.$('#preview a[href="print-trouble.md"]');
    await link.waitForExist({ timeout: 5000 });
    await link.click();
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'printers/print-trouble.md', 'the link to open the renamed runbook');
    await rename('printers/cannot-print.md');
    await until(browser, () => /\[印刷できない時\]\(cannot-print\.md\)/.test(readVault('printers/mfp-paper-jam.md')), 'the links to follow it back');
  });

  it('lists the runbooks linking to one, and jumps to a heading from the outline', async () => {
    await openFromNav('printers/cannot-print.md');
    const button = await browser.$('#backlinks-button');
    await until(browser, async () => (await button.getText()) === 'リンク元 2', 'the number of runbooks linking here');
    await button.click();
    await browser.$('#backlinks-list .backlink').waitForExist({ timeout: 5000 });
    const listed = await browser.execute(() => [...document.querySelectorAll('#backlinks-list .backlink')].map((b) => [b.dataset.path, b.querySelector('.backlink-title')?.textContent]));
    assert.deepEqual(listed, [['printers/mfp-paper-jam.md', '複合機（プリンター）の紙詰まり対応'], ['start-here.md', '後任者へ：最初に読むページ']]);
    await shot(browser, 'backlinks');
    await browser.$('#backlinks-list .backlink[data-path="start-here.md"]').click();
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'start-here.md', 'start-here.md to open from the list');
    assert.equal(await browser.$('#backlinks-dialog').isExisting(), false, 'the list closes');

    // The outline, from the keyboard: every heading of the text, in order, at its level.
    await browser.$('#editor .cm-content').click();
    await browser.keys(['Control', 'Shift', 'o']);
    await browser.keys(['Control', 'Shift']);
    await browser.$('#outline-list .outline-item').waitForExist({ timeout: 5000 });
    const items = await browser.execute(() => [...document.querySelectorAll('#outline-list .outline-item')].map((b) => [b.textContent, b.dataset.line, b.className.match(/level-(\d)/)?.[1]]));
    const headings = readVault('start-here.md').split('\n').flatMap((l, i) => (/^#{1,6} /.test(l) ? [[l.replace(/^#+ /, ''), String(i + 1), String(l.indexOf(' '))]] : []));
    assert.deepEqual(items, headings);
    await shot(browser, 'outline');
    const wanted = '年間カレンダー（期限があるもの）';
    await browser.$(`#outline-list .outline-item[data-line="${headings.find(([t]) => t === wanted)[1]}"]`).click();
    assert.equal(await browser.$('#outline-dialog').isExisting(), false, 'the outline closes');
    await until(browser, () => browser.execute(() => document.querySelector('#editor .cm-activeLine')?.textContent), 'the editor at the heading')
      .then((line) => assert.equal(line, `## ${wanted}`));
    const place = await browser.execute((text) => {
      const preview = document.getElementById('preview');
      const heading = [...preview.querySelectorAll('h2')].find((h) => h.textContent === text);
      const box = preview.getBoundingClientRect();
      return { scrolled: preview.scrollTop, top: heading.getBoundingClientRect().top - box.top, height: box.height };
    }, wanted);
    assert.ok(place.scrolled > 0 && place.top >= -2 && place.top < place.height / 2, `the preview shows the heading at its top: ${JSON.stringify(place)}`);
  });

  it('exports the vault as HTML pages, never over other files, and opens them in the browser', async () => {
    await browser.$('#export-button').click();
    const dest = await browser.$('#export-dest');
    await dest.waitForExist({ timeout: 5000 });
    assert.equal(await dest.getValue(), join(home, 'Documents/demo-vault-html'), 'a folder in Documents is proposed');
    // A folder of the user's own: the export offers a new folder inside it instead.
    const share = join(home, 'share');
    mkdirSync(share, { recursive: true });
    writeFileSync(join(share, 'memo.txt'), '大事なメモ');
    await dest.setValue(share);
    await shot(browser, 'export');
    await browser.$('#export-run').click();
    await browser.$('#confirm-ok').waitForExist({ timeout: 10000 });
    assert.match(await browser.$('.confirm-text').getText(), /share」には他のファイルがあります/);
    await browser.$('#confirm-ok').click();
    const site = join(share, 'demo-vault-html');
    // The export's own message (an earlier one, such as a delete's Undo, may still be up).
    const done = await browser.$('//div[contains(concat(" ", @class, " "), " toast ")][contains(., "件の手順書を書き出しました")]');
    await done.waitForExist({ timeout: 30000 });
    assert.match(await done.getText(), /\d+ 件の手順書を書き出しました/);
    const open = await done.$('.toast-action');
    assert.equal(readFileSync(join(share, 'memo.txt'), 'utf8'), '大事なメモ');
    assert.match(readFileSync(join(site, 'printers/mfp-paper-jam.html'), 'utf8'), /href="cannot-print.html"/);
    assert.ok(existsSync(join(site, 'attachments/mfp-jam-locations.png')));
    await open.click();
    await until(browser, () => readFileSync(join(home, 'opened.txt'), 'utf8').trim().split('\n').pop() === join(site, 'index.html'), 'the index page opened in the browser');
  });

  it('edits front matter through the form without touching other keys', async () => {
    await openFromNav('network/vpn-setup.md');
    const before = readVault('network/vpn-setup.md');
    await browser.$('#fm-panel summary').click();
    const owner = await browser.$('#fm-owner');
    await owner.setValue('山田 花子');
    await browser.keys(['Tab']);
    await ctrl(browser, 's');
    await until(browser, () => readVault('network/vpn-setup.md').includes('owner: 山田 花子'), 'the saved owner');
    await until(browser, async () => !(await browser.$('#status-dirty').getText()).includes('●'), 'the save to finish');
    const afterText = readVault('network/vpn-setup.md');
    assert.equal(afterText.replace(/owner: .*\n/, ''), before.replace(/owner: .*\n/, ''), 'only the owner line changed');
  });

  it('checks the vault: overdue reviews oldest first and broken links, each opening where the problem is', async () => {
    // A runbook written in another editor, with a link to a page that does not exist on line 7.
    const text = '---\ntitle: 点検用の手順書\nkind: note\n---\n# 点検用\n\n- 旧手順は [こちら](old/removed-page.md)\n- 画像 ![図](../attachments/nothing.png)\n';
    writeVault('notes/check-e2e.md', text);
    await until(browser, async () => browser.$('.nav-item[data-path="notes/check-e2e.md"]').isExisting(), 'the new file in the list');
    const overdueInList = await browser.execute(() => [...new Set([...document.querySelectorAll('.nav-item')].filter((e) => e.querySelector('.badge.overdue')).map((e) => e.dataset.path))].sort());
    assert.ok(overdueInList.length >= 3, `overdue runbooks in the list: ${overdueInList}`);

    await browser.$('#check-button').click();
    await browser.$('#check-list .check-item').waitForExist({ timeout: 10000 });
    const shown = await browser.execute(() => ({
      summary: document.getElementById('check-summary')?.textContent,
      groups: [...document.querySelectorAll('#check-list .check-group')].map((g) => g.dataset.group),
      items: [...document.querySelectorAll('#check-list .check-item')].map((b) => ({ path: b.dataset.path, kind: b.dataset.kind, line: b.dataset.line, title: b.querySelector('.check-title')?.textContent, what: b.querySelector('.check-what')?.textContent })),
    }));
    const count = shown.items.length;
    assert.match(shown.summary, new RegExp(`^\\d+ 件の手順書を点検しました。問題 ${count} 件$`));
    assert.deepEqual(shown.groups, ['links', 'overdue']);
    const links = shown.items.filter((i) => i.path === 'notes/check-e2e.md');
    assert.deepEqual(links, [
      { path: 'notes/check-e2e.md', kind: 'broken_link', line: '7', title: '点検用の手順書', what: 'リンク先がありません: old/removed-page.md' },
      { path: 'notes/check-e2e.md', kind: 'broken_image', line: '8', title: '点検用の手順書', what: '画像がありません: ../attachments/nothing.png' },
    ]);
    // Every runbook the list flags as overdue is there, oldest due date first.
    const overdue = shown.items.filter((i) => i.kind === 'overdue');
    assert.deepEqual(overdue.map((i) => i.path).sort(), overdueInList);
    const dues = overdue.map((i) => i.what.match(/見直し期限 (\d{4}-\d\d-\d\d)（\d+ 日超過）/)?.[1]);
    assert.ok(dues.every(Boolean), `${overdue.map((i) => i.what)}`);
    assert.deepEqual(dues, [...dues].sort());
    await shot(browser, 'check');

    // A broken link opens its runbook with the cursor on its line.
    await browser.$('#check-list .check-item[data-path="notes/check-e2e.md"][data-kind="broken_link"]').click();
    assert.equal(await browser.$('#check-dialog').isExisting(), false, 'the list closes');
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'notes/check-e2e.md', 'the runbook with the broken link');
    await until(browser, () => browser.execute(() => document.querySelector('#editor .cm-activeLine')?.textContent), 'the editor at the link')
      .then((line) => assert.equal(line, '- 旧手順は [こちら](old/removed-page.md)'));

    // An overdue review opens its runbook with the fields shown, "Mark reviewed today" among them.
    await browser.execute(() => { document.getElementById('fm-panel').open = false; });
    await browser.$('#check-button').click();
    const oldest = await browser.$('#check-list .check-item[data-kind="overdue"]');
    await oldest.waitForExist({ timeout: 10000 });
    const path = await oldest.getAttribute('data-path');
    await oldest.click();
    await until(browser, async () => (await browser.$('#doc-path').getText()) === path, 'the overdue runbook');
    await until(browser, () => browser.execute(() => document.getElementById('fm-panel').open), 'the fields to show');
    assert.ok(await browser.$('#fm-reviewed-today').isDisplayed());
    // Beside the title: how long ago the review was due; a click on it shows the fields too.
    const notice = await browser.$('#doc-review');
    assert.ok(await notice.isDisplayed(), 'the review notice beside the title');
    assert.match(await notice.getText(), /^要レビュー · 期限 \d{4}-\d\d-\d\d（\d+ 日超過）$/);
    assert.match(await notice.getAttribute('title'), /内容が古い可能性があるので、作業前に実機と突き合わせてください。\n最終レビュー \d{4}-\d\d-\d\d/);
    await browser.execute(() => { document.getElementById('fm-panel').open = false; });
    await notice.click();
    assert.equal(await browser.execute(() => document.getElementById('fm-panel').open), true, 'the notice opens the fields');
    await shot(browser, 'review');

    // Search results say which runbooks are past their review date, and only those.
    const title = await browser.execute(() => document.getElementById('doc-title').textContent);
    assert.ok(title, 'the runbook has a title');
    await browser.$('#search-button').click();
    await browser.$('#search-input').setValue(title);
    const hit = await browser.$(`#search-results .search-hit[data-path="${path}"]`);
    await hit.waitForExist({ timeout: 10000 });
    assert.ok(await hit.$('.hit-overdue').isDisplayed(), 'the overdue badge on its result');
    const badges = await browser.execute(() => [...document.querySelectorAll('#search-results .search-hit')].map((r) => [r.dataset.path, !r.querySelector('.hit-overdue').hidden]));
    const flagged = new Set(overdueInList);
    assert.deepEqual(badges.filter(([, shown]) => shown).map(([p]) => p), badges.map(([p]) => p).filter((p) => flagged.has(p)));
    await browser.keys(['Escape']);

    // Reviewed today and saved: the notice goes.
    await browser.$('#fm-reviewed-today').click();
    await ctrl(browser, 's');
    await until(browser, () => readVault(path).includes(`reviewed: ${new Date().toISOString().slice(0, 10)}`), 'the review date saved');
    await until(browser, async () => !(await notice.isDisplayed()), 'the review notice to go');
    rmSync(join(vault, 'notes/check-e2e.md'));
    await until(browser, async () => !(await browser.$('.nav-item[data-path="notes/check-e2e.md"]').isExisting()), 'the file gone from the list');
  });

  it('asks before a save puts a password into history, and lists passwords in the check', async () => {
    const path = 'network/vpn-setup.md';
    await openFromNav(path);
    const before = readVault(path);
    const commits = git('rev-list', '--count', 'HEAD');
    await typeAtEnd('\n初期パスワード：Welcome2026!');
    await ctrl(browser, 's');
    const dialog = await browser.$('#secrets-dialog');
    await dialog.waitForExist({ timeout: 5000 });
    const shown = await browser.execute(() => ({
      text: document.getElementById('secrets-dialog').innerText,
      items: [...document.querySelectorAll('#secrets-list .secret-item')].map((b) => [b.dataset.line, b.querySelector('.secret-kind').textContent, b.querySelector('code').textContent]),
      focused: document.activeElement?.id,
    }));
    const line = readVault(path).split('\n').length + 1; // the typed line, after the last one
    assert.deepEqual(shown.items, [[String(line), 'パスワード', 'パスワード：We**********']]);
    assert.ok(!shown.text.includes('Welcome2026'), 'the dialog never shows the password');
    assert.match(shown.text, /Git の履歴に残ります/);
    assert.equal(shown.focused, 'secrets-back', 'going back is the default');
    await shot(browser, 'secrets');

    // Going back saves nothing and puts the cursor on the line to fix.
    await browser.$('#secrets-back').click();
    await dialog.waitForExist({ timeout: 3000, reverse: true });
    assert.equal(readVault(path), before);
    assert.equal(git('rev-list', '--count', 'HEAD'), commits);
    assert.ok((await browser.$('#status-dirty').getText()).includes('●'), 'the edit is still there, unsaved');
    assert.equal(await browser.execute(() => document.querySelector('#editor .cm-activeLine')?.textContent), '初期パスワード：Welcome2026!');

    // Written as the runbooks say (where it is kept), it saves without a question.
    await browser.execute(() => document.querySelector('#editor .cm-content').focus());
    await browser.keys(['Shift', 'End']);
    await browser.keys(['Shift']);
    await browser.$('#editor .cm-content').addValue('初期パスワードは Bitwarden「VPN 初期」');
    await ctrl(browser, 's');
    await until(browser, async () => !(await browser.$('#status-dirty').getText()).includes('●'), 'the save');
    assert.equal(await browser.$('#secrets-dialog').isExisting(), false);
    assert.match(readVault(path), /初期パスワードは Bitwarden「VPN 初期」\n?$/);

    // "Save anyway" saves, and the check lists it where it is.
    await typeAtEnd('\n\n| アカウント | パスワード |\n|---|---|\n| vpn-test | Vpn#2026x |');
    await ctrl(browser, 's');
    await dialog.waitForExist({ timeout: 5000 });
    await browser.$('#secrets-save').click();
    await until(browser, async () => !(await browser.$('#status-dirty').getText()).includes('●'), 'the save anyway');
    assert.match(readVault(path), /\| vpn-test \| Vpn#2026x \|/);
    // Exported pages are handed to others: the export names the runbook.
    await browser.$('#export-button').click();
    await browser.$('#export-dest').waitForExist({ timeout: 5000 });
    await browser.$('#export-dest').setValue(join(home, 'export-with-password'));
    await browser.$('#export-run').click();
    const exported = await browser.$('//div[contains(concat(" ", @class, " "), " toast ")][contains(., "パスワードらしき記述のある手順書 1 件")]');
    await exported.waitForExist({ timeout: 30000 });
    assert.match(await exported.getText(), /network\/vpn-setup\.md/);
    const row = readVault(path).split('\n').indexOf('| vpn-test | Vpn#2026x |') + 1;
    await browser.$('#check-button').click();
    const item = await browser.$(`#check-list .check-item[data-kind="secret"][data-path="${path}"]`);
    await item.waitForExist({ timeout: 10000 });
    assert.deepEqual(await browser.execute(() => [...document.querySelectorAll('#check-list .check-group')].map((g) => g.dataset.group)).then((g) => g[0]), 'secrets');
    assert.equal(await item.getAttribute('data-line'), String(row));
    assert.equal(await item.$('.check-what').getText(), 'パスワード: パスワード | Vp*******');
    await item.click();
    await until(browser, () => browser.execute(() => document.querySelector('#editor .cm-activeLine')?.textContent), 'the editor at the password')
      .then((text) => assert.equal(text, '| vpn-test | Vpn#2026x |'));

    // The password taken out again: only where it is kept stays.
    await browser.execute(() => document.querySelector('#editor .cm-content').focus());
    await browser.keys(['Shift', 'End']);
    await browser.keys(['Shift']);
    await browser.keys(['Delete']);
    await browser.$('#editor .cm-content').addValue('| vpn-test | Bitwarden「vpn-test」 |');
    await ctrl(browser, 's');
    await until(browser, async () => !(await browser.$('#status-dirty').getText()).includes('●'), 'the fix saved');
    assert.ok(!readVault(path).includes('Vpn#2026x'));
  });

  it('prints the open runbook alone with Ctrl+P, stamped with the date and its last commit', async (t) => {
    const path = 'printers/mfp-paper-jam.md';
    await openFromNav(path);
    // Printed from the editor alone: the preview, hidden on screen, is what goes on paper.
    await browser.$('#mode-toggle button[data-view="edit"]').click();
    t.after(() => browser.$('#mode-toggle button[data-view="split"]').click());
    const pdf = join(home, 'Documents/output.pdf');
    rmSync(pdf, { force: true });
    await ctrl(browser, 'p');
    // The system's print dialog (GTK): its only printer here is "Print to File", into Documents.
    const dialog = await until(browser, () => xdotool('search', '--name', '^(Print|印刷)$').split('\n')[0], 'the print dialog', 15000);
    xdotool('windowfocus', '--sync', dialog);
    xdotool('key', '--window', dialog, 'Down');
    xdotool('key', '--window', dialog, 'Return');
    const text = await until(browser, () => {
      try {
        return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      } catch {
        return null; // not written yet
      }
    }, 'the printed PDF', 30000);
    const commit = git('log', '-1', '--format=%H', '--', path).slice(0, 8);
    // NFKC: the PDF's text layer names some kanji by their Kangxi radicals (⼀ for 一).
    const plain = text.normalize('NFKC').replace(/\s+/g, ' ');
    assert.equal(plain.split('複合機(プリンター)の紙詰まり対応').length - 1, 1, 'the title once (the runbook starts with it)');
    assert.match(plain, new RegExp(`\\d{4}-\\d\\d-\\d\\d 印刷 · ${path} · 最終更新 \\d{4}-\\d\\d-\\d\\d .+\\(${commit}\\)`), plain.slice(0, 400));
    assert.match(plain, /エラーコード/, 'the runbook\'s text');
    for (const chrome of ['フォルダを開く', '最近の変更', 'Ctrl+K', '名前変更', 'review_every:']) {
      assert.ok(!plain.includes(chrome), `no ${chrome} on paper`);
    }
    // No empty pages: nothing but the runbook (its text and its images) takes room on paper.
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))[1]);
    const withImages = new Set(execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2).map((l) => Number(l.trim().split(/\s+/)[0])));
    const empty = [...Array(pages).keys()].map((i) => i + 1)
      .filter((p) => !withImages.has(p) && !execFileSync('pdftotext', ['-f', String(p), '-l', String(p), pdf, '-'], { encoding: 'utf8' }).trim());
    assert.deepEqual(empty, [], `empty pages of ${pages}`);
    // The first page, as paper shows it.
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, join(root, 'docs/screenshots/print')]);
    await until(browser, () => !xdotool('search', '--name', '^(Print|印刷)$'), 'the print dialog to close');
  });

  it('opens another folder, offering Git, and indexes a large vault in the background', async () => {
    const big = join(home, 'big-vault');
    for (let d = 0; d < 40; d++) {
      mkdirSync(join(big, `dept-${d}`), { recursive: true });
      for (let f = 0; f < 100; f++) {
        writeFileSync(join(big, `dept-${d}`, `doc-${f}.md`), `---\ntitle: 部署${d} の手順 ${f}\n---\n# 手順 ${f}\n\nサーバー ${d}-${f} の再起動手順。合言葉 zq${d}x${f}\n`);
      }
    }
    // Every text the status bar shows from here on (indexing 4,000 runbooks can be over
    // between two polls).
    await browser.execute(() => {
      const el = document.getElementById('status-index');
      window.__statusTexts = [];
      new MutationObserver(() => window.__statusTexts.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
    });
    // Through the real UI path: the recent-vaults menu.
    await chooseRecent(big);
    await browser.$('#confirm-ok').waitForExist({ timeout: 5000 });
    assert.match(await browser.$('#confirm-dialog').getText(), /Git/);
    await browser.$('#confirm-ok').click();
    await until(browser, async () => (await browser.$('#vault-name').getText()) === 'big-vault', 'the new vault');
    assert.ok(existsSync(join(big, '.git')), 'Git was initialised');
    // The status bar shows the progress while the vault is indexed, and clears when done.
    await until(browser, async () => {
      await ctrl(browser, 'k');
      const input = await browser.$('#search-input');
      await input.waitForDisplayed();
      await input.setValue('zq39x99');
      const found = await browser.$('.search-hit[data-path="dept-39/doc-99.md"]').waitForExist({ timeout: 1500 }).then(() => true, () => false);
      await browser.keys(['Escape']);
      return found;
    }, 'the last document to become searchable', 60000);
    await until(browser, async () => (await browser.$('#status-index').getText()) === '', 'the indexing status to clear', 60000);
    assert.match((await browser.execute(() => window.__statusTexts)).join(' '), /索引/, 'the progress was shown');
    // Back to the demo vault for the next test.
    await chooseRecent(vault);
    await until(browser, async () => (await browser.$('#vault-name').getText()) === 'demo-vault', 'the demo vault again');
  });

  it('takes Japanese input method composition as one insertion, never broken or doubled', async () => {
    await openFromNav('accounts/password-reset.md');
    await typeAtEnd('\nIME: ');
    // What an input method does to the page while the user converts にほんご → 日本語: the
    // composition events and in-place edits of the text node under the caret, as WebKit
    // delivers them (WebDriver cannot drive a real IME; CodeMirror's own tests compose the
    // same way).
    const steps = await browser.executeAsync((done) => {
      const content = document.querySelector('#editor .cm-content');
      const line = [...content.querySelectorAll('.cm-line')].find((l) => l.textContent.endsWith('IME: '));
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let node = null;
      while (walker.nextNode()) node = walker.currentNode;
      const base = node.data;
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30)));
      const caret = () => { const r = document.createRange(); r.setStart(node, node.data.length); r.collapse(true); const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r); };
      (async () => {
        caret();
        content.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
        let n = 0;
        for (const text of ['に', 'にほ', 'にほん', 'にほんご', '日本語']) {
          node.data = base + text;
          caret();
          content.dispatchEvent(new CompositionEvent('compositionupdate', { bubbles: true, data: text }));
          content.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertCompositionText', data: text, isComposing: true }));
          await frame();
          if (node.isConnected) n++;
        }
        content.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '日本語' }));
        await frame();
        done(n);
      })();
    });
    assert.equal(steps, 5, 'the text node under composition was replaced while composing');
    await until(browser, async () => (await editorText()).includes('IME: 日本語'), 'the composed text');
    const text = await editorText();
    assert.equal(text.split('日本語').length - 1, 1, 'composed once');
    assert.doesNotMatch(text, /[にほんご]{2,}/, 'no leftover kana from the composition');
    await until(browser, async () => (await browser.$('#status-dirty').getText()).includes('●'), 'the dirty marker');
    await ctrl(browser, 's');
    await until(browser, async () => !(await browser.$('#status-dirty').getText()).includes('●'), 'the save');
    const saved = readVault('accounts/password-reset.md');
    assert.match(saved, /IME: 日本語\n?$/);
    assert.equal(saved.split('IME: 日本語').length - 1, 1);
    await until(browser, async () => (await browser.$('#preview').getText()).includes('IME: 日本語'), 'the preview');
  });

  it('opens a long runbook at once, fills its preview in while typing goes on, re-renders only what changed, and shows a search match at its end', async () => {
    const section = (i) => `## 手順 ${i}\n\n1. サーバールームの UPS を確認する。\`ping 192.168.10.1\` で疎通を見る。\n2. The NAS restarted after the update; check the logs.\n\n`;
    writeVault('notes/e2e-long.md', `---\ntitle: 長い作業記録\n---\n${Array.from({ length: 3000 }, (_, i) => section(i)).join('')}`);
    await openFromNav('notes/e2e-long.md');
    // Typing right away: the editor takes it while the preview fills in.
    await typeAtEnd('\n最後に追記\n');
    await until(browser, async () => !(await browser.execute(() => document.getElementById('preview').dataset.filling)), 'the whole preview', 30000);
    assert.ok(await browser.$('#preview h2[id="hk-手順-2999"]').isExisting(), 'the last section is in the preview');
    // (textContent: WebDriver's visible-text atom walks all 15,000 elements of this preview.)
    const previewHas = (text) => browser.execute((t) => document.getElementById('preview').textContent.includes(t), text);
    await until(browser, () => previewHas('最後に追記'), 'the typed text in the preview', 15000);
    // Another edit: the first section's node is kept, the edited end is rendered again.
    await browser.execute(() => { document.querySelector('#preview h2').e2eKept = true; });
    await typeAtEnd('二度目の追記');
    await until(browser, () => previewHas('二度目の追記'), 'the second edit in the preview', 15000);
    assert.equal(await browser.execute(() => document.querySelector('#preview h2').e2eKept === true), true, 'the unchanged start of the preview was kept');
    assert.equal(await browser.execute(() => document.querySelectorAll('#preview h2').length), 3000);
    await ctrl(browser, 's');
    await until(browser, async () => !(await browser.$('#status-dirty').getText()).includes('●'), 'the save');
    assert.match(readVault('notes/e2e-long.md'), /最後に追記\n二度目の追記\n?$/);
    // Opened from a search, the preview shows the match at the end as soon as its part is in.
    await openFromNav('network/utm-fortigate.md');
    await ctrl(browser, 'k');
    const input = await browser.$('#search-input');
    await input.waitForDisplayed();
    await input.setValue('二度目の追記');
    await until(browser, () => browser.execute(() => document.querySelector('.search-hit')?.dataset.path === 'notes/e2e-long.md'), 'the long runbook found');
    await browser.keys(['Enter']);
    await until(browser, () => browser.execute(() => {
      const mark = document.querySelector('#preview mark.hit');
      if (!mark) return false;
      const m = mark.getBoundingClientRect();
      const p = document.getElementById('preview').getBoundingClientRect();
      return m.height > 0 && m.top >= p.top && m.bottom <= p.bottom;
    }), 'the match scrolled into view', 15000);
    const marked = await browser.execute(() => document.querySelector('#preview mark.hit').textContent);
    assert.ok(marked && '二度目の追記'.includes(marked), marked);
  });

  it('offers unsaved drafts back after the app is killed', async () => {
    await openFromNav('network/utm-fortigate.md');
    await typeAtEnd('\nクラッシュ前の下書き\n');
    await browser.pause(2600);
    await browser.deleteSession();
    ({ browser } = await launch());
    await waitReady();
    // The runbook open when the app went away opens again.
    await until(browser, async () => (await browser.$('#doc-path').getText()) === 'network/utm-fortigate.md', 'the last runbook to open again');
    const draft = await browser.$('#drafts-banner .draft[data-path="network/utm-fortigate.md"]');
    await draft.waitForExist({ timeout: 10000 });
    await draft.$('.draft-restore').click();
    await until(browser, async () => (await editorText()).includes('クラッシュ前の下書き'), 'the draft in the editor');
    assert.match(await browser.$('#status-dirty').getText(), /●/);
  });

  it('asks before closing with unsaved changes, and closes at once when all is saved', async () => {
    const pid = appPid();
    const alive = () => existsSync(`/proc/${pid}`);
    // The window manager's close button: WebDriver's "close window" would skip the app.
    const closeWindow = () => execFileSync('/usr/bin/python3', [join(root, 'tests/e2e/wm-close.py'), pid]);
    await typeAtEnd('\n閉じる前の未保存の行\n');
    await until(browser, async () => (await browser.$('#status-dirty').getText()).includes('●'), 'the dirty marker');
    closeWindow();
    const dialog = await browser.$('#confirm-dialog');
    await dialog.waitForExist({ timeout: 10000 });
    assert.match(await dialog.getText(), /保存されていない変更があります/);
    assert.equal(await browser.$('#confirm-ok').getText(), '保存せずに閉じる');
    await browser.$('#confirm-cancel').click();
    await browser.pause(500);
    assert.ok(alive(), 'the app stayed open');
    assert.match(await editorText(), /閉じる前の未保存の行/);
    await ctrl(browser, 's');
    await until(browser, async () => !(await browser.$('#status-dirty').getText()).includes('●'), 'the save');
    assert.match(readVault('network/utm-fortigate.md'), /閉じる前の未保存の行/);
    closeWindow();
    const deadline = Date.now() + 10000;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!alive(), 'the app closed without asking once everything was saved');
  });
});
