#!/usr/bin/env bash
# Installs what is missing (both sets: scripts/install-deps.sh --tests),
# builds with warnings as errors, runs the whole CTest suite, then the
# quality gates (scripts/ci-gates.sh: lint, ASan,
# TSan, valgrind, fuzz; docs/quality.md). CI (.ci/run) calls this.
# HETLANE_SKIP_GATES=1 runs the suite alone.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" --tests
"$root/scripts/build.sh"
export POCL_CACHE_DIR=${POCL_CACHE_DIR:-$root/build/pocl-cache}
mkdir -p "$POCL_CACHE_DIR"
(cd "${HETLANE_BUILD_DIR:-$root/build}" && ctest --output-on-failure --timeout 600 -j "$(nproc)")
if [ "${HETLANE_SKIP_GATES:-0}" != 1 ]; then
  "$root/scripts/ci-gates.sh"
fi
