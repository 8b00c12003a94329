#!/usr/bin/env bash
# Installs the build tree into a temporary prefix, then configures, builds
# and runs tests/install/consumer against it: an outside project that only
# knows find_package(fakecri CONFIG) and include/fakecri/.
# Usage: install_test.sh <build-dir> <consumer-source-dir>
set -euo pipefail
build="$1"
src="$2"
work="$(mktemp -d "${TMPDIR:-/tmp}/fakecri-install-XXXXXX")"
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/lib/pkgconfig/fakecri.pc" || {
  echo "no fakecri.pc installed" >&2
  exit 1
}
# No internal header may be installed: only include/fakecri/.
if find "$work/prefix/include" -path '*fake_runtime*' | grep -q .; then
  echo "internal headers were installed" >&2
  exit 1
fi
cmake -S "$src" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" -j2 >/dev/null
"$work/build/consumer"

# The same program through pkg-config alone.
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
# shellcheck disable=SC2046
c++ -std=c++20 -O1 -o "$work/consumer-pc" "$src/main.cc" \
  $(pkg-config --cflags --libs fakecri)
"$work/consumer-pc"
