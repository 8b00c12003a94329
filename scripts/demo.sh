#!/usr/bin/env bash
# The fakecri demo: installs dependencies, builds, starts `fakecri serve` on
# a socket in a temporary directory and drives one pod and one container
# through it with `fakecri demo`, printing every CRI call and its result,
# then injects faults through the control API and shows what they did.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target fakecri

FAKECRI=./build/release/src/cli/fakecri
WORK=$(mktemp -d /tmp/fakecri-demo-XXXXXX)
SOCK="$WORK/fakecri.sock"
"$FAKECRI" serve --listen "unix://$SOCK" --seed 1 --log-level info 2>"$WORK/serve.log" &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT

for _ in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
echo "fakecri serve is running (pid $SERVER) on unix://$SOCK"
echo
"$FAKECRI" demo --endpoint "unix://$SOCK" --log-dir "$WORK/logs"
echo
echo "server log:"
sed 's/^/  /' "$WORK/serve.log"
