// App benchmarks on the release build, in the real WebKitGTK webview through WebDriver:
// launch → interactive, resident memory with a large vault open, search palette keystroke →
// results drawn, and opening, finding in and typing in a 1 MB runbook.
// Usage: node benches/app/bench.mjs [VAULT]   (default: a 20,000-file vault made by
// ../shared/corpus/make-large.sh in a temp folder). Needs Xvfb (DISPLAY) and tauri-driver.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { remote } from 'webdriverio';

const root = resolve(import.meta.dirname, '../..');
const app = join(root, 'target/release/hikitsugi-app');
const corpus = process.env.HIKITSUGI_CORPUS ?? join(root, '../shared/corpus');
const children = [];

const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * q) - 1)]; };
const fmt = (xs) => `p50 ${pct(xs, 0.5).toFixed(1)} ms, p95 ${pct(xs, 0.95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;

/** Memory of processes in MB: RSS (shared library pages counted in every process that maps
 * them), PSS (shared pages split between the processes sharing them: the sum over processes is
 * what they really take together) and private (USS). */
function memOf(pids) {
  const out = { rss: 0, pss: 0, priv: 0 };
  for (const pid of pids) {
    let text = '';
    try { text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'); } catch { continue; }
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    out.rss += kb('Rss') / 1024;
    out.pss += kb('Pss') / 1024;
    out.priv += (kb('Private_Clean') + kb('Private_Dirty')) / 1024;
  }
  return out;
}

const mb = (m) => `RSS ${m.rss.toFixed(0)} MB, PSS ${m.pss.toFixed(0)} MB, private ${m.priv.toFixed(0)} MB`;

function procs() {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      return [{ pid, ppid, comm: readFileSync(`/proc/${pid}/comm`, 'utf8').trim() }];
    } catch { return []; }
  });
}

/** The app process this benchmark started (the newest one) and every process below it. */
function appTree() {
  const all = procs();
  const apps = all.filter((p) => p.comm === 'hikitsugi-app').map((p) => p.pid).sort((a, b) => Number(b) - Number(a));
  const app = apps[0];
  const tree = new Set(app ? [app] : []);
  for (let changed = true; changed;) {
    changed = false;
    for (const p of all) if (tree.has(p.ppid) && !tree.has(p.pid)) { tree.add(p.pid); changed = true; }
  }
  return { app, children: [...tree].filter((p) => p !== app) };
}

/** When `pid` started, in milliseconds since the epoch (to the kernel's 10 ms clock tick). */
function processStart(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  const booted = Date.now() - uptime * 1000;
  return booted + ticks * 10;
}

async function waitPort(port) {
  for (let i = 0; i < 150; i++) {
    const ok = await new Promise((r) => { const s = createConnection({ port, host: '127.0.0.1' }); s.on('connect', () => { s.end(); r(true); }); s.on('error', () => r(false)); });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('tauri-driver did not start');
}

async function main() {
  spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  spawnSync('cargo', ['build', '--release', '-p', 'hikitsugi-app'], { cwd: root, stdio: 'inherit' });
  let vault = process.argv[2];
  if (!vault) {
    vault = join(mkdtempSync(join(tmpdir(), 'hikitsugi-bench-')), 'large');
    execFileSync('bash', [join(corpus, 'make-large.sh'), vault], { stdio: 'inherit' });
    execFileSync('git', ['init', '-q', vault]);
  }
  // First open of the vault: no index yet, so the background indexing is measured too.
  if (!process.env.BENCH_WARM) rmSync(join(vault, '.hikitsugi'), { recursive: true, force: true });
  const home = mkdtempSync(join(tmpdir(), 'hikitsugi-bench-home-'));
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share'), HIKITSUGI_VAULT: vault, LANG: 'ja_JP.UTF-8' };
  const driver = spawn('tauri-driver', ['--port', '4444'], { env, stdio: 'ignore' });
  children.push(driver);
  await waitPort(4444);

  const t0 = performance.now();
  const browser = await remote({ hostname: '127.0.0.1', port: 4444, logLevel: 'error', capabilities: { 'tauri:options': { application: app }, 'wdio:enforceWebDriverClassic': true } });
  await browser.waitUntil(async () => (await browser.execute(() => document.body.dataset.ready)) === 'true', { timeout: 60000, interval: 20 });
  const launch = performance.now() - t0;
  await browser.waitUntil(async () => (await browser.execute(() => document.body.dataset.listed)) === 'true', { timeout: 60000, interval: 20 });
  const listed = performance.now() - t0;
  const rows = await browser.execute(() => document.querySelectorAll('.nav-folder, .nav-item').length);
  const readyAt = Number(await browser.execute(() => document.body.dataset.readyAt));
  console.log(`launch → interactive: ${(readyAt - processStart(appTree().app)).toFixed(0)} ms from the app process start, ${launch.toFixed(0)} ms from the WebDriver session request (which starts WebKitWebDriver, which starts the app); runbook list shown after ${listed.toFixed(0)} ms (${rows} rows)`);

  const started = performance.now();
  await browser.waitUntil(async () => !(await browser.execute(() => document.getElementById('status-index').classList.contains('busy'))), { timeout: 600000, interval: 250 });
  console.log(`background indexing of the vault finished ${((performance.now() - started) / 1000).toFixed(1)} s after the window was ready`);
  const { app: appPid, children: webPids } = appTree();
  let smapsStep = 0;
  const reportMemory = (when) => {
    const appMem = memOf([appPid]);
    const webMem = memOf(webPids);
    const total = memOf([appPid, ...webPids]);
    console.log(`memory ${when}: app ${mb(appMem)}; webview processes ${mb(webMem)}; total ${mb(total)}`);
    // BENCH_SMAPS=DIR keeps each process's mappings at each point, for benches/app/smaps-diff.py.
    if (process.env.BENCH_SMAPS) {
      mkdirSync(process.env.BENCH_SMAPS, { recursive: true });
      const step = String(++smapsStep).padStart(2, '0');
      for (const pid of [appPid, ...webPids]) {
        try { writeFileSync(join(process.env.BENCH_SMAPS, `${step}-${pid}-${readFileSync(`/proc/${pid}/comm`, 'utf8').trim()}.smaps`), readFileSync(`/proc/${pid}/smaps`, 'utf8')); } catch { /* gone */ }
      }
    }
  };
  reportMemory('right after the first full index');
  await new Promise((r) => setTimeout(r, 5000));
  reportMemory('5 s later, idle');

  // Palette: one query at a time, typed character by character; time from the input event
  // to the results list being redrawn (debounce included).
  await browser.keys(['Control', 'k']);
  await browser.keys(['Control']);
  await browser.$('#search-input').waitForDisplayed();
  const queries = ['パスワード', 'ディスク容量', 'ネットワーク設定', 'systemctl restart', 'プロセス', 'ログ 確認'];
  const samples = await browser.executeAsync((qs, done) => {
    const input = document.getElementById('search-input');
    // The status line is written with the results, in the same task; observing it rather than
    // the list keeps no removed result nodes alive (they would inflate the memory measured next).
    const status = document.getElementById('search-status');
    const out = [];
    (async () => {
      for (const q of qs) {
        for (let i = 1; i <= q.length; i++) {
          // A trailing space leaves the query as it was: nothing is searched or redrawn.
          if (q.slice(0, i).trim() === q.slice(0, i - 1).trim()) continue;
          const t = performance.now();
          const changed = new Promise((r) => { const o = new MutationObserver(() => { o.disconnect(); r(true); }); o.observe(status, { childList: true }); setTimeout(() => { o.disconnect(); r(false); }, 2000); });
          input.value = q.slice(0, i);
          input.dispatchEvent(new Event('input'));
          const redrawn = await changed;
          await new Promise((r) => requestAnimationFrame(() => r()));
          // -1: nothing was redrawn within 2 s (the results did not change).
          out.push(redrawn ? performance.now() - t : -1);
        }
      }
      done(out);
    })();
  }, queries);
  const drawn = samples.filter((x) => x >= 0);
  console.log(`palette keystroke → results drawn (60 ms debounce included): ${fmt(drawn)}; ${samples.length - drawn.length} keystrokes left the list as it was`);
  await new Promise((r) => setTimeout(r, 5000));
  reportMemory(`after ${samples.length} palette searches, 5 s later`);

  // Open the top result of the last query, as a user would, and measure again.
  await browser.keys(['Enter']);
  await browser.waitUntil(async () => (await browser.$('#doc-path').getText()) !== '', { timeout: 20000, interval: 10 });
  await new Promise((r) => setTimeout(r, 5000));
  reportMemory(`with a runbook open (${await browser.$('#doc-path').getText()}), 5 s later`);

  // The vault check: every runbook read again, its problems listed; then the dialog closed.
  const t2 = performance.now();
  await browser.$('#check-button').click();
  await browser.waitUntil(async () => browser.execute(() => !!document.querySelector('#check-list .check-item, #check-empty')), { timeout: 120000, interval: 10 });
  console.log(`vault check: list drawn ${(performance.now() - t2).toFixed(0)} ms after the click (${await browser.$('#check-summary').getText()})`);
  await browser.$('#check-dialog .modal-close').click();
  await new Promise((r) => setTimeout(r, 5000));
  reportMemory('after the vault check was closed, 5 s later');

  // A 1 MB runbook: open it, then type 100 characters.
  mkdirSync(join(vault, 'bench'), { recursive: true });
  const para = '## 手順\n\n1. サーバールームの UPS を確認する。`ping 192.168.10.1` で疎通を見る。\n2. The NAS restarted after the update; check the logs.\n\n';
  const big = `bench/big-${Date.now()}.md`;
  writeFileSync(join(vault, big), `---\ntitle: 1MB ベンチマーク\n---\n${para.repeat(Math.ceil(1_048_576 / Buffer.byteLength(para)))}`);
  // It appears at the top of the list (the navigator draws only the rows near the visible ones).
  await browser.execute(() => { const nav = document.getElementById('nav'); nav.scrollTop = 0; nav.dispatchEvent(new Event('scroll')); });
  await browser.waitUntil(async () => browser.$(`.nav-item[data-path="${big}"]`).isExisting(), { timeout: 20000 });
  const t1 = performance.now();
  await browser.$(`.nav-item[data-path="${big}"]`).click();
  await browser.waitUntil(async () => (await browser.$('#doc-path').getText()) === big, { timeout: 20000, interval: 10 });
  const opened = performance.now() - t1;
  // Its preview fills in a part per frame: the longest frames meanwhile, and when it is complete.
  const filling = await browser.executeAsync((done) => {
    const gaps = [];
    let last = performance.now();
    const tick = (now) => {
      gaps.push(now - last);
      last = now;
      if (document.getElementById('preview').dataset.filling) requestAnimationFrame(tick);
      else done(gaps);
    };
    requestAnimationFrame(tick);
  });
  console.log(`open a 1 MB runbook: editor and the preview's first part ${opened.toFixed(0)} ms, preview complete ${(performance.now() - t1).toFixed(0)} ms; frames while it fills in: ${fmt(filling)}`);
  await browser.setTimeout({ script: 180000 });
  // Find in its preview (Ctrl+F): the bar opening, then each keystroke in the find box → the
  // matches found, counted and painted (a common word, capped at 1,000 matches, then a word
  // found nowhere, which reads the whole preview).
  await browser.execute(() => document.activeElement?.blur());
  const finding = await browser.executeAsync((done) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const turn = () => new Promise((r) => setTimeout(r, 0));
    (async () => {
      let t = performance.now();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'f', ctrlKey: true, bubbles: true, cancelable: true }));
      await frame();
      const open = performance.now() - t;
      const input = document.getElementById('find-input');
      const keys = [];
      const counts = [];
      for (const word of ['サーバー', 'ファイアウォール']) {
        input.value = '';
        for (const ch of word) {
          t = performance.now();
          input.value += ch;
          input.dispatchEvent(new Event('input'));
          await turn();
          await frame();
          keys.push(performance.now() - t);
        }
        counts.push(document.getElementById('find-count').textContent);
      }
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
      done({ open, keys, counts });
    })();
  });
  console.log(`find in the 1 MB runbook's preview (Ctrl+F): bar open ${finding.open.toFixed(0)} ms; keystroke → matches found and drawn: ${fmt(finding.keys)} (${finding.counts.join(', ')})`);
  await browser.$('#editor .cm-content').click();
  const typing = await browser.executeAsync((done) => {
    const out = [];
    (async () => {
      for (let i = 0; i < 100; i++) {
        const t = performance.now();
        document.execCommand('insertText', false, i % 10 === 9 ? '\n' : 'あ');
        await new Promise((r) => requestAnimationFrame(() => r()));
        out.push(performance.now() - t);
      }
      done(out);
    })();
  });
  console.log(`typing in the 1 MB runbook, keystroke → next frame: ${fmt(typing)}`);
  // As a person types: bursts of ten keystrokes 100 ms apart, each followed by a pause in which
  // the live preview is rendered again. Keystroke → next frame, and the longest frame of all.
  const paced = await browser.executeAsync((done) => {
    const keys = [];
    let last = performance.now();
    let longest = 0;
    let running = true;
    const tick = (now) => {
      longest = Math.max(longest, now - last);
      last = now;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    (async () => {
      for (let burst = 0; burst < 6; burst++) {
        for (let i = 0; i < 10; i++) {
          const t = performance.now();
          document.execCommand('insertText', false, i === 9 ? '\n' : 'い');
          await new Promise((r) => requestAnimationFrame(() => r()));
          keys.push(performance.now() - t);
          await sleep(100);
        }
        await sleep(1200);
      }
      running = false;
      done({ keys, longest });
    })();
  });
  console.log(`typing in bursts with pauses (the preview renders again in each pause), keystroke → next frame: ${fmt(paced.keys)}; longest frame ${paced.longest.toFixed(0)} ms`);
  await browser.deleteSession();
  // The vault is reused by later runs: leave it as it was.
  rmSync(join(vault, big), { force: true });
  // The typing left unsaved changes, kept as a crash-recovery draft: the next run would be
  // offered it (and load its megabyte at start).
  const drafts = join(vault, '.hikitsugi', 'drafts');
  for (const f of existsSync(drafts) ? readdirSync(drafts) : []) {
    let path = null;
    try { path = JSON.parse(readFileSync(join(drafts, f), 'utf8')).path; } catch { /* not a draft of ours */ }
    if (path === big) rmSync(join(drafts, f));
  }
  try { rmdirSync(join(vault, 'bench')); } catch { /* not empty: it was there before */ }
}

try {
  await main();
} finally {
  for (const c of children) c.kill();
}
