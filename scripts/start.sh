#!/usr/bin/env bash
# Main job: sets up this machine, creates the demo project (once) in the workspace and
# checks it with the CLI. CATALYST_HOME picks the workspace (default ~/.catalyst).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

home="${CATALYST_HOME:-$HOME/.catalyst}"
demo="$home/projects/demo"
catalyst() { node bin/catalyst.js "$@"; }

if [ -f "$demo/catalyst.json" ]; then
  # Already there: make sure the workspace lists it (it may have been reset).
  catalyst project register "$demo"
else
  catalyst init "$demo" --example
fi
catalyst validate --project "$demo"
catalyst project show --project "$demo"
echo "Demo project: $demo — try: node bin/catalyst.js run --target local --project $demo" >&2
