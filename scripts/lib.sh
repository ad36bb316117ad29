# Shared helpers for the set-up scripts. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

log() { printf '\n==> %s\n' "$*" >&2; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages given that are not installed yet (apt-get update first).
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Packages to build the core and the CLI (mecab-ipadic is the source of the Japanese dictionary).
CORE_PACKAGES=(build-essential pkg-config git mecab-ipadic ca-certificates)
# Packages to build and run the desktop app (Tauri 2 on WebKitGTK).
APP_PACKAGES=(libwebkit2gtk-4.1-dev librsvg2-dev libssl-dev fonts-noto-cjk xdg-utils)
# Packages for the end-to-end tests (WebKitWebDriver, a virtual display), the exported pages'
# tests (Chromium) and benchmarks; xdotool and poppler to print and read a PDF.
TEST_PACKAGES=(webkit2gtk-driver xvfb xauth cpio python3-xlib xclip xdotool poppler-utils chromium)

ensure_node() {
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
}

ensure_cargo() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "cargo not found: install Rust from your distribution or rustup first" >&2
    exit 1
  fi
}

# npm packages, from the lock file.
npm_install() {
  ensure_node
  if [ ! -d "$ROOT/node_modules" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    log "installing npm packages"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# tauri-driver (the WebDriver bridge to WebKitWebDriver), from crates.io.
ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    log "installing tauri-driver"
    cargo install tauri-driver --locked --version 2.1.0 --quiet
  fi
}
