#!/usr/bin/env bash
# Installs everything celery-cloud needs on a fresh Debian machine with Node 20+: pnpm (from npm,
# unless a recent one is already there), the Debian packages the interoperability and browser
# tests use (the real Python Celery 5.2 client, boto3, the Azure Storage libraries its Azure
# transport and backend need, Chromium), and the workspace's packages (from the lockfile).
# Prints one line per step with its duration. Safe to run again; without root it skips the
# Debian packages and says which tests will be skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=9.15.9
DEBIAN_PACKAGES=(
  python3-celery python3-boto3 python3-pycurl python3-msgpack
  python3-azure python3-azure-storage python3-azure-multiapi-storage
  chromium
)
LOG_DIR=.tmp/bootstrap
mkdir -p "$LOG_DIR"

say() { echo "bootstrap: $*"; }

# Runs a step with its output in a log file; prints its name and duration, or the log on failure.
step() {
  local name=$1
  shift
  local log="$LOG_DIR/$(tr -c "a-zA-Z0-9.\n" - <<<"$name").log" start=$SECONDS
  if "$@" >"$log" 2>&1; then
    say "$name ($((SECONDS - start)) s)"
  else
    local rc=$?
    say "$name FAILED after $((SECONDS - start)) s (exit $rc); its output:"
    cat "$log" >&2
    exit "$rc"
  fi
}

# Version "a.b.c" as one comparable number.
version_number() { awk -F. '{ printf "%d%03d%03d\n", $1, $2, $3 }' <<<"$1"; }

# 1. pnpm: keep one that is already there and at least $PNPM_VERSION (a newer one included).
# The version is read outside the repository so pnpm does not try to switch to packageManager's.
current=$( (cd / && pnpm --version) 2>/dev/null || true)
if [ -n "$current" ] && [ "$(version_number "$current")" -ge "$(version_number "$PNPM_VERSION")" ]; then
  say "pnpm $current is installed (needs $PNPM_VERSION or newer): kept"
else
  [ -n "$current" ] && say "pnpm $current is older than $PNPM_VERSION: installing $PNPM_VERSION"
  if [ -w "$(npm prefix --global)" ]; then
    step "pnpm $PNPM_VERSION installed from npm" npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION"
  else
    # Without write access to npm's global folder (no root), install for this user instead.
    step "pnpm $PNPM_VERSION installed from npm into ~/.local" \
      npm install --global --prefix "$HOME/.local" --no-fund --no-audit "pnpm@$PNPM_VERSION"
    export PATH="$HOME/.local/bin:$PATH"
    say "pnpm is in ~/.local/bin: add that folder to your PATH"
  fi
fi

# 2. Debian packages for the interoperability tests (Python Celery) and the browser test.
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  say "Debian packages already installed"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing Debian packages (a few minutes on a fresh machine): ${missing[*]}"
  step "apt package lists updated" apt-get update -qq
  step "Debian packages installed" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  say "skipped Debian packages (needs root and apt-get): ${missing[*]}"
  say "the Python interoperability and browser tests will be skipped with a message"
fi

# 3. The gcloud emulators come with the Google Cloud SDK, when the machine has it.
if command -v gcloud >/dev/null 2>&1; then
  say "Google Cloud SDK found: the Firestore and Pub/Sub emulator tests will run"
else
  say "no Google Cloud SDK on PATH: the Google Cloud emulator tests will be skipped with a message"
fi

# 4. The workspace's packages, exactly as locked.
step "workspace packages installed (pnpm install --frozen-lockfile)" pnpm install --frozen-lockfile
