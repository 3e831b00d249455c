#!/usr/bin/env bash
# Sets up a fresh machine for the test suite and runs all of it:
# Debian packages (Python stack for generated apps, PostgreSQL, Chromium, wrk), npm packages,
# lint, type check, the web build, tests with line coverage of the TypeScript sources,
# then the quick benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
npm run lint
npm run typecheck
npm run build:web

mkdir -p coverage
rc=0
npx vitest run --coverage --reporter=default --reporter=json --outputFile.json=coverage/vitest-results.json || rc=$?
summary=$(node -e '
  const r = JSON.parse(require("fs").readFileSync("coverage/vitest-results.json", "utf8"));
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' || echo "Tests: 0 passed, 1 failed")
if [ "$rc" -eq 0 ]; then
  # The benchmarks' quick version, so the harness cannot rot (misses are printed, not fatal).
  npm run --silent bench -- --quick || rc=$?
fi
# One plain closing line, whatever the reporters printed above.
echo "$summary"
exit "$rc"
