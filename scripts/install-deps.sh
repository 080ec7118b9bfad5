#!/usr/bin/env bash
# Installs what hetlane needs to build and test on Debian 12, as root.
# Idempotent: asks apt only for packages that are missing, and runs
# `apt-get update` only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git python3
  valgrind                       # instruction counts in tests; the memcheck gate
  clang clang-tidy clang-format cppcheck libclang-rt-14-dev  # quality gates and libFuzzer
  libjansson-dev                 # results.json reader
  ocl-icd-opencl-dev opencl-c-headers clinfo pocl-opencl-icd  # OpenCL + CPU device
  libcurl4-openssl-dev           # fetch clients
  libmicrohttpd-dev              # built-in loopback HTTP server
  libcairo2-dev fonts-dejavu-core  # charts
  chromium                       # tests: the demo's report in a real headless browser
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${missing[*]}; run this script as root (or with sudo)" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
