#!/usr/bin/env bash
# The fakecri demo. Installs the dependencies, builds what it needs, then:
#   1. plays a lively scenario (scenarios/demo.yaml: init containers, a
#      sidecar, a crash loop with its back-off, a liveness kill, a
#      CreateContainerConfigError, an injected registry fault, a graceful
#      delete) through the simulated kubelet on an embedded fakecri, in
#      virtual time, printed at a pace a person can follow: every CRI call
#      the kubelet makes, every decision it takes, every fault, and the
#      pods as `kubectl get pods --watch` would show them;
#   2. starts `fakecri serve` on a socket and drives a pod and a container
#      through it with `fakecri demo`, as any CRI client would, injecting
#      faults through the control API.
# With a display, it opens the desktop GUI (fakecri-gui) instead, playing
# its built-in lesson or the scenario given (FAKECRI_DEMO_TERMINAL=1 keeps
# to the terminal).
# Usage: scripts/demo.sh [SCENARIO.yaml]
# Environment: FAKECRI_DEMO_PACE (run-seconds per second, default 3; 0 prints
# at once), FAKECRI_DEMO_OUT (where the trace and event log go, default
# build/demo).
set -euo pipefail
cd "$(dirname "$0")/.."

SCENARIO=${1:-scenarios/demo.yaml}
PACE=${FAKECRI_DEMO_PACE:-3}
OUT=${FAKECRI_DEMO_OUT:-build/demo}
FAKECRI=./build/release/src/cli/fakecri

./scripts/install-deps.sh
cmake --preset release >/dev/null

# ---- GUI: with a display, the classroom GUI plays its built-in lesson ---
# (or the scenario given), on an embedded fakecri with the simulated
# kubelet, paced for an audience.
if { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; } &&
  [ "${FAKECRI_DEMO_TERMINAL:-0}" != 1 ]; then
  cmake --build --preset release -j"$(nproc)" --target fakecri-gui
  echo "opening fakecri-gui (F1 in the window lists the keys; close it to end)"
  exec ./build/release/src/gui/fakecri-gui ${1:+--scenario "$1"}
fi
# ---- no display: the terminal view below ---------------------------------

cmake --build --preset release -j"$(nproc)" --target fakecri
mkdir -p "$OUT"

cat <<TEXT

=== Part 1: a node's life through the simulated kubelet ($SCENARIO)
Three minutes of virtual time, shown at ${PACE}x (quiet stretches cut short).
Columns: run time, who acts, what. "kubelet → RPC target ← CODE latency" is a
CRI call; "kubelet   ..." a decision that is not a call; "FAULT" an injected
fault firing; "pod   NAME READY STATUS RESTARTS" what kubectl would show.

TEXT
"$FAKECRI" scenario run "$SCENARIO" --watch-pods --pace "$PACE" \
  --trace "$OUT/demo-trace.json" --events "$OUT/demo-events.jsonl" ||
  echo "(some expectations did not hold: see the FAIL lines above)"
cat <<TEXT

The same run, for a closer look:
  $OUT/demo-trace.json     open in https://ui.perfetto.dev or chrome://tracing
  $OUT/demo-events.jsonl   the event log, one JSON object per line
  $FAKECRI scenario run $SCENARIO --all-calls   also the relists and status polls

=== Part 2: the runtime through its socket (fakecri serve + fakecri demo)

TEXT

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
