#!/usr/bin/env bash
# Builds the `fuzz` preset (clang-14, libFuzzer, ASan + UBSan) and runs each
# fuzz target for a bounded time on a COPY of its seed corpus
# (fuzz/corpus/<target>/ is never written). Fails on any crash, sanitizer
# report, leak, timeout or out-of-memory; the failing inputs are kept in
# build/fuzz/artifacts/<target>/ (replay: build/fuzz/fuzz/<target> <file>).
#
# Usage: scripts/fuzz.sh [seconds-per-target] [target...]
#   default: 30 s for every target listed in build/fuzz/fuzz/fuzzers.txt.
# Longer runs: `scripts/fuzz.sh 600`, or one target by hand (README,
# "Development").
set -euo pipefail
cd "$(dirname "$0")/.."

secs="${1:-30}"
[ $# -gt 0 ] && shift
# Per input: a manager input runs up to 32 RPCs under ASan.
TIMEOUT_S=20
RSS_LIMIT_MB=2048

cmake --preset fuzz >/dev/null
# Only the fuzz targets: the rest of the tree (CLI, kubelet, runner) is not
# fuzzed and would triple the ASan build.
cmake --build --preset fuzz -j"$(nproc)" --target fakecri_fuzzers

bin=build/fuzz/fuzz
if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(grep -v '^$' "$bin/fuzzers.txt")
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
artifacts=build/fuzz/artifacts
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:handle_abort=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

failed=()
summary=()
for t in "${targets[@]}"; do
  seeds="fuzz/corpus/$t"
  if [ ! -d "$seeds" ]; then
    echo "fuzz.sh: $t has no seed corpus ($seeds)" >&2
    failed+=("$t(no corpus)")
    continue
  fi
  mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
  cp -R "$seeds/." "$work/$t/corpus/"
  args=(-max_total_time="$secs" -timeout="$TIMEOUT_S"
        -rss_limit_mb="$RSS_LIMIT_MB" -print_final_stats=1
        -artifact_prefix="$work/$t/artifacts/")
  [ -f "fuzz/dict/$t.dict" ] && args+=(-dict="fuzz/dict/$t.dict")
  echo "=== $t: ${secs}s ==="
  rc=0
  "$bin/$t" "${args[@]}" "$work/$t/corpus" >"$work/$t/log" 2>&1 || rc=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t/log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$t/log" | tail -1)"
  cov="$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$work/$t/log" | tail -1 || true)"
  summary+=("$(printf '%-24s %10s execs %7s exec/s  %s  rc=%d' \
    "$t" "${execs:-?}" "${rate:-?}" "$cov" "$rc")")
  # slow-unit-* files are only reports; crash-, leak-, timeout- and oom-
  # inputs are findings.
  found=0
  for kind in crash leak timeout oom; do
    compgen -G "$work/$t/artifacts/$kind-*" >/dev/null && found=1
  done
  if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
    tail -60 "$work/$t/log"
    mkdir -p "$artifacts/$t"
    cp -R "$work/$t/artifacts/." "$artifacts/$t/" 2>/dev/null || true
    failed+=("$t")
  fi
done

echo "=== fuzz summary (${secs}s per target) ==="
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: FAILED: ${failed[*]} (inputs in $artifacts/)" >&2
  exit 1
fi
echo "fuzz.sh: no findings"
