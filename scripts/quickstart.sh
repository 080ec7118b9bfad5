#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what is missing,
# build, and run `hetlane demo`: the notebook's whole study on this
# machine, written to ./hetlane-out as results, charts and a report
# (hetlane-out/report.html). Exit status: the demo's.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
export POCL_CACHE_DIR=${POCL_CACHE_DIR:-$root/build/pocl-cache}
mkdir -p "$POCL_CACHE_DIR"
status=0
"$root/build/host/hetlane" demo -o hetlane-out "$@" || status=$?
echo "quickstart: open hetlane-out/report.html (or read hetlane-out/report.md)"
exit "$status"
