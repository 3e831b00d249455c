#!/usr/bin/env bash
# Main job: sets up this machine, makes sure the workspace has the demo project, builds the
# web app and starts the studio on the embedded defaults (127.0.0.1:4317, token in the
# printed URL). CATALYST_HOME picks the workspace (default ~/.catalyst); extra arguments go
# to `catalyst studio` (e.g. --port 5000).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "start: checking what this machine needs (scripts/setup.sh; the first run installs packages and takes minutes)…" >&2
./scripts/setup.sh

home="${CATALYST_HOME:-$HOME/.catalyst}"
demo="$home/projects/demo"
catalyst() { node bin/catalyst.js "$@"; }

echo "start: preparing the demo project in $demo…" >&2
if [ -f "$demo/catalyst.json" ]; then
  # Already there: make sure the workspace lists it (it may have been reset).
  catalyst project register "$demo" >/dev/null
else
  catalyst init "$demo" --example
fi
catalyst validate --project "$demo"

echo "start: building the studio's web page (about 30 s)…" >&2
npm run --silent build:web
echo "start: starting the studio (it prints the URL to open)…" >&2
exec node bin/catalyst.js studio "$@"
