// Shared helpers for the end-to-end specs: one WebDriver session on the real app, the demo
// vault's location, screenshots into docs/screenshots/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
  await browser.saveScreenshot(join(shots, `${name}.png`));
}

export function readVault(rel) {
  return readFileSync(join(vault, rel), 'utf8');
}

export function writeVault(rel, text) {
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

/** Text typed into CodeMirror through the real keyboard path. */
export async function typeInEditor(browser, text) {
  const content = await browser.$('#editor .cm-content');
  await content.click();
  await browser.keys(['Control', 'End']);
  await browser.keys(text.split(''));
}

export async function ctrl(browser, key) {
  await browser.keys(['Control', key]);
  await browser.keys(['Control']);
}
