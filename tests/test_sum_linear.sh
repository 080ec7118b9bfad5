#!/usr/bin/env bash
# sum really adds: the instructions spent in hl_sum_range grow linearly
# with N (a loop folded into n(n-1)/2 would cost the same for every N).
# Counted with callgrind, which counts instructions exactly; skipped (77)
# where valgrind is missing, and failed then in CI (tests/skip.sh).
set -euo pipefail
hetlane=$1
. "$(dirname "$0")/skip.sh"
command -v valgrind >/dev/null ||
  skip_or_fail test_sum_linear "valgrind not installed (scripts/install-deps.sh --tests)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

count() {
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$1" --toggle-collect=hl_sum_range \
    "$hetlane" run sum -n "$1" -t 1 -r 1 --warmup 0 -b serial -q -o "$tmp/out" >/dev/null 2>&1
  awk '/^totals:/ {print $2}' "$tmp/cg.$1"
}

a=$(count 1000000)
b=$(count 2000000)
c=$(count 4000000)
echo "instructions in hl_sum_range: n=1M $a, 2M $b, 4M $c"
# Each doubling of N doubles the count (within 1%), and there is at least
# one instruction per 8 additions: 8 lanes per iteration at the very best.
awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN {
  r1 = b / a; r2 = c / b
  printf "ratios %.4f %.4f, %.3f instructions per addition\n", r1, r2, a / 1e6
  ok = r1 > 1.98 && r1 < 2.02 && r2 > 1.98 && r2 < 2.02 && a > 1e6 / 8
  exit ok ? 0 : 1
}'
