# Sourced by the shell tests. skip_or_fail NAME WHY: a test that cannot
# run because a device, a cache or a tool is missing is skipped (exit 77,
# SKIP_RETURN_CODE) outside CI, and fails in CI (CI=true, set by .ci/run),
# naming what is missing: a broken CI setup must not quietly test less.
# The same rule as skip_or_fail() in tests/check.h.
skip_or_fail() {
  case ${CI:-} in
    "" | 0 | false)
      echo "$1: skipped: $2"
      exit 77
      ;;
    *)
      echo "$1: CI: $2" >&2
      exit 1
      ;;
  esac
}
