#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what is missing,
# build, and run every workload on every CPU backend, writing results and
# a summary table into ./hetlane-out.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
export POCL_CACHE_DIR=${POCL_CACHE_DIR:-$root/build/pocl-cache}
mkdir -p "$POCL_CACHE_DIR"
status=0
"$root/build/host/hetlane" run sum -o hetlane-out/sum || status=$?
"$root/build/host/hetlane" run square -o hetlane-out/square || status=$?
exit "$status"
