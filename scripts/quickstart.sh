#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what building and
# running hetlane needs (not the test tools: scripts/test.sh adds those),
# build, and run `hetlane demo`: the notebook's whole study on this
# machine, written to ./hetlane-demo as results, charts and a report.
# Ends by saying where hetlane is, how to put it on PATH and how to read
# the report. Arguments go to the demo (-o DIR, --quick, -q). Exit
# status: the demo's.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${HETLANE_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
start=$SECONDS
"$root/scripts/build.sh"
echo "quickstart: built in $((SECONDS - start)) s"
export POCL_CACHE_DIR=${POCL_CACHE_DIR:-$build/pocl-cache}
mkdir -p "$POCL_CACHE_DIR"

out=hetlane-demo
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    -o | --out) out=${args[i + 1]:-$out} ;;
    --out=*) out=${args[i]#--out=} ;;
  esac
done
status=0
"$build/host/hetlane" demo "$@" || status=$?
report=$(cd "$out" 2>/dev/null && pwd)/report.html
cat <<MSG

quickstart: hetlane is $build/host/hetlane
quickstart: to run it as \`hetlane\`, put it on PATH:
              export PATH="$build/host:\$PATH"
            or install it with hetlane(1) and bash completion (to /usr/local):
              cmake --install $build
quickstart: the report is $report (and report.md beside it)
            no browser here? copy $out/ to a machine with one (scp -r), or serve it:
              python3 -m http.server -d $out 8000
            and open http://THIS-HOST:8000/report.html
MSG
exit "$status"
