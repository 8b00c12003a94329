#!/usr/bin/env bash
# The fakecri demo: installs dependencies, builds, starts `fakecri serve` on
# a socket in a temporary directory and drives one pod and one container
# through it with `fakecri demo`, printing every CRI call and its result,
# then injects faults through the control API and shows what they did.
# With a display it opens the desktop GUI (fakecri-gui) instead.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release >/dev/null

# ---- GUI: with a display, the classroom GUI plays the built-in demo ------
# (an embedded fakecri and the simulated kubelet, paced for an audience).
# FAKECRI_DEMO_TERMINAL=1 keeps to the terminal; arguments go to the GUI
# (e.g. --font-scale 1.5, --scenario scenarios/crash-loop.yaml).
if [ -n "${DISPLAY:-}" ] && [ "${FAKECRI_DEMO_TERMINAL:-0}" != 1 ]; then
  cmake --build --preset release -j"$(nproc)" --target fakecri-gui
  echo "opening fakecri-gui (F1 in the window lists the keys; close it to end)"
  exec ./build/release/src/gui/fakecri-gui "$@"
fi
# ---- no display: the terminal demo below ---------------------------------

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
