#!/usr/bin/env bash
# Benchmark dcm-scrub against dicognito and pydicom deid on the same files.
#
# Usage: bench/scrub.sh [INPUT_DIR]   (default: the corpus files that all three tools can
#        process, copied to a temporary folder: dicognito stops a whole run at its first
#        failure, so the files it fails on are left out for everybody)
# Environment:
#   SCRATCH     build directory (default .build-scrub); BIN_DIR skips the build and uses
#               dcm-parse, dcm-scrub and dcm-write from that directory instead
#   PEERS_VENV  venv with the peers (default: made by ../shared/peers/setup.sh)
#   RUNS        runs of ours, best kept (default 3); each peer runs once
#   PROFILE     dcm-scrub profile (default tcia)
#
# Prints instances per second (instances = input files, all processed by every contender;
# identical copies in the corpus share their UIDs and so their output name: fewer files are
# written than read) by wall clock and per CPU second (user + system, children included) for:
#   - dcm-scrub alone on an already parsed stream (the stage itself),
#   - dcm-parse | dcm-scrub | dcm-write (header de-identification, files in and out),
#   - dcm-parse | dcm-write (the cost of parsing and writing, for reference),
#   - dicognito and pydicom deid in their default modes,
# and the ratios of ours to the peers. The machine is shared: compare figures of one run.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${DCM_SHARED:-../shared}
RUNS=${RUNS:-3}
PROFILE=${PROFILE:-tcia}

if [ -n "${BIN_DIR:-}" ]; then
  BIN=$BIN_DIR
else
  SCRATCH=${SCRATCH:-.build-scrub}
  for p in dcm-parse dcm-scrub dcm-write; do
    swift build -c release --scratch-path "$SCRATCH" --product "$p" >/dev/null
  done
  BIN=$SCRATCH/release
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

VENV=${PEERS_VENV:-}
if [ -z "$VENV" ]; then VENV=$(bash "$SHARED/peers/setup.sh" | tail -1); fi

if [ $# -ge 1 ]; then
  IN=$1
else
  [ -f "$SHARED/corpus/CATALOG.tsv" ] || { echo "bench/scrub.sh: no corpus at $SHARED/corpus (set DCM_SHARED)" >&2; exit 2; }
  IN=$TMP/in
  mkdir -p "$IN"
  # The corpus files every contender can process: pydicom reads them, they have their UIDs,
  # dicognito anonymizes them and pydicom writes the result (both peers stop a whole run at
  # their first failure). Copied under neutral names. Not timed.
  "$VENV/bin/python" - "$SHARED/corpus" "$IN" <<'PY' 2>/dev/null
import csv, io, os, shutil, sys, warnings
import pydicom
from dicognito.anonymizer import Anonymizer
warnings.simplefilter("ignore")
root, out = sys.argv[1], sys.argv[2]
n = 0
for r in csv.DictReader(open(os.path.join(root, "CATALOG.tsv")), delimiter="\t"):
    if r.get("parses_with_pydicom") != "y":
        continue
    p = os.path.join(root, r["path"])
    try:
        ds = pydicom.dcmread(p)
        if not all(k in ds for k in ("SOPClassUID", "SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID")):
            continue
        Anonymizer().anonymize(ds)
        ds.save_as(io.BytesIO(), enforce_file_format=True)   # both peers write with pydicom
    except Exception:
        continue
    n += 1
    shutil.copy(p, os.path.join(out, f"{n}.dcm"))
PY
fi
[ -d "$IN" ] || { echo "bench/scrub.sh: $IN not found" >&2; exit 2; }
NIN=$(find "$IN" -type f | wc -l)
cat $(find "$IN" -type f) > /dev/null   # warm the page cache for every contender

count() { if [ -d "$1" ]; then find "$1" -type f | grep -cv '\.csv$' || true; else echo 0; fi; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.1f", (t > 0 ? n / t : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }

# Runs a shell command N times (default RUNS); keeps the fastest run's wall and CPU seconds
# in WALL and CPU, and the number of files in $TMP/out in FILES.
measure() {
  local n=${2:-$RUNS}
  WALL="" CPU=""
  for _ in $(seq "$n"); do
    rm -rf "$TMP/out"; mkdir -p "$TMP/out"
    /usr/bin/time -f '%e %U %S' -o "$TMP/time" sh -c "$1" >/dev/null 2>&1 || true
    read -r w u s < <(tail -1 "$TMP/time")
    if [ -z "$WALL" ] || awk -v a="$w" -v b="$WALL" 'BEGIN { exit !(a < b) }'; then
      WALL=$w; CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
    fi
  done
  FILES=$(count "$TMP/out")
}

"$BIN/dcm-parse" "$IN" > "$TMP/stream" 2>/dev/null || true
measure "'$BIN/dcm-scrub' -p '$PROFILE' < '$TMP/stream' > /dev/null"
STAGE_W=$WALL STAGE_C=$CPU
measure "'$BIN/dcm-parse' '$IN' | '$BIN/dcm-scrub' -p '$PROFILE' | '$BIN/dcm-write' --allow-incomplete --overwrite -o '$TMP/out'"
OURS_W=$WALL OURS_C=$CPU OURS_N=$FILES
measure "'$BIN/dcm-parse' '$IN' | '$BIN/dcm-write' --allow-incomplete --overwrite -o '$TMP/out'"
RT_W=$WALL RT_C=$CPU RT_N=$FILES

measure "bash '$SHARED/peers/run.sh' '$VENV' dicognito '$IN' '$TMP/out'" 1
DG_W=$WALL DG_C=$CPU DG_N=$FILES
measure "bash '$SHARED/peers/run.sh' '$VENV' deid '$IN' '$TMP/out'" 1
DE_W=$WALL DE_C=$CPU DE_N=$FILES

echo "input: $NIN files ($IN); dcm-scrub profile: $PROFILE"
printf "%-36s %8s %8s %9s %11s\n" "" "written" "wall s" "inst/s" "inst/CPU-s"
row() { printf "%-36s %8s %8s %9s %11s\n" "$1" "$2" "$3" "$(rate "$NIN" "$3")" "$(rate "$NIN" "$4")"; }
row "dcm-scrub alone (parsed stream)" "-" "$STAGE_W" "$STAGE_C"
row "dcm-parse | dcm-scrub | dcm-write" "$OURS_N" "$OURS_W" "$OURS_C"
row "dcm-parse | dcm-write (reference)" "$RT_N" "$RT_W" "$RT_C"
[ "$DG_N" -lt "$OURS_N" ] && echo "warning: dicognito wrote $DG_N files, fewer than ours: it stopped early" >&2
[ "$DE_N" -lt "$OURS_N" ] && echo "warning: deid wrote $DE_N files, fewer than ours: it stopped early" >&2
row "dicognito (default)" "$DG_N" "$DG_W" "$DG_C"
row "pydicom deid (default)" "$DE_N" "$DE_W" "$DE_C"
echo "parse|scrub|write vs dicognito: $(ratio "$DG_W" "$OURS_W")x the instances per second ($(ratio "$DG_C" "$OURS_C")x per CPU second)"
echo "parse|scrub|write vs deid:      $(ratio "$DE_W" "$OURS_W")x the instances per second ($(ratio "$DE_C" "$OURS_C")x per CPU second)"
echo "dcm-scrub alone vs dicognito:   $(ratio "$DG_W" "$STAGE_W")x ($(ratio "$DG_C" "$STAGE_C")x per CPU second)"
echo "dcm-scrub alone vs deid:        $(ratio "$DE_W" "$STAGE_W")x ($(ratio "$DE_C" "$STAGE_C")x per CPU second)"
