#!/usr/bin/env bash
# Installs what Catalyst and its tests need, skipping what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
/usr/bin/python3 -c 'import fastapi, uvicorn, httpx, pytest, prometheus_client' 2>/dev/null ||
  missing+=(python3-fastapi python3-uvicorn python3-httpx python3-pytest python3-prometheus-client)
/usr/bin/python3 -c 'import asyncpg' 2>/dev/null || missing+=(python3-asyncpg)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v git >/dev/null 2>&1 || missing+=(git)
if ((${#missing[@]})); then
  echo "setup: installing Debian packages (first time about 2-5 minutes, apt prints little meanwhile): ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Native addons (better-sqlite3) build against Node's own headers when no prebuilt binary can be fetched.
if [ -d /usr/include/node ] && [ -z "${npm_config_nodedir:-}" ]; then export npm_config_nodedir=/usr; fi
# `npm install` (not `npm ci`): it installs the lockfile's versions, while `npm ci` insists on
# lock entries for other platforms' optional binaries (Biome, Tailwind) that a registry
# serving only this platform's builds cannot provide.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if [ ! -d node_modules ]; then
    echo "setup: installing npm packages (first time about 5 minutes: better-sqlite3 compiles from source, npm prints nothing meanwhile)…" >&2
  else
    echo "setup: updating npm packages to package-lock.json (usually under a minute; longer if better-sqlite3 recompiles)…" >&2
  fi
  started=$SECONDS
  npm install --no-audit --no-fund
  echo "setup: npm packages installed in $((SECONDS - started)) s" >&2
fi
echo "setup: everything is installed" >&2
