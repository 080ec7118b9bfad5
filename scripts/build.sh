#!/usr/bin/env bash
# Configures and builds hetlane in ./build (or $HETLANE_BUILD_DIR) with
# warnings as errors. Extra arguments go to cmake's configure step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${HETLANE_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHETLANE_WERROR=ON "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
