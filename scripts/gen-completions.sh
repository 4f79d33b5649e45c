#!/usr/bin/env bash
# Generates shell completions for every dcm-* executable of Package.swift from its argument
# parser (swift-argument-parser's --generate-completion-script) into completions/:
#   completions/bash/dcm-x        -> /usr/share/bash-completion/completions/dcm-x
#   completions/zsh/_dcm-x        -> /usr/share/zsh/vendor-completions/_dcm-x
#   completions/fish/dcm-x.fish   -> /usr/share/fish/vendor_completions.d/dcm-x.fish
# Usage: scripts/gen-completions.sh [--check] [BIN_DIR]
#   BIN_DIR holds built tools; default: build them (debug) in ${SCRATCH_PATH:-.build}.
#   --check writes nothing and exits 1 when completions/ differs from what the tools generate.
# Run it after changing any tool's options, and commit completions/.
set -euo pipefail
cd "$(dirname "$0")/.."
check=false
if [ "${1:-}" = --check ]; then check=true; shift; fi
tools=$(sed -n 's/.*\.executable(name: "\(dcm-[a-z0-9-]*\)".*/\1/p' Package.swift)
[ -n "$tools" ] || { echo "no dcm-* executables found in Package.swift" >&2; exit 2; }
if [ $# -ge 1 ]; then
  bin=$1
else
  scratch=${SCRATCH_PATH:-.build}
  for t in $tools; do swift build --scratch-path "$scratch" --product "$t" >/dev/null; done
  bin=$(swift build --scratch-path "$scratch" --show-bin-path)
fi
out=completions
if $check; then out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi
mkdir -p "$out/bash" "$out/zsh" "$out/fish"
missing=0
for t in $tools; do
  if [ ! -x "$bin/$t" ]; then echo "$bin/$t: not built" >&2; missing=1; continue; fi
  "$bin/$t" --generate-completion-script bash > "$out/bash/$t"
  "$bin/$t" --generate-completion-script zsh > "$out/zsh/_$t"
  "$bin/$t" --generate-completion-script fish > "$out/fish/$t.fish"
  $check || echo "completions for $t"
done
if $check && [ $missing -eq 0 ]; then
  if ! diff -r completions "$out" > /dev/null; then
    diff -r completions "$out" | head -20 >&2
    echo "gen-completions: completions/ is out of date; run scripts/gen-completions.sh" >&2
    exit 1
  fi
  echo "gen-completions: completions/ is up to date" >&2
fi
exit $missing
