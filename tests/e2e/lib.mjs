// Shared helpers for the end-to-end specs: one WebDriver session on the real app, the demo
// vault's location, screenshots into docs/screenshots/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { remote } from 'webdriverio';

export const root = resolve(import.meta.dirname, '../..');
export const home = process.env.HIKITSUGI_E2E_HOME;
export const vault = join(home ?? '', '.local/share/hikitsugi/demo-vault');
const shots = join(root, 'docs/screenshots');

export async function launch(extraEnv = {}) {
  const started = Date.now();
  const browser = await remote({
    hostname: '127.0.0.1',
    port: 4444,
    logLevel: 'warn',
    capabilities: {
      'tauri:options': { application: process.env.HIKITSUGI_E2E_APP, env: extraEnv },
      'wdio:enforceWebDriverClassic': true,
    },
  });
  await browser.setTimeout({ implicit: 0 });
  return { browser, started };
}

export async function shot(browser, name) {
  mkdirSync(shots, { recursive: true });
  // WebKit sometimes hands back the previous frame right after a change.
  await browser.pause(400);
  // Screenshots document the app; they assert nothing. WebKitWebDriver occasionally never
  // answers a screenshot request (the session goes on working), so a stuck one is skipped
  // with a warning instead of failing the test after the two-minute HTTP timeout.
  let timer;
  const stuck = new Promise((resolve) => { timer = setTimeout(() => resolve('stuck'), 20000); });
  const taken = browser.saveScreenshot(join(shots, `${name}.png`)).then(() => 'taken', (e) => e);
  const outcome = await Promise.race([taken, stuck]);
  clearTimeout(timer);
  if (outcome === 'stuck') console.warn(`screenshot ${name}: WebKitWebDriver did not answer in 20 s; kept the previous one`);
  else if (outcome instanceof Error) throw outcome;
}

export function readVault(rel) {
  return readFileSync(join(vault, rel), 'utf8');
}

export function writeVault(rel, text) {
  mkdirSync(dirname(join(vault, rel)), { recursive: true });
  writeFileSync(join(vault, rel), text);
}

export function git(...args) {
  return execFileSync('git', ['-C', vault, ...args], { encoding: 'utf8' });
}

/** Waits until `fn` returns a truthy value (polling), or throws with `what`. */
export async function until(browser, fn, what, timeout = 10000) {
  let last;
  try {
    await browser.waitUntil(async () => (last = await fn()), { timeout, interval: 100 });
  } catch {
    throw new Error(`timed out waiting for ${what}`);
  }
  return last;
}

/** The process id of the app the session started (the newest one). */
export function appPid() {
  return execFileSync('pgrep', ['-n', '-x', 'hikitsugi-app'], { encoding: 'utf8' }).trim();
}

/** Resident kilobytes of the app's mappings of the demo vault's index files, and how many such
 * mappings there are (from /proc/PID/smaps). */
export function indexPagesResident(pid) {
  const dir = join(vault, '.hikitsugi/index');
  let inside = false;
  let kb = 0;
  let mappings = 0;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      inside = head[1].startsWith(dir);
      if (inside) mappings++;
    } else if (inside && line.startsWith('Rss:')) {
      kb += Number(line.split(/\s+/)[1]);
    }
  }
  return { kb, mappings };
}

export async function ctrl(browser, key) {
  await browser.keys(['Control', key]);
  await browser.keys(['Control']);
}
