#!/usr/bin/env bash
# Builds the desktop app and opens it: on first launch, on the demo vault (a copy of
# runbooks/ in ~/.local/share/hikitsugi/demo-vault, its own Git repository).
# Installs what it needs first; idempotent. Extra arguments go to cargo build.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_cargo
apt_install "${CORE_PACKAGES[@]}" "${APP_PACKAGES[@]}"
npm_install
log "building the frontend"
npm run build
log "building the app (release)"
cargo build --release -p hikitsugi-app "$@"
log "starting Hikitsugi"
exec "$ROOT/target/release/hikitsugi-app"
