#!/usr/bin/env python3
"""How often the demo's conclusions flip between runs (not a CI test: it
measures noise, and noise is what a shared machine has).

usage: flips.py [--hetlane PATH] [--runs N] [--keep DIR] [-- DEMO ARGS...]

Runs `hetlane demo --quick` N times (default 5) in a row, reads each
report.md, and takes every verdict the report states: the fastest
configuration, the bound, whether threads and processes won or lost
against serial, processes against threads, and each OpenCL device's
verdict. A verdict that is "within the noise" (or "no clear difference")
is not a conclusion, so it cannot flip; a conclusion flips when two
consecutive runs state different definite verdicts for it. The goal is no
flip at all: a rerun may turn a verdict into "within the noise", never
into its opposite.

It prints one row per conclusion with the verdict of each run, then the
number of flips (consecutive pairs that disagree) and of conclusions that
flipped at least once.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

NOISE = "~"  # shown for a verdict that is not a conclusion


def noisy(text):
    return "within the noise" in text.lower()


def verdict_word(text, subject):
    """won / lost / ~ from a sentence like 'Threads won: ...'."""
    if noisy(text.split(".")[0]):
        return NOISE
    m = re.match(rf"{subject} (won|lost|made no clear difference)", text)
    if m is None:
        return None
    return m.group(1) if m.group(1) != "made no clear difference" else NOISE


def fork_vs_threads(text):
    m = re.search(r"At \d+ workers?, processes (took [\d.]+x as long as threads|were [\d.]+x "
                  r"faster than threads|and threads took about the same time|and threads "
                  r"were within the noise)", text)
    if m is None:
        return None
    said = m.group(1)
    if said.startswith("took"):
        return "processes slower"
    if said.startswith("were"):
        return "processes faster"
    return NOISE


def device_verdicts(text):
    """{label: gained/lost/~} from an OpenCL claim."""
    out = {}
    m = re.match(r"(opencl\S*) \([^)]*\) (gained|lost|made no clear difference|was within the "
                 r"noise of serial)", text)
    if m is not None:
        v = m.group(2)
        out[m.group(1)] = v if v in ("gained", "lost") else NOISE
    return out


def fastest(text):
    if noisy(text):
        return NOISE
    m = re.match(r"(\S+) was fastest", text)
    return m.group(1) if m else None


def bound(text):
    if noisy(text.split(":")[0]):
        return NOISE
    name = text.split(":", 1)[0].strip().lower()
    return NOISE if name.startswith("not clearly bound") else name


def conclusions(report_md):
    """{(workload, topic): verdict} from one report.md."""
    found = {}
    workload = None
    for line in report_md.splitlines():
        m = re.match(r"## (\w+)$", line)
        if m:
            workload = m.group(1)
            continue
        m = re.match(r"- \*\*(\w+)\.\*\* (.*)", line)
        if workload is None or m is None:
            continue
        topic, text = m.group(1), m.group(2)
        if topic == "Fastest":
            found[(workload, "fastest")] = fastest(text)
        elif topic == "Bound":
            found[(workload, "bound")] = bound(text)
        elif topic == "Threads":
            found[(workload, "threads vs serial")] = verdict_word(text, "Threads")
        elif topic == "Processes":
            found[(workload, "processes vs serial")] = verdict_word(text, "Processes")
            found[(workload, "processes vs threads")] = fork_vs_threads(text)
        elif topic == "OpenCL":
            for label, v in device_verdicts(text).items():
                found[(workload, label + " vs serial")] = v
    return {k: v for k, v in found.items() if v is not None}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--hetlane", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                      "build", "host", "hetlane"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", help="keep each run's output under this directory")
    ap.add_argument("demo_args", nargs="*", default=["--quick"])
    args = ap.parse_args()
    env = dict(os.environ)
    base = args.keep or tempfile.mkdtemp(prefix="hetlane-flips.")
    env.setdefault("POCL_CACHE_DIR", os.path.join(base, "pocl-cache"))
    os.makedirs(env["POCL_CACHE_DIR"], exist_ok=True)
    runs = []
    for i in range(args.runs):
        out = os.path.join(base, f"run{i + 1}")
        t0 = time.monotonic()
        p = subprocess.run([args.hetlane, "demo", *args.demo_args, "-q", "-o", out], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        took = time.monotonic() - t0
        if p.returncode != 0:
            sys.exit(f"run {i + 1}: hetlane demo exited {p.returncode}: {p.stderr}")
        with open(os.path.join(out, "report.md"), encoding="utf-8") as f:
            runs.append(conclusions(f.read()))
        print(f"run {i + 1}: {took:.1f} s, {len(runs[-1])} conclusions", file=sys.stderr)
    keys = sorted({k for r in runs for k in r})
    width = max(len(f"{w} {t}") for w, t in keys)
    flips = flipped = 0
    for key in keys:
        seen = [r.get(key, "-") for r in runs]
        pairs = sum(1 for a, b in zip(seen, seen[1:])
                    if a not in (NOISE, "-") and b not in (NOISE, "-") and a != b)
        flips += pairs
        flipped += pairs > 0
        mark = f"  FLIPPED {pairs}x" if pairs else ""
        print(f"{key[0] + ' ' + key[1]:<{width}}  " + "  ".join(f"{v:<16.16}" for v in seen) + mark)
    print(f"\n{args.runs} runs of hetlane demo {' '.join(args.demo_args)}: {flips} flips between "
          f"consecutive runs, {flipped} of {len(keys)} conclusions flipped at least once "
          f"({NOISE} = within the noise, not a conclusion)")


if __name__ == "__main__":
    main()
