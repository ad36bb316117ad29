// End-to-end test runner: starts a virtual display (unless one is set), tauri-driver
// (WebDriver → WebKitWebDriver), and runs the specs with node's test runner against the real
// app binary in the real WebKitGTK webview. Every run uses a fresh HOME, so the app creates
// its demo vault from the embedded sample exactly as on a user's first launch.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const app = join(root, 'target/debug/hikitsugi-app');
const children = [];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

function waitForPort(port, ms) {
  const deadline = Date.now() + ms;
  return new Promise((ok, fail) => {
    const attempt = () => {
      const s = createConnection({ port, host: '127.0.0.1' });
      s.on('connect', () => { s.end(); ok(); });
      s.on('error', () => (Date.now() > deadline ? fail(new Error(`port ${port} never opened`)) : setTimeout(attempt, 100)));
    };
    attempt();
  });
}

async function main() {
  // The frontend is embedded into the binary at build time: build it first.
  run('npm', ['run', 'build']);
  run('cargo', ['build', '-p', 'hikitsugi-app']);

  const home = mkdtempSync(join(tmpdir(), 'hikitsugi-e2e-home-'));
  mkdirSync(join(home, '.config'), { recursive: true });
  // A Documents folder, as a desktop has: where exports are proposed and printed PDFs go.
  mkdirSync(join(home, 'Documents'));
  writeFileSync(join(home, '.config/user-dirs.dirs'), 'XDG_DOCUMENTS_DIR="$HOME/Documents"\n');
  // The app inherits this environment through tauri-driver and WebKitWebDriver. Links the app
  // opens "in the browser" go to a script that records them, and the rendering settings the
  // browser would inherit (the app's own must not reach it).
  const opener = join(home, 'opener.sh');
  writeFileSync(opener, `#!/bin/sh\necho "$1" >> "${join(home, 'opened.txt')}"\necho "GDK_GL=\${GDK_GL-} WEBKIT_DISABLE_COMPOSITING_MODE=\${WEBKIT_DISABLE_COMPOSITING_MODE-}" >> "${join(home, 'opened-env.txt')}"\n`, { mode: 0o755 });
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share'), LANG: 'ja_JP.UTF-8', LANGUAGE: 'ja', NO_AT_BRIDGE: '1', HIKITSUGI_OPENER: opener };

  if (!env.DISPLAY) {
    const display = ':97';
    const xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    children.push(xvfb);
    const sock = `/tmp/.X11-unix/X${display.slice(1)}`;
    for (let i = 0; i < 50 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 100));
    env.DISPLAY = display;
  }

  // A second run would drive the first one's tauri-driver, in the first one's HOME.
  if (await waitForPort(4444, 0).then(() => true, () => false)) throw new Error('port 4444 is in use: is another end-to-end run going on?');
  const driver = spawn('tauri-driver', ['--port', '4444'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(driver);
  await waitForPort(4444, 15000);

  const specs = join(root, 'tests/e2e/specs');
  // Arguments after `npm run test:e2e --` go to node's test runner: `--test-name-pattern=…`
  // runs some tests only (each test opens what it needs; a few follow on from the one before).
  const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...process.argv.slice(2), specs], {
    stdio: 'inherit',
    cwd: root,
    env: { ...env, HIKITSUGI_E2E_APP: app, HIKITSUGI_E2E_HOME: home },
  });
  return r.status ?? 1;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(e);
} finally {
  for (const c of children.reverse()) c.kill('SIGTERM');
}
process.exit(code);
