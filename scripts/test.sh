#!/usr/bin/env bash
# Installs dependencies, builds fakecri (release preset, warnings as errors)
# and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j"$(nproc)"
ctest --preset release -j"$(nproc)"
