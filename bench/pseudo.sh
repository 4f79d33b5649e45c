#!/usr/bin/env bash
# Benchmark dcm-pseudo against dicognito on the same files.
#
# Usage: bench/pseudo.sh [INPUT_DIR]       (default: ../shared/eval/dev/input, 274 real
#        instances; dicognito stops at the first unreadable file, so the corpus's broken
#        files end its run early)
# Environment:
#   SCRATCH     build directory (default .build-pseudo); BIN_DIR skips the build and uses
#               dcm-parse, dcm-pseudo and dcm-write from that directory instead
#   PEERS_VENV  venv with dicognito (default: made by ../shared/peers/setup.sh)
#   RUNS        runs of our pipeline, best kept (default 3); dicognito runs once
#
# Prints instances per second, by wall clock and per CPU second (instances = files written):
#   - dcm-parse | dcm-pseudo | dcm-write (the whole de-identification path for this stage),
#   - dcm-parse | dcm-write alone (the cost of parsing and writing, for reference),
#   - dcm-pseudo alone on an already parsed stream,
#   - dicognito 0.19 in its default mode,
# and the ratios of the first to dicognito. The machine is shared: compare figures of one run;
# the CPU figures suffer less from other load than the wall-clock ones.
set -euo pipefail
cd "$(dirname "$0")/.."
IN=${1:-../shared/eval/dev/input}
RUNS=${RUNS:-3}
[ -d "$IN" ] || { echo "bench/pseudo.sh: $IN not found" >&2; exit 2; }

if [ -n "${BIN_DIR:-}" ]; then
  BIN=$BIN_DIR
else
  SCRATCH=${SCRATCH:-.build-pseudo}
  for p in dcm-parse dcm-pseudo dcm-write; do
    swift build -c release --scratch-path "$SCRATCH" --product "$p" >/dev/null
  done
  BIN=$SCRATCH/release
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$BIN/dcm-pseudo" keygen -o "$TMP/key" >/dev/null 2>&1

count() { if [ -d "$1" ]; then find "$1" -type f | grep -cv '\.csv$' || true; else echo 0; fi; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.1f", (t > 0 ? n / t : 0) }'; }

# Runs a shell command RUNS times (once with N=1); keeps the fastest run's wall and CPU
# seconds (user + system, children included) in WALL and CPU, and the files in $TMP/out in FILES.
measure() {
  local n=${2:-$RUNS}
  WALL="" CPU=""
  for _ in $(seq "$n"); do
    rm -rf "$TMP/out" "$TMP/map"
    /usr/bin/time -f '%e %U %S' -o "$TMP/time" sh -c "$1" >/dev/null 2>&1 || true
    read -r w u s < <(tail -1 "$TMP/time")
    if [ -z "$WALL" ] || awk -v a="$w" -v b="$WALL" 'BEGIN { exit !(a < b) }'; then
      WALL=$w; CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
    fi
  done
  FILES=$(count "$TMP/out")
}

measure "'$BIN/dcm-parse' '$IN' | '$BIN/dcm-pseudo' --key-file '$TMP/key' --mapping-dir '$TMP/map' | '$BIN/dcm-write' --allow-incomplete -o '$TMP/out'"
OURS_W=$WALL OURS_C=$CPU OURS_N=$FILES
measure "'$BIN/dcm-parse' '$IN' | '$BIN/dcm-write' --allow-incomplete -o '$TMP/out'"
BASE_W=$WALL BASE_C=$CPU BASE_N=$FILES
"$BIN/dcm-parse" "$IN" > "$TMP/stream" 2>/dev/null || true
RECORDS=$("$BIN/dcm-pseudo" --key-file "$TMP/key" < "$TMP/stream" 2>/dev/null | "$BIN/dcm-write" --allow-incomplete -o "$TMP/count" 2>&1 | sed -n 's/.* \([0-9][0-9]*\) records in.*/\1/p' || true)
measure "'$BIN/dcm-pseudo' --key-file '$TMP/key' < '$TMP/stream' > /dev/null"
ALONE_W=$WALL ALONE_C=$CPU

VENV=${PEERS_VENV:-$(bash ../shared/peers/setup.sh | tail -1)}
measure "bash ../shared/peers/run.sh '$VENV' dicognito '$IN' '$TMP/out'" 1
DICO_W=$WALL DICO_C=$CPU DICO_N=$FILES

TOTAL=$(find "$IN" -type f | wc -l)
row() { printf '%-44s %5s %-5s %7.2f s wall %8s inst/s %7.2f s CPU %8s inst/CPU-s\n' "$1" "$2" "$3" "$4" "$(rate "$2" "$4")" "$5" "$(rate "$2" "$5")"; }
echo "input: $IN ($TOTAL files); fastest of $RUNS runs (dicognito: 1)"
row "dcm-parse | dcm-pseudo | dcm-write" "$OURS_N" files "$OURS_W" "$OURS_C"
row "dcm-parse | dcm-write (no pseudonymization)" "$BASE_N" files "$BASE_W" "$BASE_C"
row "dcm-pseudo alone (parsed stream)" "${RECORDS:-0}" recs "$ALONE_W" "$ALONE_C"
row "dicognito (default mode)" "$DICO_N" files "$DICO_W" "$DICO_C"
[ "$DICO_N" -lt "$OURS_N" ] && echo "note: dicognito wrote fewer files (it stops at the first file pydicom cannot read)"
awk -v a="$(rate "$OURS_N" "$OURS_W")" -v b="$(rate "$DICO_N" "$DICO_W")" -v c="$(rate "$OURS_N" "$OURS_C")" -v d="$(rate "$DICO_N" "$DICO_C")" \
  'BEGIN { if (b > 0 && d > 0) printf "ratio, our pipeline / dicognito: %.1fx (wall), %.1fx (CPU)\n", a / b, c / d }'
