#!/usr/bin/env python3
"""Parallel efficiency of MPI ranks against threads on the same cores (not
a CI test: it measures, and a shared machine is noisy).

usage: ranks_vs_threads.py [--hetlane PATH] [--ranks 1,2,4] [--quick]

For sum and fetch it runs `mpirun -np R hetlane run W -b mpi:serial` for
each R, and `hetlane run W -b serial,pthread:R` on the same machine, and
prints the median wall time of each, the speedup over one worker and the
parallel efficiency speedup / R (1.0: every added worker paid in full).
Ranks pay what threads do not: a process each, the hand-out messages, and
(square) the scatter and gather of data; fetch waits, so both scale past
the cores. --oversubscribe lets R exceed the cores; as root it adds
--allow-run-as-root.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "..", "build", "host", "hetlane")

WORKLOADS = {
    # workload: (arguments, --quick arguments)
    "sum": (["-n", "200000000", "-t", "32"], ["-n", "50000000", "-t", "16"]),
    "fetch": (["--latency", "100", "-t", "24"], ["--latency", "50", "-t", "12"]),
}


def medians(path):
    """label -> median wall seconds of every config in results.json."""
    with open(path) as f:
        d = json.load(f)
    out = {}
    for e in d["experiments"]:
        for c in e["configs"]:
            if c["runs"] and c["verified"]:
                out[c["label"]] = c["wall_s"]["median"]
    return out


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr}")
    return r.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hetlane", default=DEFAULT)
    ap.add_argument("--ranks", default="1,2,4")
    ap.add_argument("--runs", default="5")
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    ranks = [int(x) for x in a.ranks.split(",")]
    mpirun = ["mpirun", "--oversubscribe"]
    if os.geteuid() == 0:
        mpirun.append("--allow-run-as-root")
    print(f"machine: {os.cpu_count()} CPUs; median of {a.runs} runs each; "
          f"efficiency = speedup over 1 worker / workers")
    print(f"{'workload':8} {'workers':>7} {'threads':>10} {'eff':>5} {'ranks':>10} {'eff':>5}"
          f"  clock bound")
    with tempfile.TemporaryDirectory() as tmp:
        for w, (full, quick) in WORKLOADS.items():
            args = quick if a.quick else full
            common = ["run", w, *args, "-r", a.runs, "--warmup", "1"]
            specs = ",".join(["serial"] + [f"pthread:{r}" for r in ranks if r > 1])
            out = os.path.join(tmp, f"{w}-threads")
            run([a.hetlane, *common, "-b", specs, "-q", "-o", out])
            threads = medians(os.path.join(out, "results.json"))
            t1 = threads["serial"]
            rank_t, bounds = {}, {}
            for r in ranks:
                out = os.path.join(tmp, f"{w}-ranks{r}")
                run([*mpirun, "-np", str(r), a.hetlane, *common, "-b", "mpi:serial", "-q",
                     "-o", out])
                rank_t[r] = medians(os.path.join(out, "results.json"))["mpi:serial"]
                with open(os.path.join(out, "results.json")) as f:
                    table = json.load(f)["mpi"]["ranks"]
                bounds[r] = max(x["bound_s"] for x in table)
            r1 = rank_t[ranks[0]] * ranks[0]  # one rank's time, as if alone
            for r in ranks:
                tt = t1 if r == 1 else threads[f"pthread:{r}"]
                tr = rank_t[r]
                print(f"{w:8} {r:>7} {tt * 1e3:8.2f}ms {t1 / tt / r:5.2f} {tr * 1e3:8.2f}ms "
                      f"{r1 / tr / r:5.2f}  +-{bounds[r] * 1e6:.1f} us")


if __name__ == "__main__":
    main()
