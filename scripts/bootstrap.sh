#!/usr/bin/env bash
# Installs everything celery-cloud needs on a fresh Debian machine with Node 20+:
# pnpm (from npm), the workspace's packages (from the lockfile), and the Debian packages the
# interoperability tests use (the real Python Celery 5.2 client, boto3, and the Azure Storage
# libraries its Azure transport and backend need, and chromium for the live view's browser test).
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=9.15.9
DEBIAN_PACKAGES=(
  python3-celery python3-boto3 python3-pycurl python3-msgpack
  python3-azure python3-azure-storage python3-azure-multiapi-storage
  chromium
)

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >/dev/null
fi

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: WARNING: missing Debian packages (${missing[*]}); Python interop tests will be skipped." >&2
  fi
fi

pnpm install --frozen-lockfile --reporter=silent
