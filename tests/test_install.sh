#!/usr/bin/env bash
# hetlane installed like a tool: `cmake --install` into a temporary prefix
# puts the binary, hetlane(1) and bash completion in their standard places,
# and the installed binary runs; the man page renders without a warning
# and names every command and every option that any --help shows; the
# completion offers them too; `cpack -G DEB` makes a package whose Depends
# come from the binary's real libraries, and whose binary runs.
#
#   test_install.sh BUILD_DIR OPENCL(0|1) FETCH(0|1) CHARTS(0|1)
set -euo pipefail
build=$1 with_opencl=$2 with_fetch=$3 with_charts=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
  echo "FAIL: $*"
  fail=1
}

# 1. Install into a prefix; run what was installed.
cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log"
bin=$tmp/prefix/bin/hetlane
man=$tmp/prefix/share/man/man1/hetlane.1.gz
completion=$tmp/prefix/share/bash-completion/completions/hetlane
for f in "$bin" "$man" "$completion"; do
  [ -s "$f" ] || bad "not installed: ${f#"$tmp/prefix/"}"
done
grep -q '^hetlane [0-9]' <<<"$("$bin" --version)" || bad "installed binary: --version"
"$bin" run sum -n 1000 -b serial -r 1 -q -o "$tmp/out" >/dev/null || bad "installed binary: run"
[ -s "$tmp/out/results.json" ] || bad "installed binary wrote no results.json"
# The test-only fault hooks are not in what is installed (util/fault.h):
# the variables that make tests/hetlane-faults fail do nothing here.
faulted=$(HETLANE_FAULT=alloc:1 HETLANE_FAULT_TALLY=1 HETLANE_FAULT_CRASH_TASK=0 \
  "$bin" run sum -n 1000 -b fork:2 -r 1 -q -o "$tmp/out-faults" 2>&1 >/dev/null) ||
  bad "installed binary honours HETLANE_FAULT: $faulted"
[ -z "$faulted" ] || bad "installed binary printed under HETLANE_FAULT_TALLY: $faulted"
echo "install: binary, man page and completion in place; the installed binary runs"

# 2. The man page renders without a warning, with man(1) too where it is.
zcat "$man" >"$tmp/hetlane.1"
if ! groff -man -ww -z "$tmp/hetlane.1" 2>"$tmp/groff.err" || [ -s "$tmp/groff.err" ]; then
  bad "groff warns about the man page:"
  sed 's/^/  /' "$tmp/groff.err"
fi
if command -v man >/dev/null; then
  MANWIDTH=100 man -l "$man" >"$tmp/man.txt" 2>"$tmp/man.err" || bad "man -l failed"
  [ ! -s "$tmp/man.err" ] || bad "man -l said: $(cat "$tmp/man.err")"
  grep -q "OUTPUT DIRECTORY" "$tmp/man.txt" || bad "man -l: no OUTPUT DIRECTORY section"
  echo "man page: man -l renders it, groff without a warning"
else
  echo "man page: groff renders it without a warning (man-db is not installed)"
fi

# 3. Every command and every option of every --help, in the page and in
# the completion. The page's source, with \- as -, is what is searched.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$tmp/hetlane.1" >"$tmp/page.txt"
# shellcheck disable=SC1090
source "$completion"
complete_words() { # words of the line; prints what TAB offers for the last
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _hetlane 2>/dev/null
  printf '%s\n' "${COMPREPLY[@]}"
}
commands=$("$bin" --help | sed -nE 's/^  hetlane ([a-z]+) .*/\1/p' | sort -u)
[ "$(echo "$commands" | wc -w)" -ge 6 ] || bad "top-level help lists only: $commands"
offered=$(complete_words hetlane "")
noptions=0
for cmd in "" $commands; do
  if [ -n "$cmd" ]; then
    grep -qE "^\.B $cmd\$" "$tmp/page.txt" || bad "man page: no command '$cmd' under COMMANDS"
    grep -qx "$cmd" <<<"$offered" || bad "completion: does not offer '$cmd'"
  fi
  help=$("$bin" $cmd --help)
  options_in() { { grep -oE '(^|[][ (,|])--?[a-zA-Z][a-zA-Z-]*' || true; } | sed -E 's/^[][ (,|]//' | sort -u; }
  # Every option the text names is in the page; those it defines (the
  # usage line, lines that start with one) are offered after the command.
  opts=$(echo "$help" | options_in)
  own=$(echo "$help" | { grep -E '^(usage:|\s+-)' || true; } | options_in)
  cmd_offered=$(complete_words hetlane ${cmd:+"$cmd"} -)
  for opt in $opts; do
    noptions=$((noptions + 1))
    grep -qE -- "(^|[^-a-zA-Z])$opt([^-a-zA-Z]|\$)" "$tmp/page.txt" ||
      bad "man page: '$opt' (from hetlane $cmd --help) is missing"
  done
  for opt in $own; do
    [ -z "$cmd" ] || grep -qx -- "$opt" <<<"$cmd_offered" ||
      bad "completion: 'hetlane $cmd' does not offer '$opt'"
  done
done
echo "man page and completion: every command and all $noptions options of every --help"
[ "$(complete_words hetlane run sum --format "")" = "$(printf 'pdf\npng\nsvg')" ] ||
  [ "$(complete_words hetlane run sum --format "" | sort | tr '\n' ' ')" = "pdf png svg " ] ||
  bad "completion: --format values"
grep -qx sum <<<"$(complete_words hetlane run "")" || bad "completion: workloads after run"
grep -qx "pthread:2,serial" <<<"$(complete_words hetlane run sum -b pthread:2,s)" ||
  bad "completion: a -b list item"

# 4. The Debian package: Depends from dpkg-shlibdeps, the files, a binary
# that runs from it, and apt that would install it here.
if ! command -v dpkg-deb >/dev/null || ! command -v dpkg-shlibdeps >/dev/null; then
  [ "$fail" = 0 ] || exit 1
  . "$(dirname "$0")/skip.sh"
  skip_or_fail test_install "deb: dpkg-deb or dpkg-shlibdeps missing (apt-get install dpkg-dev)"
fi
(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) ||
  { bad "cpack failed:"; tail -20 "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/pkg/hetlane_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
want="libc6 fonts-dejavu-core"
[ "$with_charts" = 1 ] && want="$want libcairo2"
[ "$with_fetch" = 1 ] && want="$want libcurl4 libmicrohttpd12"
[ "$with_opencl" = 1 ] && want="$want ocl-icd-libopencl1"
for p in $want; do
  grep -qE "(^|[ ,|])$p( |,|$)" <<<"$depends" || bad "deb Depends lacks $p: $depends"
done
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/hetlane ./usr/share/man/man1/hetlane.1.gz \
  ./usr/share/bash-completion/completions/hetlane; do
  grep -q " $f\$" <<<"$contents" || bad "deb lacks $f"
done
dpkg-deb -x "$deb" "$tmp/root"
"$tmp/root/usr/bin/hetlane" run sum -n 1000 -b serial -r 1 -q -o "$tmp/out-deb" >/dev/null ||
  bad "the packaged binary does not run"
echo "deb: $(basename "$deb"), $(stat -c %s "$deb") bytes; Depends: $depends"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get install -s --no-install-recommends "$deb" >"$tmp/apt.log" 2>&1 &&
    grep -q '^Inst hetlane ' "$tmp/apt.log" &&
    echo "deb: apt-get would install it here ($(grep -c '^Inst ' "$tmp/apt.log") package(s))" ||
    bad "apt-get install -s: $(tail -3 "$tmp/apt.log")"
fi
exit $fail
