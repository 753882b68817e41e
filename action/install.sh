#!/usr/bin/env bash
# The Action's install step: runs splitcheck from the Action's own checkout, built there unless it already holds the built bin (a packed release).
set -euo pipefail

root="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: this script is a step of the splitcheck Action}"
cd "$root"

# Node.js 20 or newer (package.json "engines"): the setup-node step provides it unless node-version is empty.
if ! command -v node >/dev/null 2>&1; then
  echo "::error title=splitcheck::Node.js is not installed on this runner: set the Action's node-version input (e.g. 20)."
  exit 1
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  echo "::error title=splitcheck::splitcheck needs Node.js 20 or newer; this runner has $(node --version): set the Action's node-version input to 20."
  exit 1
fi

if [ -f dist/cli.js ] && [ -f bin/splitcheck.js ]; then
  echo "splitcheck: using the built bin in $root"
else
  echo "splitcheck: building from the Action's checkout in $root"
  npm ci --no-audit --no-fund --loglevel=error
  # The bundle alone (dist/cli.js): the Action runs the command, so the type check and the library's
  # .d.ts that `npm run build` adds (most of its minute) are not needed here.
  npm run bundle --silent
fi

bin="$root/bin/splitcheck.js"
node "$bin" --version
echo "bin=$bin" >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
