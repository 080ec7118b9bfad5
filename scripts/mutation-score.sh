#!/usr/bin/env bash
# Mutation score of the test suite (issue 18, docs/quality.md): applies
# each mutation of scripts/mutations.txt to a copy of the tree, rebuilds,
# runs the tests named for it and prints which test caught it; the last
# line is "N of M mutations caught". Options (scripts/mutation-score.py):
#   --only ID[,ID]   chosen mutations     --pick N   N, rotating daily (CI)
#   --workdir DIR    reuse a copy+build   --check    only check they apply
#   --timeout S      seconds per test     --min F    lowest passing score (0.9)
set -euo pipefail
exec python3 "$(cd "$(dirname "$0")" && pwd)/mutation-score.py" "$@"
