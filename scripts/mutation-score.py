#!/usr/bin/env python3
"""Mutation score of the test suite (issue 18); scripts/mutation-score.sh runs it.

Each mutation of scripts/mutations.txt is one small change to one file
(an exact string replaced by another). The tracked tree is copied once
into a work folder and configured once; then, one mutation at a time: the
string is replaced (it must occur exactly once, else the mutation is
"stale" and the run fails), the targets its tests need are rebuilt, the
tests named for it run (each under a timeout), the first test that fails
is recorded, and the file is put back. A mutation no test catches
"survived". The last line is "N of M mutations caught".

Exit status: 0 when every mutation applied and built and the score is at
least --min; 1 otherwise; 2 on a usage error.
"""
import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Mutation:
    def __init__(self, mid, path, tests, line):
        self.id, self.path, self.tests, self.line = mid, path, tests, line
        self.old = None
        self.new = None


def unescape(s):
    return s.replace("\\n", "\n").replace("\\t", "\t")


def load(path):
    """Blocks of: `ID FILE TESTS-REGEX`, then `- OLD` and `+ NEW` lines
    (\\n in them is a newline). `#` lines and blank lines are ignored."""
    muts, cur = [], None
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("- ") or line.startswith("+ "):
                if cur is None:
                    sys.exit(f"{path}:{no}: '{line[0]}' line before a mutation header")
                text = unescape(line[2:])
                if line[0] == "-":
                    cur.old = text
                else:
                    cur.new = text
                continue
            fields = line.split()
            if len(fields) != 3:
                sys.exit(f"{path}:{no}: expected 'ID FILE TESTS-REGEX', got: {line}")
            cur = Mutation(fields[0], fields[1], fields[2], no)
            muts.append(cur)
    ids = set()
    for m in muts:
        if m.old is None or m.new is None or m.old == m.new:
            sys.exit(f"{path}:{m.line}: {m.id}: needs one '- OLD' and one different '+ NEW' line")
        if m.id in ids:
            sys.exit(f"{path}:{m.line}: {m.id}: id used twice")
        ids.add(m.id)
    return muts


def sh(cmd, cwd, timeout=None, env=None):
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace", timeout=timeout, env=env)


def sync_tree(work):
    """Copies the tracked files (as they are in the working tree) into
    work/src; files whose bytes did not change keep their time stamps, so
    an incremental build rebuilds only what changed."""
    files = sh(["git", "ls-files", "-z"], ROOT).stdout.split("\0")
    src = os.path.join(work, "src")
    for rel in filter(None, files):
        a, b = os.path.join(ROOT, rel), os.path.join(src, rel)
        if not os.path.isfile(a):
            continue
        with open(a, "rb") as f:
            data = f.read()
        if os.path.isfile(b):
            with open(b, "rb") as f:
                if f.read() == data:
                    continue
        os.makedirs(os.path.dirname(b), exist_ok=True)
        shutil.copy2(a, b)
    return src


def configure(src, build, jobs):
    if not os.path.isfile(os.path.join(build, "CMakeCache.txt")):
        # Warnings stay warnings here: a mutant that only warns still runs.
        r = sh(["cmake", "-S", src, "-B", build, "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                "-DHETLANE_WERROR=OFF", "-DHETLANE_BUILD_BENCH=OFF"], src)
        if r.returncode != 0:
            sys.exit("configure failed:\n" + r.stdout[-4000:])
    r = sh(["cmake", "--build", build, "-j", str(jobs)], src)
    if r.returncode != 0:
        sys.exit("the unmutated tree does not build:\n" + r.stdout[-4000:])


def test_names(build, regex):
    r = sh(["ctest", "-N", "-R", regex], build)
    return re.findall(r"Test\s+#\d+: (\S+)", r.stdout)


def targets_of(build, tests, known):
    """The executables the tests run: the test's own (same name) and both
    hetlane binaries, which CLI and shell tests start."""
    want = ["hetlane", "hetlane-faults"] + [t for t in tests if t in known]
    return want


def run_tests(build, regex, timeout, jobs):
    """Runs the tests; returns (failed names in order, timed-out names, seconds)."""
    env = dict(os.environ)
    # A test that skips has caught nothing: outside CI mode a skip stays a
    # skip (tests/check.h), and the mutation is reported as surviving it.
    env["CI"] = ""
    env.setdefault("POCL_CACHE_DIR", os.path.join(build, "pocl-cache"))
    os.makedirs(env["POCL_CACHE_DIR"], exist_ok=True)
    t0 = time.monotonic()
    r = sh(["ctest", "-R", regex, "-j", str(jobs), "--timeout", str(timeout)], build, env=env)
    secs = time.monotonic() - t0
    if not re.search(r"Test\s+#\d+: ", r.stdout):
        sys.exit(f"mutation-score: ctest ran no test for '{regex}':\n{r.stdout[-2000:]}")
    failed, timeouts = [], []
    for m in re.finditer(r"Test\s+#\d+: (\S+) \.+\*?\*?\*?([^\n]*)", r.stdout):
        name, rest = m.group(1), m.group(2)
        if "Passed" in rest or "Not Run" in rest or "Skipped" in rest:
            continue
        failed.append(name)
        if "Timeout" in rest:
            timeouts.append(name)
    skipped = re.findall(r"Test\s+#\d+: (\S+) \.+\*+Skipped", r.stdout)
    return failed, timeouts, skipped, secs, r.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list", default=os.path.join(ROOT, "scripts", "mutations.txt"))
    ap.add_argument("--only", help="comma-separated ids")
    ap.add_argument("--pick", type=int, help="N mutations, rotating with the day (CI)")
    ap.add_argument("--seed", type=int, help="rotation for --pick (default: day of the year)")
    ap.add_argument("--workdir", help="keep the copy and its build here (reused next time)")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per test (default 120)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--min", type=float, default=0.9, help="score below this fails (0.9)")
    ap.add_argument("--check", action="store_true",
                    help="only check that every mutation applies exactly once")
    a = ap.parse_args()

    muts = load(a.list)
    if a.only:
        want = a.only.split(",")
        unknown = [w for w in want if w not in {m.id for m in muts}]
        if unknown:
            print(f"mutation-score: unknown id(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        muts = [m for m in muts if m.id in want]
    if a.pick:
        seed = a.seed if a.seed is not None else datetime.date.today().timetuple().tm_yday
        # Spread over the list (one from each part of the core), shifted
        # by one each day, so that every mutation comes round.
        n = min(a.pick, len(muts))
        muts = [muts[(seed + k * len(muts) // n) % len(muts)] for k in range(n)]

    stale = []
    for m in muts:
        p = os.path.join(ROOT, m.path)
        count = open(p, encoding="utf-8").read().count(m.old) if os.path.isfile(p) else -1
        if count != 1:
            why = "file missing" if count < 0 else f"pattern found {count} times"
            stale.append(m.id)
            print(f"STALE    {m.id:28} {m.path}: {why} (scripts/mutations.txt line {m.line})")
    if stale:
        print(f"mutation-score: {len(stale)} stale mutation(s): fix scripts/mutations.txt",
              file=sys.stderr)
        return 1
    if a.check:
        print(f"mutation-score: all {len(muts)} mutations apply")
        return 0

    work = a.workdir or tempfile.mkdtemp(prefix="hetlane-mut.")
    os.makedirs(work, exist_ok=True)
    src = sync_tree(work)
    build = os.path.join(work, "build")
    t_setup = time.monotonic()
    configure(src, build, a.jobs)
    help_out = sh(["cmake", "--build", build, "--target", "help"], src).stdout
    known = set(re.findall(r"^\.\.\. (\S+)", help_out, re.M))
    print(f"mutation-score: {len(muts)} mutation(s); tree copied and built in {work} "
          f"({time.monotonic() - t_setup:.0f} s)", flush=True)

    # The tests must pass on the unmutated tree first, or a failure would
    # be counted as a catch. (By name: CMake's regex engine refuses one
    # made of every mutation's regex, "Too many parentheses".)
    names = set()
    for m in muts:
        names.update(test_names(build, m.tests))
    union = "^(" + "|".join(sorted(names)) + ")$"
    failed, _, skipped, secs, out = run_tests(build, union, a.timeout, a.jobs)
    if failed:
        print(f"mutation-score: tests fail without any mutation: {', '.join(failed)}\n"
              + out[-3000:], file=sys.stderr)
        return 1
    note = f" (skipped: {', '.join(skipped)})" if skipped else ""
    print(f"mutation-score: the {len(names)} tests pass unmutated in {secs:.0f} s{note}",
          flush=True)

    caught = 0
    broken = []
    survivors = []
    for m in muts:
        path = os.path.join(src, m.path)
        with open(path, encoding="utf-8") as f:
            original = f.read()
        t0 = time.monotonic()
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(m.old, m.new, 1))
            tests = test_names(build, m.tests)
            if not tests:
                print(f"STALE    {m.id:28} no test matches '{m.tests}'", flush=True)
                broken.append(m.id)
                continue
            r = sh(["cmake", "--build", build, "-j", str(a.jobs), "--target"] +
                   targets_of(build, tests, known), src)
            if r.returncode != 0:
                # A mutant that does not compile proves nothing about the tests.
                tail = "\n".join(r.stdout.splitlines()[-6:])
                print(f"NOBUILD  {m.id:28} {m.path}: does not compile:\n{tail}", flush=True)
                broken.append(m.id)
                continue
            failed, timeouts, skipped, secs, out = run_tests(build, m.tests, a.timeout, a.jobs)
            took = time.monotonic() - t0
            if failed:
                caught += 1
                how = " (by timeout)" if failed[0] in timeouts else ""
                also = f" and {len(failed) - 1} more" if len(failed) > 1 else ""
                print(f"caught   {m.id:28} {m.path}: by {failed[0]}{how}{also} ({took:.0f} s)",
                      flush=True)
            else:
                note = f"; skipped: {', '.join(skipped)}" if skipped else ""
                print(f"SURVIVED {m.id:28} {m.path}: {len(tests)} test(s) passed "
                      f"({', '.join(tests)}){note} ({took:.0f} s)", flush=True)
                survivors.append(m.id)
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
    # Leave the copy's build matching its sources for the next --workdir run.
    sh(["cmake", "--build", build, "-j", str(a.jobs)], src)
    if not a.workdir:
        shutil.rmtree(work, ignore_errors=True)

    total = len(muts)
    if survivors:
        print(f"survivors: {', '.join(survivors)}")
    if broken:
        print(f"mutations that could not be judged: {', '.join(broken)}")
    print(f"{caught} of {total} mutations caught")
    if broken or (total > 0 and caught / total < a.min):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
