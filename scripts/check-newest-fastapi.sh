#!/usr/bin/env bash
# Runs the generated-app tests on the newest FastAPI stack that pip can install, beside the
# Debian stack (FastAPI 0.92 / pydantic 1.10) the normal suite runs on (DESIGN §7: the generated
# code must work on both). Not part of scripts/test.sh or CI: it needs a package index.
#
# Usage: scripts/check-newest-fastapi.sh [--venv DIR] [vitest arguments...]
#   --venv DIR   use (and keep) the virtualenv in DIR, creating it if missing; without it a
#                fresh one is made in a temp folder and removed at the end
#   arguments    passed to vitest; default: test/compiler/python test/build/exec.test.ts
# Environment: BASE_PYTHON (default python3) makes the virtualenv; pip uses whatever index it
# is configured with (pip.conf, PIP_INDEX_URL, ...).
# Exit: 0 when every test passed; non-zero when the install or any test failed.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=""
if [ "${1:-}" = "--venv" ]; then
  if [ -z "${2:-}" ]; then
    echo "check-newest-fastapi: --venv needs a folder, e.g. --venv /tmp/newest-fastapi" >&2
    exit 2
  fi
  venv="$2"
  shift 2
fi
if [ -z "$venv" ]; then
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/catalyst-newest-fastapi.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  venv="$tmp/venv"
fi

base_python="${BASE_PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
  echo "check-newest-fastapi: creating a virtualenv in $venv with $base_python" >&2
  if ! "$base_python" -m venv "$venv"; then
    echo "check-newest-fastapi: could not create a virtualenv with $base_python (on Debian: apt-get install python3-venv, or set BASE_PYTHON)" >&2
    exit 1
  fi
fi

packages=(fastapi uvicorn httpx pytest prometheus-client asyncpg)
echo "check-newest-fastapi: installing the newest ${packages[*]}" >&2
if ! "$venv/bin/python" -m pip install --quiet --upgrade "${packages[@]}"; then
  echo "check-newest-fastapi: pip could not install ${packages[*]}: check its index (pip config list)" >&2
  exit 1
fi

echo "Versions under test ($venv/bin/python):"
"$venv/bin/python" - <<'EOF'
import sys
from importlib.metadata import version

print(f"  python {sys.version.split()[0]}")
for name in ("fastapi", "starlette", "pydantic", "uvicorn", "httpx", "pytest", "prometheus_client", "asyncpg"):
    print(f"  {name} {version(name)}")
EOF

if [ $# -eq 0 ]; then
  set -- test/compiler/python test/build/exec.test.ts
fi
CATALYST_PYTHON="$venv/bin/python" npx vitest run "$@"
