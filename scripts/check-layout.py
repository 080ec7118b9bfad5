#!/usr/bin/env python3
"""Checks that host/ and plot/ keep the data flow of README's "Layout".

1. Folders form layers (LAYERS, lowest first): a file may include headers
   of its own layer or a lower one, never a higher one. Sub-folders
   (backends/opencl, workloads/fetch) belong to their top folder.
2. No circle of #include between files.
3. host/ holds only main.c (and CMakeLists.txt) at its top; no source
   file is longer than MAX_LINES (a longer one is two files).
4. With --objects BUILD_DIR: no circle of calls between files, read from
   the object files (a file calls another when it uses a symbol the other
   defines; nm, so function-pointer tables count as uses).

Prints every violation, one per line, and exits 1 when there is one.
CI runs it (scripts/ci-gates.sh lint); run it by hand after a move.
"""
import argparse
import os
import re
import subprocess
import sys

LAYERS = ["util", "model", "workloads", "backends", "experiment", "output",
          "report", "plot", "cli", "commands", "main"]
MAX_LINES = 500
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def folder_of(path):
    """'host/backends/opencl/x.c' -> 'backends'; 'plot/x.c' -> 'plot'."""
    parts = path.split("/")
    if parts[0] == "plot":
        return "plot"
    if parts[0] == "host" and len(parts) == 2:
        return "main"
    return parts[1]


def sources(root):
    out = subprocess.run(["git", "ls-files", "host", "plot"], cwd=root, check=True,
                         capture_output=True, text=True).stdout.split()
    return [p for p in out if p.endswith((".c", ".h"))]


def resolve(root, inc):
    """An include as written -> the repository path it names, or None
    (a generated or system header)."""
    for base in ("host", ""):
        p = os.path.join(base, inc) if base else inc
        if os.path.exists(os.path.join(root, p)):
            return p
    return None


def cycles(graph):
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def check_includes(root):
    problems = []
    graph = {}
    for path in sources(root):
        text = open(os.path.join(root, path), encoding="utf-8").read()
        here = folder_of(path)
        if here not in LAYERS:
            problems.append(f"{path}: folder '{here}' is not in LAYERS (scripts/check-layout.py)")
            continue
        for inc in INCLUDE.findall(text):
            target = resolve(root, inc)
            if target is None:
                continue
            graph.setdefault(path, set()).add(target)
            there = folder_of(target)
            if there in LAYERS and LAYERS.index(there) > LAYERS.index(here):
                problems.append(f"{path}: includes {inc}: {here}/ may not depend on {there}/ "
                                f"(layers, lowest first: {' < '.join(LAYERS)})")
    for comp in cycles(graph):
        problems.append("include circle: " + " -> ".join(comp))
    return problems


def check_files(root):
    problems = []
    for path in sources(root):
        if folder_of(path) == "main" and path != "host/main.c":
            problems.append(f"{path}: only main.c sits directly in host/; give it a stage folder")
        with open(os.path.join(root, path), encoding="utf-8") as f:
            lines = sum(1 for _ in f)
        if lines > MAX_LINES:
            problems.append(f"{path}: {lines} lines, over {MAX_LINES}: split it by purpose")
    return problems


def check_calls(root, build):
    defined, used = {}, {}
    for dirpath, _, files in os.walk(build):
        if "CMakeFiles" not in dirpath or not re.search(r"hetlane_(core|plot|commands)\.dir", dirpath):
            continue
        for f in files:
            if not f.endswith(".c.o") or f.startswith("cl_sources"):
                continue
            obj = os.path.join(dirpath, f)
            name = obj.split(".dir/", 1)[1][:-2]
            top = "plot" if "hetlane_plot.dir" in obj else "host"
            if not os.path.exists(os.path.join(root, top, name)):
                continue  # left behind by a source that moved
            out = subprocess.run(["nm", "--defined-only", "-g", obj], capture_output=True,
                                 text=True, check=True).stdout
            for line in out.splitlines():
                defined[line.split()[-1]] = name
            out = subprocess.run(["nm", "-u", obj], capture_output=True, text=True,
                                 check=True).stdout
            used[name] = {line.split()[-1] for line in out.splitlines()}
    graph = {f: {defined[s] for s in syms if s in defined and defined[s] != f}
             for f, syms in used.items()}
    return ["call circle: " + " -> ".join(c) for c in cycles(graph)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--objects", metavar="BUILD_DIR",
                    help="also check calls between the object files of this build")
    args = ap.parse_args()
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True,
                          text=True, check=True).stdout.strip()
    problems = check_includes(root) + check_files(root)
    if args.objects:
        problems += check_calls(root, args.objects)
    for p in problems:
        print(p)
    if problems:
        print(f"check-layout: {len(problems)} problem(s)")
        return 1
    print("check-layout: layers, includes" + (" and calls" if args.objects else "") + " in order")
    return 0


if __name__ == "__main__":
    sys.exit(main())
