#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite.
# Tests that need ../shared (the corpus and eval set) skip with a message when it is absent.
# Under CI (CI=true), or with --bare, the suite runs a second time with ../shared hidden, as on
# a bare clone, so that the skips are checked too.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/install-deps.sh
swift build --build-tests

passed=0 failed=0 skipped=0
# run_suite LABEL [VAR=VALUE...]: one run of the suite; pass/fail from swift test's own status.
run_suite() {
  local label=$1; shift
  local status=0
  env "$@" swift test --skip-build --disable-swift-testing > .test-output.log 2>&1 || status=$?
  grep -vE "^Test Case '.*' (started|passed)" .test-output.log || true
  local summary total fails skips
  summary=$(grep -E "Executed [0-9]+ tests?, with" .test-output.log | tail -1)
  if [ -z "$summary" ]; then
    echo "$label: no test summary (swift test exited $status)" >&2; exit 1
  fi
  total=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?.*/\1/')
  # "with 0 failures (...)" or "with 23 tests skipped and 0 failures (...)"
  fails=$(echo "$summary" | sed -E 's/.*[^0-9]([0-9]+) failures? \(.*/\1/')
  skips=$(echo "$summary" | sed -nE 's/.*with ([0-9]+) tests? skipped.*/\1/p')
  skips=${skips:-0}
  [[ $total =~ ^[0-9]+$ && $fails =~ ^[0-9]+$ ]] || { echo "$label: cannot read the summary: $summary" >&2; exit 1; }
  [ "$status" -eq 0 ] || [ "$fails" -gt 0 ] || fails=1   # a crash leaves no failure count
  echo "$label: $((total - fails - skips)) passed, $fails failed, $skips skipped"
  passed=$((passed + total - fails - skips)); failed=$((failed + fails)); skipped=$((skipped + skips))
}

run_suite shared
if [ "${CI:-}" = true ] || [ "${1:-}" = --bare ]; then
  bare=$(mktemp -d); trap 'rm -rf "$bare"' EXIT
  run_suite bare DCM_SHARED="$bare/absent"
fi
echo "$passed passed, $failed failed, $skipped skipped"
# Generated sources and completions must be what their generators make today.
generated=0
scripts/check-generated.sh "$(swift build --show-bin-path)" || generated=1
# ... and every Swift file formatted as .swift-format says.
scripts/format.sh --check || generated=1
[ "$failed" -eq 0 ] || { echo "tests FAILED" >&2; exit 1; }
[ "$generated" -eq 0 ] || { echo "generated files out of date, or files not formatted" >&2; exit 1; }
