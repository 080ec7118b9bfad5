#!/usr/bin/env bash
# `hetlane plot` on results.json files saved by earlier versions draws the
# same files, byte for byte: a refactor that changes no behaviour must not
# move a pixel. tests/data/NAME.json is the input, NAME.sha256 the SHA-256
# of every file the reference build wrote from it (PNG charts and
# trace.json; cairo writes PNGs without timestamps). The fixtures are a
# 2-core `demo --quick` and the 16-core + H100 demo. A file that differs,
# is missing or is new fails the test and is named.
set -euo pipefail
hetlane=$1
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for sums in "$data"/*.sha256; do
  name=$(basename "$sums" .sha256)
  out="$tmp/$name"
  "$hetlane" plot "$data/$name.json" -q -o "$out"
  (cd "$out" && sha256sum -- * | sort -k2) >"$tmp/$name.got"
  if ! diff -u "$sums" "$tmp/$name.got" >"$tmp/$name.diff"; then
    echo "$name: plot output differs from the reference:"
    grep -E '^[-+][0-9a-f]' "$tmp/$name.diff" | sed 's/^/  /'
    status=1
  else
    echo "$name: $(wc -l <"$sums") files identical to the reference"
  fi
done
exit $status
