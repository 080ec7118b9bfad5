#!/usr/bin/env bash
# The quality gates CI runs after the test suite (scripts/test.sh calls
# this unless HETLANE_SKIP_GATES=1). Each gate builds in its own folder and
# fails the whole run on any finding. Run one or a few by name:
#
#   scripts/ci-gates.sh [asan] [tsan] [valgrind] [lint] [fuzz] [mutation]
#
# docs/quality.md says what each gate runs, what it suppresses and why,
# and how long it takes on the 2-core development machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
gates=("$@")
[ "${#gates[@]}" -gt 0 ] || gates=(lint asan tsan valgrind fuzz mutation)
export POCL_CACHE_DIR=${POCL_CACHE_DIR:-$root/build/pocl-cache}
mkdir -p "$POCL_CACHE_DIR"

configure_build() { # dir, cmake options...
  local dir=$1
  shift
  cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHETLANE_WERROR=ON \
    -DHETLANE_BUILD_BENCH=OFF "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" >/dev/null
}

# Tests that cannot run under a sanitizer: callgrind on an instrumented
# binary, and the timing-bound side-by-side comparison.
sanitizer_excluded='test_sum_linear|test_side_by_side'

gate_asan() {
  configure_build "$root/build-asan" -DHETLANE_ASAN=ON
  (cd "$root/build-asan" && LC_ALL=C.UTF-8 ctest --output-on-failure -j "$jobs" -E "$sanitizer_excluded")
  # The CLI tests again under a second locale: libraries that hetlane
  # loads (p11-kit, fontconfig, PoCL's LLVM) allocate per locale, and what
  # they do outside C must pass too, with third-party suppressions only.
  local second
  second=$(locale -a 2>/dev/null | grep -iE '^de_DE\.utf-?8$' | head -1 || true)
  [ -n "$second" ] || second=$(locale -a 2>/dev/null | grep -iE '\.utf-?8$' | grep -viE '^c\.' | head -1 || true)
  if [ -z "$second" ]; then
    echo "asan: no locale besides C here (scripts/install-deps.sh --tests makes de_DE.UTF-8)" >&2
    return 1
  fi
  echo "asan: the CLI tests again under LC_ALL=$second"
  (cd "$root/build-asan" && LC_ALL=$second ctest --output-on-failure -j "$jobs" -L cli -E "$sanitizer_excluded")
}

gate_tsan() {
  configure_build "$root/build-tsan" -DHETLANE_TSAN=ON
  (cd "$root/build-tsan" && ctest --output-on-failure -j "$jobs" -L threads)
}

gate_valgrind() {
  # The CLI tests run the hetlane binary through this wrapper (tests/spawn.c).
  # PoCL's hwloc prints three lines when it finds itself under valgrind;
  # without its x86 backend it stays quiet, so "one line on stderr" holds.
  "$root/scripts/build.sh"
  export HWLOC_COMPONENTS=-x86
  export HETLANE_TEST_WRAPPER="valgrind --quiet --error-exitcode=99 --leak-check=full \
--show-leak-kinds=definite --errors-for-leak-kinds=definite --suppressions=$root/tests/valgrind.supp"
  # Valgrind shows PoCL and hetlane another CPU, and both key caches on
  # it: PoCL its kernels, hetlane the ceilings a run measures
  # (commands/ceilings_cache.h; the tests share one in the build tree).
  # Fill both once under the wrapper (up to the 8 workers the CLI tests
  # use, every mode's kernels), or the first tests to reach OpenCL each
  # spend ~30 s compiling (a signal sent then waits for clBuildProgram,
  # and clang's warnings land on their stderr) and several measure the
  # ceilings at once, minutes each under the wrapper.
  local warm
  warm=$(mktemp -d)
  for w in sum square; do
    XDG_CACHE_HOME="$root/build/test-cache" $HETLANE_TEST_WRAPPER "$root/build/host/hetlane" \
      run "$w" -n 1000 -t 8 -r 1 -q -b fork:8,opencl/pageable,opencl/zero-copy \
      -o "$warm/$w" >/dev/null 2>&1 || true
  done
  rm -rf "$warm"
  (cd "$root/build" && ctest --output-on-failure -j "$jobs" -L cli)
}

gate_lint() {
  "$root/scripts/build.sh" # compile_commands.json for clang-tidy
  cd "$root"
  local sources
  mapfile -t sources < <(git ls-files '*.c' '*.h')
  python3 scripts/check-layout.py --objects build
  clang-format --dry-run --Werror "${sources[@]}"
  echo "lint: clang-format: ${#sources[@]} files formatted"
  cppcheck --enable=warning,style,performance,portability --std=c11 --inline-suppr --quiet \
    --error-exitcode=1 -I host --suppress=missingIncludeSystem host plot tests bench fuzz
  echo "lint: cppcheck: no findings"
  local units
  mapfile -t units < <(git ls-files 'host/*.c' 'plot/*.c' 'tests/*.c' 'bench/*.c')
  run-clang-tidy -p build -quiet -j "$jobs" "${units[@]/#/$root/}" >"$root/build/clang-tidy.log" 2>&1 || {
    grep -E "(warning|error):" "$root/build/clang-tidy.log" | sed 's/\x1b\[[0-9;]*m//g' >&2
    echo "lint: clang-tidy found problems (build/clang-tidy.log)" >&2
    return 1
  }
  echo "lint: clang-tidy: ${#units[@]} files, no findings"
}

gate_fuzz() {
  "$root/scripts/fuzz.sh" "${HETLANE_FUZZ_SECONDS:-60}"
}

gate_mutation() {
  # A few of scripts/mutations.txt, a different few each day; every one
  # must be caught (the whole list: scripts/mutation-score.sh, by hand).
  "$root/scripts/mutation-score.sh" --pick "${HETLANE_MUTATION_PICK:-4}" --min 1
}

for g in "${gates[@]}"; do
  case $g in
    asan | tsan | valgrind | lint | fuzz | mutation) ;;
    *) echo "ci-gates: unknown gate '$g' (asan, tsan, valgrind, lint, fuzz, mutation)" >&2; exit 2 ;;
  esac
done
for g in "${gates[@]}"; do
  start=$SECONDS
  echo "== gate $g"
  "gate_$g"
  echo "== gate $g passed in $((SECONDS - start)) s"
done
