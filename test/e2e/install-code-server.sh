#!/usr/bin/env bash
# Installs what the end-to-end tests need, outside the project's node_modules:
#   code-server (VS Code 1.100 served to a browser), playwright-core (drives Debian's chromium,
#   no browser download) and mocha (runs the suite inside the extension host).
# Target folder: $GLASSKERNEL_E2E_CACHE, default <repo>/.cache/vscode-e2e (gitignored).
# Idempotent: exits at once when the pinned versions are already there.
# Needs Node 20 (code-server 4.100.x is the last line that runs on it) and, for the missing
# system packages (libkrb5-dev g++ make python3 ripgrep chromium), root or sudo on Debian.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
MOCHA_VERSION=10
# code-server 4.100.3 pins @vscode/ripgrep 1.15.11, whose postinstall wants ripgrep v13.0.0-10.
VSCODE_RIPGREP_VERSION=1.15.11
RIPGREP_RELEASE=v13.0.0-10

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${GLASSKERNEL_E2E_CACHE:-$repo/.cache/vscode-e2e}"
stamp="$cache/installed-code-server-$CODE_SERVER_VERSION"

if [ -f "$stamp" ] && [ -f "$cache/node_modules/code-server/out/node/entry.js" ]; then
  echo "e2e tools already installed in $cache"
  exit 0
fi
mkdir -p "$cache"

# 1. System packages. libkrb5-dev: headers for the kerberos native module code-server builds;
#    g++ make python3: node-gyp compiles the native modules whose prebuilt downloads fail;
#    ripgrep: stands in for the GitHub download of @vscode/ripgrep; chromium: the browser.
missing=()
for pkg in libkrb5-dev g++ make python3 ripgrep chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "apt: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

# 2. @vscode/ripgrep's postinstall looks for its release archive in
#    $TMPDIR/vscode-ripgrep-cache-<package version>/ before downloading from GitHub:
#    put Debian's rg there, packed under the name it expects.
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$VSCODE_RIPGREP_VERSION"
rg_archive="$rg_cache/ripgrep-$RIPGREP_RELEASE-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$rg_archive" ]; then
  mkdir -p "$rg_cache"
  staging="$(mktemp -d)"
  cp "$(command -v rg)" "$staging/rg"
  tar -czf "$rg_archive" -C "$staging" rg
  rm -rf "$staging"
fi

# 3. npm packages into the cache folder (its own package.json, so the project is untouched).
cd "$cache"
[ -f package.json ] || echo '{ "name": "glasskernel-e2e-tools", "private": true }' > package.json
# Prebuilt native binaries are not reachable offline; node-gyp compiles them from source
# against the local Node headers (the "prebuild-install ... falling back" warnings are normal).
# node-pty's postinstall calls `npx node-gyp`, which must not stop to ask.
export npm_config_yes=true
npm install --no-audit --no-fund --unsafe-perm=true \
  "code-server@$CODE_SERVER_VERSION" playwright-core "mocha@$MOCHA_VERSION"

touch "$stamp"
echo "e2e tools installed in $cache"
