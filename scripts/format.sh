#!/usr/bin/env bash
# The tree's formatting, by swift-format (part of the Swift toolchain) with .swift-format:
# layout only (4-space indent, 150 columns, existing line breaks kept; no rewriting rules).
# Generated sources are left as their generators write them.
#   scripts/format.sh          reformat every Swift file in place
#   scripts/format.sh --check  change nothing; exit 1 and list what is not formatted
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift-format >/dev/null || { echo "format: swift-format not found (it comes with Swift 6 toolchains): skipped" >&2; exit 0; }
mapfile -t files < <(git ls-files '*.swift' | grep -v '/Generated/' | grep -v '^Package.swift$' | grep -v '/Package.swift$')
if [ "${1:-}" = --check ]; then
  if ! out=$(swift-format lint --strict --parallel "${files[@]}" 2>&1); then
    echo "$out" | head -20 >&2
    echo "format: $(echo "$out" | cut -d: -f1 | sort -u | wc -l) files not formatted; run scripts/format.sh" >&2
    exit 1
  fi
  echo "format: every Swift file is formatted" >&2
else
  swift-format format --in-place --parallel "${files[@]}"
fi
