#!/usr/bin/env bash
# Sets up a fresh machine for the test suite and runs all of it:
# Debian packages (Python stack for generated apps, Chromium, wrk), npm packages,
# lint, type check, tests with coverage.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
npm run lint
npm run typecheck
npm test
