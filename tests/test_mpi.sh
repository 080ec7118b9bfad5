#!/usr/bin/env bash
# mpi:SPEC under Open MPI, several ranks on this one machine: sum, square
# and fetch with 2 and 4 ranks verified, every task exactly once with its
# rank and host, clock offsets within 50 us of zero with their bound
# printed, the Ranks conclusion in the report, usage errors before any
# MPI work, and a rank killed, hung or interrupted failing the run
# cleanly (no hang, no results file). Skipped (77) without mpirun.
set -euo pipefail
hetlane=$1
command -v mpirun >/dev/null || { echo "mpirun not installed: skipping"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export POCL_CACHE_DIR=${POCL_CACHE_DIR:-$tmp/pocl}
mpi=(mpirun --oversubscribe)
[ "$(id -u)" != 0 ] || mpi+=(--allow-run-as-root)
fail() { echo "FAIL: $*" >&2; exit 1; }

# check_results DIR RANKS: every run verified, every task once, ranks and
# hosts in the records, offsets within 50 us of zero.
check_results() {
  python3 - "$1/results.json" "$2" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1])); want = int(sys.argv[2])
ranks = d["mpi"]["ranks"]
assert len(ranks) == want, f"{len(ranks)} ranks in the table, want {want}"
for r in ranks:
    assert r["host"], r
    # Within 50 us of zero, or within its own bound where no exchange
    # could do better (a sanitizer's slowdown, or tests sharing the 2
    # cores, widen every round trip: 80 us seen under two busy loops):
    # the offset never leaves the uncertainty it states.
    assert abs(r["offset_s"]) < max(50e-6, r["bound_s"]), \
        f"rank {r['rank']} offset {r['offset_s']} s, bound {r['bound_s']} s"
    assert 0 <= r["bound_s"] < 5e-3, f"rank {r['rank']} bound {r['bound_s']} s"
seen = set()
for e in d["experiments"]:
    for c in e["configs"]:
        if not c["label"].startswith("mpi:"):
            continue
        assert c["verified"] and c["runs"], c["label"]
        joined = "+" in c["label"]
        if joined:  # the join's lanes on every rank, per participant
            x = c["coexec"]
            assert x["lanes_per_rank"] == c["workers"], x
            assert all(sum(r["units"]) == c["tasks"] for r in x["runs"]), x["runs"]
        for run in c["runs"]:
            assert run["verified"], run["error"]
            ids = sorted(t["id"] for t in run["tasks"])
            if joined:  # a record per join chunk: together every task once
                assert ids == list(range(len(ids))), f"records misnumbered: {ids}"
                spans = sorted(tuple(t["range"]) for t in run["tasks"])
                end = 0
                for lo, hi in spans:
                    assert lo == end and hi > lo, f"tasks not each once: {spans}"
                    end = hi
                assert end == c["tasks"], f"tasks not each once: {spans}"
            else:
                assert ids == list(range(c["tasks"])), f"tasks not each once: {ids}"
            for t in run["tasks"]:
                assert t["ok"] and 0 <= t["rank"] < want and t["host"], t
                # lane = rank x workers + the rank's worker, of this config's SPEC
                assert t["worker"] // c["workers"] == t["rank"], (c["label"], t)
                assert t["start_s"] <= t["end_s"] <= run["wall_s"] * 1.001 + 1e-6, t
                seen.add(t["rank"])
assert len(seen) >= 2, f"only ranks {seen} ran tasks"
# results.csv: every row's rank and host, and a join chunk's range
import csv
rows = list(csv.DictReader(open(os.path.join(os.path.dirname(sys.argv[1]), "results.csv"))))
assert rows and all(r["host"] and 0 <= int(r["rank"]) < want for r in rows), rows[:2]
assert all((r["range_lo"] != "") == ("+" in r["config"]) for r in rows), rows[:2]
print(f"{sys.argv[1]}: verified, each task once, ranks {sorted(seen)} of {want}, "
      f"largest offset {max(abs(r['offset_s']) for r in ranks) * 1e6:.2f} us, "
      f"bound {max(r['bound_s'] for r in ranks) * 1e6:.2f} us")
PY
}

run_ok() { # NAME RANKS hetlane-args...
  local name=$1 np=$2
  shift 2
  "${mpi[@]}" -np "$np" timeout 100 "$hetlane" run "$@" -o "$tmp/$name" >"$tmp/$name.out" \
    2>"$tmp/$name.err" || { cat "$tmp/$name.err"; fail "$name: exit $?"; }
  grep -q "bound +-" "$tmp/$name.err" || fail "$name: no clock bound printed"
  check_results "$tmp/$name" "$np"
}

# Two mpi: configurations open at once, their runs interleaved.
run_ok sum2 2 sum -n 200000000 -t 16 -b mpi:serial,mpi:pthread:2 -r 2 --warmup 0
run_ok sum4 4 sum -n 200000000 -t 16 -b serial,mpi:pthread:2 -r 2 --warmup 0
run_ok square2 2 square -n 4000000 -t 8 -b mpi:serial -r 2 --warmup 0
run_ok square4 4 square -n 1000000 -t 16 -b mpi:pthread:1 -r 2 --warmup 0
run_ok fetch2 2 fetch --latency 40 -t 8 -b mpi:serial -r 1 --warmup 0
run_ok fetch4 4 fetch --latency 40 -t 16 -b mpi:pthread:2 -r 1 --warmup 0
# A join on every rank (threads and the OpenCL device of each rank's
# host; here PoCL's on the CPU), beside its participants alone there.
if "$hetlane" devices 2>/dev/null | grep -q '^    0:0 '; then
  run_ok sumjoin 2 sum -n 4000000 -t 16 -b mpi:pthread:1+opencl:0:0,mpi:pthread:1,mpi:opencl:0:0 \
    -r 2 --warmup 0
  grep -q 'co-execution mpi:pthread:1+opencl:0:0' "$tmp/sumjoin.out" || fail "sumjoin: no shares"
else
  case ${CI:-} in "" | 0 | false) echo "no OpenCL device: the join on every rank skipped" ;;
  *) fail "CI: no OpenCL device for the join on every rank" ;; esac
fi
# The server on an address asked for (what ranks on other hosts reach).
run_ok fetchbind 2 fetch --bind 127.0.0.2 --latency 20 -t 8 -b mpi:serial -r 1 --warmup 0
grep -q '"url":"http://127.0.0.2:' "$tmp/fetchbind/results.json" || fail "fetch --bind: not used"

# The report says how the ranks fared.
"$hetlane" report "$tmp/sum4/results.json" -o "$tmp/sum4-report" >/dev/null
grep -q '^- \*\*Ranks\.\*\* mpi:pthread:2 ran on 4 ranks' "$tmp/sum4-report/report.md" ||
  fail "report: no Ranks conclusion"
grep -q 'skew' "$tmp/sum4-report/report.md" || fail "report: no skew"
grep -q 'Against serial' "$tmp/sum4-report/report.md" || fail "report: no comparison"
python3 -c "import json; json.load(open('$tmp/sum4/trace.json'))"

# Usage errors: one line each, status 2, before any MPI work (no mpirun).
for spec in mpi mpi: mpi:nosuch mpi:mpi:serial mpi:pthread:1+serial pthread:1+mpi:serial; do
  set +e
  "$hetlane" run sum -b "$spec" -o "$tmp/usage" 2>"$tmp/usage.err"
  rc=$?
  set -e
  [ "$rc" = 2 ] || fail "-b $spec: exit $rc, want 2"
  [ "$(wc -l <"$tmp/usage.err")" = 1 ] || fail "-b $spec: not one line: $(cat "$tmp/usage.err")"
done
[ ! -e "$tmp/usage" ] || fail "usage error wrote files"

# rank_pid NAME RANK: the pid of that rank of the hetlane run tagged NAME.
rank_pid() {
  local p
  for p in $(pgrep -f -- "-o $tmp/$1" || true); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = hetlane ] || continue # not timeout or mpirun
    if grep -qx "OMPI_COMM_WORLD_RANK=$2" <<<"$(tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null)"; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# start_long NAME [joining]: a run of ~6 s in the background, in a process
# group of its own as a terminal's job is (setsid); mpirun's pid, also the
# group's, in $bg. Returns once rank 2 exists and, unless `joining`, once
# the session has started: rank 0 makes the output directory only after
# MPI_Init and the first clock exchange with every rank, which on a busy
# machine can take longer than any fixed sleep. A hang would end at the
# timeout with status 124.
start_long() {
  HETLANE_MPI_TIMEOUT=3 setsid timeout 60 "${mpi[@]}" -x HETLANE_MPI_TIMEOUT -np 3 "$hetlane" run \
    fetch --latency 200 -t 30 -b mpi:serial -r 3 --warmup 0 -o "$tmp/$1" >"$tmp/$1.out" \
    2>"$tmp/$1.err" &
  bg=$!
  local i
  for i in $(seq 1000); do
    if rank_pid "$1" 2 >/dev/null; then
      break
    fi
    sleep 0.01
  done
  rank_pid "$1" 2 >/dev/null || fail "$1: the ranks did not start"
  [ "${2:-}" != joining ] || return 0
  for i in $(seq 300); do
    if [ -d "$tmp/$1" ]; then
      sleep 0.5 # into its first runs
      return 0
    fi
    sleep 0.1
  done
  fail "$1: the session did not start"
}

expect_failed() { # NAME what-stderr-must-say
  local rc=0
  wait "$bg" || rc=$?
  [ "$rc" != 0 ] || fail "$1: exit 0"
  [ "$rc" != 124 ] || fail "$1: hung until the timeout"
  [ -z "$2" ] || grep -qE "$2" "$tmp/$1.err" || { cat "$tmp/$1.err"; fail "$1: stderr does not say '$2'"; }
  [ ! -e "$tmp/$1/results.json" ] || fail "$1: results.json written"
  local i # the ranks finish the task in hand first: a second at most
  for i in $(seq 50); do
    pgrep -f -- "-o $tmp/$1" >/dev/null || break
    sleep 0.1
  done
  ! pgrep -f -- "-o $tmp/$1" >/dev/null || fail "$1: ranks left running"
  echo "$1: failed cleanly (exit $rc)"
}

start_long killed
kill -9 "$(rank_pid killed 2)"
expect_failed killed "rank 2 .*(signal 9|Killed)"

start_long hung
kill -STOP "$(rank_pid hung 2)"
expect_failed hung "rank 2 \(host [^)]*\) (did not answer|took no message)"

# Stopped as it starts: MPI_Init and the gather of host names take no
# deadline of their own, so hetlane's watchdog ends the run; stopped a
# little later, rank 0's clock exchange or dispatch says it.
start_long joining joining
kill -STOP "$(rank_pid joining 2)"
expect_failed joining "HETLANE_MPI_TIMEOUT sets the limit"

# Ctrl-C in a terminal: SIGINT to the whole foreground group, mpirun and
# every rank.
start_long ctrlc
kill -INT -- "-$bg"
expect_failed ctrlc "" # mpirun may end before it relays what the ranks said
echo "test_mpi: all passed"
