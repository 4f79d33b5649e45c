#!/usr/bin/env bash
# The one benchmark table: the whole pipeline (exactly the pipe dcm-deid runs: parse, scrub,
# pseudo, redact, write) next to dicognito, pydicom deid and Presidio's DICOM image redactor,
# on the same files, in one run on this machine, for the corpus and the MIDI-B style
# development set of ../shared/eval:
#   throughput   files/s and MiB/s of input (wall clock, page cache warm, one run each)
#   peak memory  peak RSS (/usr/bin/time): for our pipes the sum of their processes' peaks
#                (an upper bound of what runs at once); for a peer its Python process
#   score        MIDI-B style score of ../shared/eval/score.py (series and instance level),
#                dev set only (the corpus has no answer key). Peers write no mapping files:
#                bench/peer-mapping.py builds them (untimed) from each input/output pair.
# Peers run with their default settings (as ../shared/peers/run.sh), driven one file at a
# time by bench/peer-run.py so that one file they cannot read does not end their run, all
# with OMP_THREAD_LIMIT=1 (Tesseract's threads only contend on small machines).
#
# Usage: bench/pipeline.sh
# Environment:
#   BIN          directory of built tools (default: release build in ${SCRATCH_PATH:-.build})
#   PEERS        peers to run (default: "dicognito deid presidio")
#   SETS         data sets (default: "corpus dev")
#   SCORE_OCR    tesseract (default) or none: the scorer's pixel checks
#   PEER_VENV    venv of ../shared/peers/setup.sh (default: its default)
#   SCORE_VENV   venv for the scorer (default: ~/.cache/dcm-bench/score-venv)
#   KEEP=1       keep the work directory (outputs, reports) and print its path
# A second row of ours, "header pipeline", runs dcm-parse | dcm-scrub | dcm-pseudo | dcm-write
# without the pixel stage (what dicognito does), for the header-speed comparison; no score.
. "$(dirname "$0")/common.sh"
command -v bc >/dev/null || { echo "bench needs bc (apt-get install bc)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench needs GNU time (apt-get install time)" >&2; exit 2; }
PEERS=${PEERS-dicognito deid presidio}
SETS=${SETS:-corpus dev}
SCORE_OCR=${SCORE_OCR:-tesseract}
eval_dir=$shared/eval
if [ -z "${BIN:-}" ]; then
  scratch=${SCRATCH_PATH:-.build}
  (cd "$repo" && swift build -c release --scratch-path "$scratch" >/dev/null)
  BIN=$(cd "$repo" && swift build -c release --scratch-path "$scratch" --show-bin-path)
fi
for t in dcm-deid dcm-parse dcm-scrub dcm-pseudo dcm-redact-pixels dcm-write; do
  [ -x "$BIN/$t" ] || { echo "$BIN/$t is not built" >&2; exit 2; }
done
if [ -n "$PEERS" ]; then
  peer_venv=$("$shared/peers/setup.sh" ${PEER_VENV:+"$PEER_VENV"} | tail -1)
fi
score_venv=${SCORE_VENV:-$HOME/.cache/dcm-bench/score-venv}
if [[ " $SETS " == *" dev "* ]]; then
  [ -x "$score_venv/bin/python" ] || python3 -m venv "$score_venv"
  "$score_venv/bin/python" -c "import pydicom, numpy, nltk, PIL" 2>/dev/null \
    || "$score_venv/bin/pip" install -q pydicom numpy nltk pillow >/dev/null
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/dcm-bench-pipeline.XXXXXX")
if [ "${KEEP:-}" = 1 ]; then echo "work directory: $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
"$BIN/dcm-pseudo" keygen -o "$work/key" >/dev/null 2>&1

rows=() notes=()
# row SET TOOL IN OUT SECONDS RSS_KIB SCORE_SERIES SCORE_INSTANCE
row() {
  local files bytes out_files fps mibs
  files=$(find "$3" -type f | wc -l)
  bytes=$(du -sb "$3" | cut -f1)
  out_files=$(find "$4" -type f \( -name '*.csv' -prune -o -print \) 2>/dev/null | wc -l)
  fps=$(printf "%.1f" "$(echo "$files / $5" | bc -l)")
  mibs=$(printf "%.1f" "$(echo "$bytes / 1048576 / $5" | bc -l)")
  rows+=("| $1 | $2 | $files | $out_files | $(printf "%.1f" "$5") | $fps | $mibs | $(( $6 / 1024 )) | $7 | $8 |")
}

# score SET TOOL OUT MAPDIR -> "series instance" (dev set only)
score() {
  [ "$1" = dev ] || { echo "n/a n/a"; return; }
  local rep=$work/$1/$2-report
  "$score_venv/bin/python" "$eval_dir/score.py" --key "$eval_dir/dev/answer_key.db" --output "$3" \
    --uid-map "$4/uid_mapping.csv" --patid-map "$4/patid_mapping.csv" --report-dir "$rep" \
    --name "$2" --ocr "$SCORE_OCR" > "$rep.txt" 2>&1 || { echo "error error"; return; }
  "$score_venv/bin/python" -c "import json,sys; s=json.load(open(sys.argv[1]))['scores']; print('%s%% %s%%' % (s.get('series'), s.get('instance')))" "$rep/summary.json"
}

for set in $SETS; do
  case $set in
    corpus) in=$corpus ;;
    dev) in=$eval_dir/dev/input ;;
    *) echo "unknown set $set" >&2; exit 2 ;;
  esac
  [ -d "$in" ] || { echo "no data set at $in" >&2; exit 2; }
  mkdir -p "$work/$set"
  find "$in" -type f -print0 | xargs -0 cat > /dev/null   # warm the page cache for everyone

  # Ours: the pipe dcm-deid runs, each process under /usr/bin/time for its peak RSS.
  out=$work/$set/ours map=$work/$set/ours-map
  pipe=$("$BIN/dcm-deid" -n --key-file "$work/key" --mapping-dir "$map" --write-opt --quiet "$in" "$out")
  timed=$(printf '%s' "$pipe" | awk -v d="$work/$set/rss" 'BEGIN { RS = " [|] "; ORS = "" }
    { printf "%s/usr/bin/time -f %%M -o %s.%d %s", (NR > 1 ? " | " : ""), d, NR, $0 }')
  t0=$(date +%s.%N)
  eval "$timed" 2> "$work/$set/ours.err" || true
  t1=$(date +%s.%N)
  rss=$(cat "$work/$set"/rss.* | awk '{ s += $1 } END { print s }')
  largest=$(cat "$work/$set"/rss.* | sort -n | tail -1)
  sc=$(score "$set" ours "$out" "$map")
  row "$set" "dcm-deid pipeline" "$in" "$out" "$(echo "$t1 - $t0" | bc -l)" "$rss" $sc
  notes+=("$set: our largest process peaked at $((largest / 1024)) MiB; $(grep -c . "$work/$set/ours.err" || true) lines on stderr")

  # Ours without the pixel stage: the header pipeline (what dicognito does), same key.
  out=$work/$set/header map=$work/$set/header-map; mkdir -p "$map"
  hr=$work/$set/header-rss; tm() { /usr/bin/time -f %M -o "$hr.$1" "${@:2}"; }
  t0=$(date +%s.%N)
  tm 1 "$BIN/dcm-parse" -q "$in" | tm 2 "$BIN/dcm-scrub" -q | tm 3 "$BIN/dcm-pseudo" -q --key-file "$work/key" --mapping-dir "$map" \
    | tm 4 "$BIN/dcm-write" -q --allow-incomplete -o "$out" 2>/dev/null || true
  t1=$(date +%s.%N)
  rss=$(cat "$hr".* | awk '{ s += $1 } END { print s }')
  row "$set" "header pipeline (no pixel stage)" "$in" "$out" "$(echo "$t1 - $t0" | bc -l)" "$rss" n/a n/a

  for peer in $PEERS; do
    out=$work/$set/$peer
    OMP_THREAD_LIMIT=1 /usr/bin/time -f "%e %M" -o "$work/$set/$peer.time" \
      "$peer_venv/bin/python" "$repo/bench/peer-run.py" "$peer" "$in" "$out" "$work/$set/$peer.pairs" \
      > "$work/$set/$peer.log" 2>&1 || true
    notes+=("$set: $(tail -1 "$work/$set/$peer.log")")
    read -r secs kib < <(tail -1 "$work/$set/$peer.time")
    sc="n/a n/a"
    if [ "$set" = dev ]; then
      "$peer_venv/bin/python" "$repo/bench/peer-mapping.py" "$work/$set/$peer.pairs" "$work/$set/$peer-map" 2>> "$work/$set/$peer.log"
      sc=$(score "$set" "$peer" "$out" "$work/$set/$peer-map")
    fi
    row "$set" "$peer" "$in" "$out" "$secs" "$kib" $sc
  done
done

echo "| set | tool | files in | files out | s | files/s | MiB/s | peak RSS MiB | MIDI-B series | MIDI-B instance |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "$(nproc) cores, $(uname -m); pixel checks of the score: $SCORE_OCR; one run each, page cache warm."
printf '%s\n' "${notes[@]}"
