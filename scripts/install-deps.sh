#!/usr/bin/env bash
# Installs what hetlane needs on Debian 12, as root, in two sets:
#
#   scripts/install-deps.sh           building and running hetlane (the
#                                     quick start installs only this)
#   scripts/install-deps.sh --tests   that, and what the test suite and the
#                                     quality gates add (scripts/test.sh)
#
# Idempotent: asks apt only for packages that are missing, and runs
# `apt-get update` only when something is. It says what it will install,
# prints one line per phase, keeps apt's own output in a log
# ($HETLANE_DEPS_LOG, default build/install-deps.log) and, when a phase
# fails, prints the end of that log.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# Building and running: compiler and build tools, and the libraries the
# binary links (and their headers), the CPU OpenCL device and the charts'
# font. build-essential brings dpkg-dev, which `cpack -G DEB` needs.
build_run=(
  build-essential cmake pkg-config
  libjansson-dev                  # the tests' own JSON parser (the build runs them)
  ocl-icd-opencl-dev opencl-c-headers pocl-opencl-icd # OpenCL, and the CPU as a device
  libcurl4-openssl-dev            # fetch clients
  libmicrohttpd-dev               # built-in loopback HTTP server
  libcairo2-dev fonts-dejavu-core # charts
)
# Tests and quality gates (docs/quality.md).
tests=(
  git python3                     # check-layout (git ls-files), the browser test
  man-db                          # test_install: man -l on the installed page
  valgrind                        # instruction counts; the memcheck gate
  clang clang-tidy clang-format cppcheck libclang-rt-14-dev # lint gate and libFuzzer
  chromium                        # the demo's report in a real headless browser
  locales                         # a second locale (de_DE.UTF-8) for the ASan gate
  libstarpu-dev                   # bench_coexec's StarPU side (it builds without it too)
  openmpi-bin libopenmpi-dev      # the mpi:SPEC backend and its tests (mpirun, several ranks)
)

# The ASan gate runs the CLI tests under one locale besides C.UTF-8
# (docs/quality.md); Debian's containers ship only C, so it is made here.
second_locale=de_DE.UTF-8
ensure_locale() {
  [ "$with_tests" = 1 ] || return 0
  if locale -a 2>/dev/null | grep -qix 'de_DE.utf-\{0,1\}8'; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v localedef >/dev/null; then
    echo "install-deps: locale $second_locale is missing (as root: localedef -i de_DE -f UTF-8 $second_locale)" >&2
    return 1
  fi
  localedef -i de_DE -f UTF-8 "$second_locale"
  echo "install-deps: made the locale $second_locale (the ASan gate's second locale)"
}

usage() {
  echo "usage: scripts/install-deps.sh [--tests]" >&2
  exit 2
}
with_tests=0
for arg in "$@"; do
  case $arg in
    --tests) with_tests=1 ;;
    -h | --help)
      sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) usage ;;
  esac
done

wanted=("${build_run[@]}")
what="building and running hetlane"
if [ "$with_tests" = 1 ]; then
  wanted+=("${tests[@]}")
  what="building, running and testing hetlane"
fi

missing=()
for p in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#wanted[@]} packages for $what are installed"
  ensure_locale
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing for $what: ${missing[*]}" >&2
  echo "install-deps: run this script as root (or with sudo)" >&2
  exit 1
fi

log=${HETLANE_DEPS_LOG:-$root/build/install-deps.log}
mkdir -p "$(dirname "$log")"
: >"$log"
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: for $what, installing ${#missing[@]} missing package(s): ${missing[*]}"
echo "install-deps: apt's output goes to $log"

# Runs one phase with its output in the log; one line when it is done, the
# log's end when it fails.
phase() { # name, command...
  local name=$1 start=$SECONDS
  shift
  echo "== $name: $*" >>"$log"
  if ! "$@" >>"$log" 2>&1; then
    echo "install-deps: $name FAILED after $((SECONDS - start)) s; the end of $log:" >&2
    tail -n 25 "$log" | sed 's/^/  /' >&2
    exit 1
  fi
  echo "install-deps: $name done in $((SECONDS - start)) s"
}

phase "apt-get update" apt-get update
# What apt will bring in with them, said before it does (and a name apt
# does not know stops here).
phase "apt-get install --simulate" apt-get install -s --no-install-recommends "${missing[@]}"
echo "install-deps: with their dependencies that is $(grep -c '^Inst ' "$log") package(s)"
phase "apt-get install" apt-get install -y -q --no-install-recommends "${missing[@]}"
count=$(grep -oE '[0-9]+ newly installed' "$log" | tail -1 || true)
size=$(grep -E '^Need to get ' "$log" | tail -1 | sed -E 's/^Need to get (.*) of archives.*/\1/' || true)
disk=$(grep -E '^After this operation, ' "$log" | tail -1 |
  sed -E 's/^After this operation, ([^ ]+ [^ ]+).*/\1/' || true)
echo "install-deps: ${count:-done}${size:+, $size downloaded}${disk:+, $disk on disk}"
ensure_locale
