// The exported vault (`hikitsugi export`) in a real headless Chromium, opened from files the
// way a successor opens it from a share: the index lists every runbook, links go from page to
// page and to the right heading, images show, and a runbook full of XSS payloads runs nothing
// (the pages carry no script and a CSP that forbids any).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'target/debug/hikitsugi');
let browser;
let out;

function hikitsugi(vault, ...args) {
  return execFileSync(cli, ['--vault', vault, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('exported vault in Chromium', () => {
  before(async () => {
    const work = mkdtempSync(join(tmpdir(), 'hikitsugi-export-'));
    const vault = join(work, 'vault');
    cpSync(join(root, 'runbooks'), vault, { recursive: true });
    cpSync(join(root, 'tests/fixtures/xss.md'), join(vault, 'e2e/xss.md'));
    out = join(work, 'site');
    const printed = hikitsugi(vault, 'export', out).trim();
    assert.equal(printed, join(out, 'index.html'));
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
  });

  async function open(rel) {
    const page = await browser.newPage();
    const events = { dialogs: [], errors: [], requests: [] };
    page.on('dialog', (d) => { events.dialogs.push(d.message()); void d.dismiss(); });
    page.on('pageerror', (e) => events.errors.push(String(e)));
    page.on('request', (r) => events.requests.push(r.url()));
    await page.goto(pathToFileURL(join(out, rel)).href);
    return { page, events };
  }

  it('lists every runbook by title on the index page', async () => {
    const { page } = await open('index.html');
    const links = await page.$$eval('main a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    const pages = readdirSync(join(root, 'runbooks'), { recursive: true }).filter((p) => String(p).endsWith('.md')).length + 1;
    assert.equal(links.length, pages);
    assert.ok(links.some(([href, title]) => href === 'printers/mfp-paper-jam.html' && title === '複合機（プリンター）の紙詰まり対応'));
    assert.match(await page.textContent('main'), /要レビュー/, 'overdue reviews are marked');
    await page.close();
  });

  it('follows links from page to page and to a heading, and shows images', async () => {
    const { page } = await open('index.html');
    await page.click('a[href="start-here.html"]');
    assert.equal(await page.title(), '後任者へ：最初に読むページ');
    await page.click('main a[href="printers/mfp-paper-jam.html"]');
    assert.match(page.url(), /\/printers\/mfp-paper-jam\.html$/);
    const img = await page.$eval('main img', (i) => ({ src: i.getAttribute('src'), width: i.naturalWidth }));
    assert.equal(img.src, '../attachments/mfp-jam-locations.png');
    assert.ok(img.width > 0, 'the attachment image loads');
    // The page as a reader sees it, for the README (it documents; it asserts nothing).
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.screenshot({ path: join(root, 'docs/screenshots/exported.png') });
    // A link to a heading of another runbook lands on that heading.
    await page.goto(pathToFileURL(join(out, 'incidents/power-outage.html')).href);
    // An alert (> [!CAUTION]) shows its title in the export's language, in its colour.
    const alert = await page.$eval('main blockquote.markdown-alert-caution', (q) => {
      const before = getComputedStyle(q, '::before');
      return { title: before.content, color: before.color, border: getComputedStyle(q).borderLeftColor };
    });
    assert.equal(alert.title, '"注意"');
    assert.deepEqual([alert.color, alert.border], ['rgb(209, 36, 47)', 'rgb(209, 36, 47)']);
    const toHeading = await page.$('main a[href*=".html#hk-"]');
    assert.ok(toHeading, 'a link with a fragment');
    const href = await toHeading.getAttribute('href');
    await toHeading.click();
    const id = decodeURIComponent(href.split('#')[1]);
    const top = await page.evaluate((i) => document.getElementById(i)?.getBoundingClientRect().top, id);
    assert.ok(top !== undefined && Math.abs(top) < 5, `the page is scrolled to #${id} (${top})`);
    assert.match(page.url(), /\/servers\/server-restart-order\.html#/);
    await page.click('nav.crumbs a');
    assert.match(page.url(), /\/index\.html$/);
    await page.close();
  });

  it('runs nothing from a runbook full of XSS payloads', async () => {
    const { page, events } = await open('e2e/xss.html');
    await page.waitForTimeout(500);
    const found = await page.evaluate(() => ({
      scripts: document.scripts.length,
      bad: document.querySelectorAll('iframe, object, embed, form, svg, math, style, base, input, button').length,
      handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on') || /^\s*(javascript|vbscript|data:text)/i.test(a.value)).map((a) => a.name)),
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
    }));
    assert.deepEqual({ ...found, csp: undefined }, { scripts: 0, bad: 0, handlers: [], csp: undefined });
    assert.match(found.csp, /default-src 'none'/);
    // Clicking every link either goes nowhere dangerous or is blocked: still no dialog.
    for (const a of await page.$$('main a')) await a.click({ modifiers: [], timeout: 1000 }).catch(() => {});
    await page.waitForTimeout(300);
    assert.deepEqual(events.dialogs, []);
    assert.deepEqual(events.errors, []);
    assert.ok(events.requests.every((u) => u.startsWith('file://')), `only the export's own files: ${events.requests.filter((u) => !u.startsWith('file://'))}`);
    // Even a script put into the page by hand is refused by the page's CSP.
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.head.append(s);
      return window.__ran === true;
    });
    assert.equal(ran, false);
    await page.close();
  });

  it('replaces an earlier export, and never writes over other files', () => {
    const vault = join(out, '..', 'vault');
    writeFileSync(join(out, 'stale.html'), 'old');
    hikitsugi(vault, 'export', out);
    assert.equal(existsSync(join(out, 'stale.html')), false, 'the earlier export is replaced whole');
    const other = join(out, '..', 'other');
    cpSync(join(root, 'runbooks/start-here.md'), join(other, 'mine.md'));
    assert.throws(() => hikitsugi(vault, 'export', other), /already holds other files/);
    assert.equal(readFileSync(join(other, 'mine.md'), 'utf8'), readFileSync(join(root, 'runbooks/start-here.md'), 'utf8'));
  });
});
