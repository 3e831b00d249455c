#!/usr/bin/env bash
# Main job: sets up this machine, makes sure the workspace has the demo project, builds the
# web app and starts the studio on the embedded defaults (127.0.0.1:4317, token in the
# printed URL). CATALYST_HOME picks the workspace (default ~/.catalyst); extra arguments go
# to `catalyst studio` (e.g. --port 5000).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

home="${CATALYST_HOME:-$HOME/.catalyst}"
demo="$home/projects/demo"
catalyst() { node bin/catalyst.js "$@"; }

if [ -f "$demo/catalyst.json" ]; then
  # Already there: make sure the workspace lists it (it may have been reset).
  catalyst project register "$demo" >/dev/null
else
  catalyst init "$demo" --example
fi
catalyst validate --project "$demo"

npm run --silent build:web
exec node bin/catalyst.js studio "$@"
