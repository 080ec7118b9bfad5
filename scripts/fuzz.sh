#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time
# (default 60 s, or $1), side by side, from the corpora in fuzz/corpus. Fails on any
# crash, leak or sanitizer report; prints executions and coverage.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
build=${HETLANE_FUZZ_BUILD_DIR:-$root/build-fuzz}
command -v clang >/dev/null || { echo "fuzz: clang is not installed" >&2; exit 1; }
CC=clang cmake -S "$root" -B "$build" -DHETLANE_FUZZ=ON -DHETLANE_BUILD_TESTS=OFF \
  -DHETLANE_BUILD_BENCH=OFF -DHETLANE_WERROR=ON >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The targets run side by side: fuzz_server mostly waits on its socket,
# so the two others each keep a core (2 cores: a third of the gate's time
# of one after another, with as many executions each).
run_one() { # target: its log in $work/NAME.log, its status in $work/NAME.rc
  local target=$1 name corpus rc=0
  name=$(basename "$target")
  corpus=$root/fuzz/corpus/${name#fuzz_}
  mkdir -p "$work/$name"
  # New inputs go to a scratch corpus; the checked-in seeds stay as they are.
  (cd "$work" && "$target" -max_total_time="$seconds" -print_final_stats=1 \
    "$work/$name" "$corpus" >"$work/$name.log" 2>&1) || rc=$?
  echo "$rc" >"$work/$name.rc"
}
pids=()
for target in "$build"/fuzz/fuzz_*; do
  run_one "$target" &
  pids+=($!)
done
wait "${pids[@]}"
status=0
for target in "$build"/fuzz/fuzz_*; do
  name=$(basename "$target")
  if [ "$(cat "$work/$name.rc")" = 0 ]; then
    execs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$work/$name.log")
    cov=$(grep -o 'cov: [0-9]*' "$work/$name.log" | tail -1)
    echo "fuzz: $name: $execs executions, $cov edges, no crash"
  else
    echo "fuzz: $name FAILED:" >&2
    tail -40 "$work/$name.log" >&2
    status=1
  fi
done
# The inputs that crashed outlive the scratch folder: add one to
# fuzz/corpus once it is fixed, so the gate keeps it fixed.
for crash in "$work"/crash-* "$work"/leak-* "$work"/timeout-*; do
  [ -e "$crash" ] || continue
  cp "$crash" "$build/" && echo "fuzz: kept $build/$(basename "$crash")" >&2
done
exit "$status"
