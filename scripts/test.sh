#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite.
# Tests that need ../shared (the corpus and eval set) skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/install-deps.sh
swift build --build-tests
swift test --skip-build --disable-swift-testing 2>&1 | tee .test-output.log | grep -vE "^Test Case '.*' (started|passed)" || true
# swift test's status is lost in the pipe above: take it from its summary lines.
if grep -qE "with [1-9][0-9]* failures|error: |Fatal error|✘" .test-output.log; then
  echo "tests FAILED" >&2; exit 1
fi
summary=$(grep -E "Executed [0-9]+ tests?, with [0-9]+ failures?" .test-output.log | tail -1)
[ -n "$summary" ] || { echo "no tests ran" >&2; exit 1; }
total=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?.*/\1/')
failed=$(echo "$summary" | sed -E 's/.*with ([0-9]+) failures?.*/\1/')
skipped=$(grep -cE "Test Case .* skipped" .test-output.log || true)
echo "tests: $((total - failed)) passed, $failed failed, $skipped skipped"
