#!/usr/bin/env python3
"""The notebook's own workloads, standard library only, timed like hetlane.

Runs the three workloads of reference/parallel-programming-notebook.ipynb
the way the notebook wrote them (ThreadPool, multiprocessing Pool, plain
loops), with one honest change: the serial square materialises its result
(list(map(...))) instead of timing a lazy map object that computes nothing.

Prints one JSON object: {"workload": {"config": median_seconds, ...}, ...}.
"""
import argparse
import json
import statistics
import sys
import time
import urllib.request
from multiprocessing import Pool
from multiprocessing.dummy import Pool as ThreadPool


def square_value(x):
    return x ** 2


def sum_range(end):
    total = 0
    for number in range(0, end):
        total += number
    return total


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return len(response.read())


def median_time(fn, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def square_configs(n):
    data = range(1, n + 1)

    def serial():
        out = list(map(square_value, data))
        assert out[-1] == n * n

    def pooled(pool_type, workers):
        def run():
            with pool_type(workers) as pool:
                out = pool.map(square_value, data)
            assert out[-1] == n * n
        return run

    return {"serial": serial, "pthread:2": pooled(ThreadPool, 2), "fork:2": pooled(Pool, 2)}


def sum_configs(n, tasks):
    want = n * (n - 1) // 2

    def serial():
        assert all(sum_range(n) == want for _ in range(tasks))

    def pooled(pool_type, workers):
        def run():
            with pool_type(workers) as pool:
                assert all(s == want for s in pool.map(sum_range, [n] * tasks))
        return run

    return {"serial": serial, "pthread:2": pooled(ThreadPool, 2), "fork:2": pooled(Pool, 2),
            "fork:4": pooled(Pool, 4)}


def fetch_configs(url, tasks):
    def serial():
        for _ in range(tasks):
            fetch(url)

    def pooled(pool_type, workers):
        def run():
            with pool_type(workers) as pool:
                pool.map(fetch, [url] * tasks)
        return run

    configs = {"serial": serial}
    for w in (2, 4, 6):
        configs[f"pthread:{w}"] = pooled(ThreadPool, w)
    for w in (2, 3, 6):
        configs[f"fork:{w}"] = pooled(Pool, w)
    return configs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--square-n", type=int, default=11999999)
    ap.add_argument("--sum-n", type=int, default=11 ** 7)
    ap.add_argument("--sum-tasks", type=int, default=8)
    ap.add_argument("--fetch-url", help="URL for the fetch workload (skipped without it)")
    ap.add_argument("--fetch-tasks", type=int, default=12)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--only", choices=["square", "sum", "fetch"], action="append")
    args = ap.parse_args()

    plans = {
        "square": lambda: square_configs(args.square_n),
        "sum": lambda: sum_configs(args.sum_n, args.sum_tasks),
    }
    if args.fetch_url:
        plans["fetch"] = lambda: fetch_configs(args.fetch_url, args.fetch_tasks)
    results = {}
    for workload, make in plans.items():
        if args.only and workload not in args.only:
            continue
        results[workload] = {}
        for label, fn in make().items():
            results[workload][label] = median_time(fn, args.runs)
            print(f"python {workload} {label}: {results[workload][label]:.3f} s", file=sys.stderr)
    json.dump(results, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
