#!/usr/bin/env bash
# Installs what is missing, builds the tools (release) and de-identifies the bundled samples
# into ./out-demo, then shows a few attributes before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/install-deps.sh
swift build -c release
bin=$(swift build -c release --show-bin-path)
out=out-demo
rm -rf "$out"
stages=("$bin/dcm-scrub")
[ -x "$bin/dcm-pseudo" ] && stages+=("$bin/dcm-pseudo --key-file samples/demo.key --mapping-dir $out/mapping")
pipe="$bin/dcm-parse samples"
for s in "${stages[@]}"; do pipe="$pipe | $s"; done
pipe="$pipe | $bin/dcm-write -o $out/files -v"
echo "\$ $pipe" | sed "s#$bin/##g"
eval "$pipe"
show='{p: .["00100010"].Value, id: .["00100020"].Value, date: .["00080020"].Value, desc: .["00081030"].Value}'
if command -v jq >/dev/null 2>&1; then
  echo "before:"; "$bin/dcm-json" samples/ct-1.dcm | jq -c "$show"
  echo "after:";  "$bin/dcm-json" "$out/files" | head -1 | jq -c "$show"
else
  echo "before:"; "$bin/dcm-json" samples/ct-1.dcm | head -c 400; echo
  echo "after:";  "$bin/dcm-json" "$out/files" | head -1 | head -c 400; echo
fi
