#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust unit and integration tests (real Git
# repositories, a real tantivy index), the frontend unit tests (Vitest), exported pages in
# headless Chromium, and the end-to-end tests of the real app in WebKitGTK under Xvfb.
# Installs what it needs first; idempotent.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_cargo
apt_install "${CORE_PACKAGES[@]}" "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"

# The app embeds the built frontend (dist/), so build it before anything compiles the shell.
npm_install
log "building the frontend"
npm run build

log "cargo fmt --check"
cargo fmt --all -- --check

log "cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

log "cargo test (core library and CLI)"
cargo test

log "cargo test (app shell: settings)"
cargo test -p hikitsugi-app

log "frontend unit tests (vitest)"
npm test

log "exported pages in headless Chromium"
npm run test:export

ensure_tauri_driver
log "end-to-end tests (real app, WebKitGTK, Xvfb)"
npm run test:e2e
log "all tests passed"
