#!/usr/bin/env bash
# A large run: the dev set replicated to COUNT files (new UIDs and patients per copy, by
# bench/replicate.py, under /tmp), through the whole default pipeline (the pipe dcm-deid runs),
# with the wall time, files/s, and the CPU time and peak memory (RSS) of every stage.
#
# Usage: bench/large-run.sh
# Environment:
#   COUNT      files to make (default 50000)
#   WORK       work folder (default /tmp/dcm-large); inputs are kept between runs for the
#              same COUNT, outputs are replaced
#   BIN        directory of built tools (default: release build)
#   SRC        tree to replicate (default ../shared/eval/dev/input)
#   HEADER=1   the header pipeline only (no dcm-redact-pixels; dcm-write --allow-incomplete)
. "$(dirname "$0")/common.sh"
[ -x /usr/bin/time ] || { echo "bench needs GNU time (apt-get install time)" >&2; exit 2; }
COUNT=${COUNT:-50000}
WORK=${WORK:-/tmp/dcm-large}
SRC=${SRC:-$shared/eval/dev/input}
if [ -z "${BIN:-}" ]; then build_release; BIN=$bin; fi
need_pydicom_venv

in=$WORK/in-$COUNT
if [ ! -f "$in.complete" ]; then
  rm -rf "$in"
  echo "making $COUNT files in $in ..." >&2
  "$venv/bin/python" "$repo/bench/replicate.py" "$SRC" "$in" --count "$COUNT"
  touch "$in.complete"
fi
inputs=$(find "$in" -type f | wc -l)
bytes=$(du -sb "$in" | cut -f1)

out=$WORK/out; map=$WORK/map; times=$WORK/times; log=$WORK/log
rm -rf "$out" "$map" "$times" "$log"; mkdir -p "$map"
"$BIN/dcm-pseudo" keygen --output "$WORK/key" >/dev/null 2>&1 || true
stage() { local name=$1; shift; /usr/bin/time -q -a -o "$times" -f "$name %e %U %S %M" "$BIN/$name" "$@"; }
redact() { if [ "${HEADER:-}" = 1 ]; then cat; else stage dcm-redact-pixels; fi; }
write_args=()
[ "${HEADER:-}" = 1 ] && write_args=(--allow-incomplete)
start=$(date +%s.%N)
set +e
stage dcm-parse "$in" 2>>"$log" \
  | stage dcm-scrub 2>>"$log" \
  | stage dcm-pseudo --key-file "$WORK/key" --mapping-dir "$map" 2>>"$log" \
  | redact 2>>"$log" \
  | stage dcm-write "${write_args[@]}" -o "$out" 2>>"$log"
status=$?
set -e
end=$(date +%s.%N)
wall=$(echo "$end - $start" | bc -l)
written=$(find "$out" -type f 2>/dev/null | wc -l)
printf "large run: %d inputs (%.1f GiB), %d written, exit %d, wall %.0f s, %.1f files/s\n" \
  "$inputs" "$(echo "$bytes / 1073741824" | bc -l)" "$written" "$status" "$wall" "$(echo "$inputs / $wall" | bc -l)"
printf "%-18s %10s %12s %14s\n" stage "wall s" "CPU s" "peak RSS MiB"
while read -r name e u s m; do
  printf "%-18s %10.1f %12.1f %14.1f\n" "$name" "$e" "$(echo "$u + $s" | bc -l)" "$(echo "$m / 1024" | bc -l)"
done < "$times"
echo "stderr of the stages: $log ($(wc -l < "$log") lines)"
