#!/usr/bin/env python3
"""The offload check on a GPU machine: every host-memory mode on every GPU
device at two sizes, against the machine's own PCIe ceiling.

Given a built tree (or a bundle: only the binaries, their libraries and the
driver are needed), it runs
  * bench_opencl P:D          h2d / d2h per mode (256 MiB, medians)
  * hetlane run square        pageable, pinned and zero-copy at
                              n = 11,999,999 and 268,435,456, 5 runs each
  * a pinned reference copy   PyTorch (pin_memory + non_blocking copies), when
                              it can be imported; else says there is none
and prints one table per device with the ratios the offload goals name:
pinned h2d / d2h against the reference (goal >= 0.9), each whole run
against the PCIe ideal max(B / h2d, B / d2h) for B = 8n bytes each way over
the measured pinned bandwidths (goal <= 1.15), and the kernel's rate at the
large size against the device copy reference (goal >= 0.85). Every figure
printed is measured in this invocation; nothing is assumed.

usage: offload_check.py --hetlane PATH --bench PATH [--reps R] [--out DIR]
                        [--sizes N,N] [--any-device]
(--any-device also takes CPU devices such as PoCL: a dry run of this script
where no GPU is; its figures are not the GPU goals.)
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

SIZES = [11_999_999, 268_435_456]
MODES = ["pageable", "pinned", "zero-copy"]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def gpu_devices(hetlane, any_device):
    out = run([hetlane, "devices", "--json"])
    if out.returncode != 0:
        sys.exit(f"offload_check: hetlane devices failed: {out.stderr.strip()}")
    cl = json.loads(out.stdout).get("opencl") or {}
    return [d for d in cl.get("devices", []) if any_device or "GPU" in d.get("type", "")]


def bench_bandwidth(bench, index, reps):
    """{(mode, 'h2d'|'d2h'): GB/s} from bench_opencl's transfer rows."""
    out = run([bench, index, "--reps", str(reps)])
    found = {}
    for line in out.stdout.splitlines():
        m = re.match(r"(h2d|d2h) (pageable|pinned), \d+ MiB\s+([\d.]+) GB/s", line)
        if m:
            found[(m.group(2), m.group(1))] = float(m.group(3))
    if not found:
        print(out.stdout + out.stderr, file=sys.stderr)
    return found


def torch_reference(nbytes):
    """Pinned h2d / d2h and device copy in GB/s with PyTorch, or None."""
    try:
        import torch  # noqa: PLC0415 - optional, only on machines that have it
    except ImportError:
        return None
    if not torch.cuda.is_available():
        return None
    n = nbytes // 4
    host = torch.empty(n, dtype=torch.float32).pin_memory()
    host.fill_(1.0)
    dev = torch.empty(n, dtype=torch.float32, device="cuda")
    def best(fn, reps=6):
        times = []
        for _ in range(reps + 1):
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            fn()
            end.record()
            torch.cuda.synchronize()
            times.append(start.elapsed_time(end) / 1e3)
        times = sorted(times[1:])
        return times[len(times) // 2]
    h2d = nbytes / best(lambda: dev.copy_(host, non_blocking=True)) / 1e9
    d2h = nbytes / best(lambda: host.copy_(dev, non_blocking=True)) / 1e9
    other = torch.empty_like(dev)
    copy = 2 * nbytes / best(lambda: other.copy_(dev)) / 1e9  # read + write
    return {"h2d": h2d, "d2h": d2h, "device_copy": copy}


def kernel_busy_s(run_):
    spans = sorted((p["start_s"], p["end_s"]) for t in run_["tasks"] for p in t["phases"]
                   if p["name"] == "kernel")
    busy, lo, hi = 0.0, None, None
    for a, b in spans:
        if hi is None or a > hi:
            if hi is not None:
                busy += hi - lo
            lo, hi = a, b
        else:
            hi = max(hi, b)
    return busy + (hi - lo if hi is not None else 0)


def square_runs(hetlane, index, n, reps, out_dir):
    spec = ",".join(f"opencl:{index}/{m}" for m in MODES)
    d = os.path.join(out_dir, f"square-{index.replace(':', '-')}-{n}")
    res = run([hetlane, "run", "square", "-n", str(n), "-b", spec, "-r", str(reps), "-q",
               "-o", d])
    if res.returncode not in (0, 1):
        print(res.stderr, file=sys.stderr)
        return {}
    configs = json.load(open(os.path.join(d, "results.json")))["experiments"][0]["configs"]
    rows = {}
    for c in configs:
        if not c["runs"]:
            rows[c["transfer"]] = {"note": c.get("note") or "did not run"}
            continue
        runs = sorted(c["runs"], key=lambda r: r["wall_s"])
        mid = runs[(len(runs) - 1) // 2]
        rows[c["transfer"]] = {"wall": c["wall_s"]["median"], "verified": c["verified"],
                               "kernel": kernel_busy_s(mid), "tasks": c["tasks"]}
    return rows


def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hetlane", required=True)
    ap.add_argument("--bench", required=True, help="build/bench/bench_opencl")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--out", default=None)
    ap.add_argument("--sizes", default=",".join(str(n) for n in SIZES))
    ap.add_argument("--any-device", action="store_true")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    out_dir = args.out or tempfile.mkdtemp(prefix="hetlane-offload-")
    devices = gpu_devices(args.hetlane, args.any_device)
    if not devices:
        print("offload_check: no GPU among the OpenCL devices (hetlane devices)")
        return 77
    ref = torch_reference(256 << 20)
    print("pinned reference:", "PyTorch, 256 MiB: h2d %.1f GB/s, d2h %.1f GB/s, device copy "
          "%.0f GB/s" % (ref["h2d"], ref["d2h"], ref["device_copy"]) if ref else
          "none (PyTorch with CUDA not importable): ratios to it are left out")
    status = 0
    for d in devices:
        index = d["index"]
        print(f"\n== opencl:{index} {d['name']} ({d.get('driver_version', '')})")
        bw = bench_bandwidth(args.bench, index, args.reps)
        for direction in ("h2d", "d2h"):
            for mode in ("pageable", "pinned"):
                gbs = bw.get((mode, direction))
                line = f"  {direction} {mode:9s} {gbs:7.2f} GB/s" if gbs else \
                       f"  {direction} {mode:9s}       -"
                if ref and gbs:
                    line += f"   {gbs / ref[direction]:.2f} of the reference (goal >= 0.9 pinned)"
                print(line)
        h2d, d2h = bw.get(("pinned", "h2d")), bw.get(("pinned", "d2h"))
        for n in sizes:
            rows = square_runs(args.hetlane, index, n, args.reps, out_dir)
            nbytes = 8 * n
            ideal = max(nbytes / (h2d * 1e9), nbytes / (d2h * 1e9)) if h2d and d2h else None
            print(f"  square n = {n:,}: PCIe ideal "
                  + (f"{ideal * 1e3:.2f} ms" if ideal else "- (no pinned bandwidth)"))
            for mode in MODES:
                r = rows.get(mode)
                if not r or "wall" not in r:
                    print(f"    {mode:9s} {r['note'] if r else 'missing'}")
                    status = 1
                    continue
                kern_gbs = 2 * nbytes / r["kernel"] / 1e9 if r["kernel"] else 0
                line = (f"    {mode:9s} {r['wall'] * 1e3:9.2f} ms  {r['tasks']:3d} chunks  "
                        f"{'verified' if r['verified'] else 'NOT VERIFIED'}  "
                        f"x ideal {ratio(r['wall'], ideal)} (goal <= 1.15)  "
                        f"kernel {kern_gbs:.0f} GB/s")
                if ref and n == sizes[-1]:
                    line += f" = {kern_gbs / ref['device_copy']:.2f} of device copy (goal >= 0.85)"
                print(line)
                status |= 0 if r["verified"] else 1
    print(f"\nresults.json files under {out_dir}")
    return status


if __name__ == "__main__":
    sys.exit(main())
