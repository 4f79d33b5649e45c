#!/usr/bin/env bash
# Installs what is missing, builds the tools (release) and de-identifies the bundled samples
# into ./out-demo with the default pipeline, then shows a few attributes before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/install-deps.sh
swift build -c release
bin=$(swift build -c release --show-bin-path)
out=out-demo
rm -rf "$out"; mkdir -p "$out"
# A throw-away key for the demo; keep a real key safe and reuse it across batches.
"$bin/dcm-pseudo" keygen --output "$out/demo.key" >/dev/null
set -x
"$bin/dcm-parse" samples \
  | "$bin/dcm-scrub" \
  | "$bin/dcm-pseudo" --key-file "$out/demo.key" --mapping-dir "$out/mapping" \
  | "$bin/dcm-redact-pixels" \
  | "$bin/dcm-write" -o "$out/files"
set +x
echo "mapping files:"; ls "$out/mapping"
show() { "$bin/dcm-json" "$1" | head -1 | python3 -c '
import json, sys
d = json.loads(sys.stdin.readline())
def v(t):
    x = d.get(t, {}).get("Value", [""])[0]
    return x.get("Alphabetic", "") if isinstance(x, dict) else x
for t, n in [("00100010", "PatientName"), ("00100020", "PatientID"), ("00080020", "StudyDate"),
             ("00081030", "StudyDescription"), ("0008103E", "SeriesDescription"), ("00080080", "InstitutionName")]:
    print(f"  {n:17} {v(t)}")'; }
echo "before (samples/ct-1.dcm):"; show samples/ct-1.dcm
first=$(find "$out/files" -name '*.dcm' | sort | head -1)
echo "after ($first):"; show "$first"
echo "Run it on your own folder:  dcm-deid IN/ OUT/   (see man/dcm-deid.1)"
