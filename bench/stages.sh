#!/usr/bin/env bash
# CPU and wall seconds of each header stage (dcm-parse, dcm-scrub, dcm-pseudo, dcm-write
# --allow-incomplete), each run alone on its input stream saved to a file, best of
# ${REPEAT:-5}; then the whole header pipe's wall time and files/s; then ("in pipe") the CPU
# seconds of each stage inside the pipe (best of the runs), where bulk frames are spliced
# from pipe to pipe, which a stage reading a file and writing /dev/null cannot do. For
# comparing builds:
#   bench/stages.sh INPUT_DIR BIN_DIR [BIN_DIR...]
# (e.g. a release build of main and of a branch). CPU seconds are the steadier figure on a
# busy machine.
. "$(dirname "$0")/common.sh"
in=$1; shift
[ -d "$in" ] || { echo "usage: bench/stages.sh INPUT_DIR BIN_DIR..." >&2; exit 2; }
# On tmpfs when there is one, so that dcm-write's time is not the disk file system's.
work=$(mktemp -d "$([ -d /dev/shm ] && echo /dev/shm || echo /tmp)/dcm-stages.XXXXXX")
trap 'rm -rf "$work"' EXIT
files=$(find "$in" -type f | wc -l)
cat $(find "$in" -type f) > /dev/null
export REPEAT=${REPEAT:-5}
printf "%-28s %8s %8s %8s %8s %8s %10s\n" "build ($files files)" parse scrub pseudo write "pipe s" "files/s"
for bin in "$@"; do
  "$bin/dcm-pseudo" keygen -o "$work/key" >/dev/null 2>&1 || true
  "$bin/dcm-parse" -q "$in" > "$work/s1"
  "$bin/dcm-scrub" -q < "$work/s1" > "$work/s2"
  "$bin/dcm-pseudo" -q --key-file "$work/key" < "$work/s2" > "$work/s3" 2>/dev/null
  PREPARE="rm -rf $work/out"
  p=$(best_of "'$bin/dcm-parse' -q '$in' > /dev/null")
  s=$(best_of "'$bin/dcm-scrub' -q < '$work/s1' > /dev/null")
  d=$(best_of "'$bin/dcm-pseudo' -q --key-file '$work/key' < '$work/s2' > /dev/null")
  w=$(best_of "'$bin/dcm-write' -q --allow-incomplete -o '$work/out' < '$work/s3'")
  pipe=$(best_of "'$bin/dcm-parse' -q '$in' | '$bin/dcm-scrub' -q | '$bin/dcm-pseudo' -q --key-file '$work/key' | '$bin/dcm-write' -q --allow-incomplete -o '$work/out'")
  cpu() { echo "$1" | cut -d' ' -f2; }
  wall=$(echo "$pipe" | cut -d' ' -f1)
  printf "%-28s %8s %8s %8s %8s %8s %10s\n" "$(basename "$(dirname "$bin")")/$(basename "$bin") cpu" \
    "$(cpu "$p")" "$(cpu "$s")" "$(cpu "$d")" "$(cpu "$w")" "$wall" "$(printf %.0f "$(echo "$files / $wall" | bc -l)")"
  # Each stage's CPU inside the pipe, from /usr/bin/time around every process.
  t="/usr/bin/time -f %U+%S -o"
  best=(9 9 9 9)
  for _ in $(seq "$REPEAT"); do
    rm -rf "$work/out"
    $t "$work/c1" "$bin/dcm-parse" -q "$in" | $t "$work/c2" "$bin/dcm-scrub" -q | $t "$work/c3" "$bin/dcm-pseudo" -q --key-file "$work/key" 2>/dev/null \
      | $t "$work/c4" "$bin/dcm-write" -q --allow-incomplete -o "$work/out" 2>/dev/null || true
    for k in 1 2 3 4; do
      c=$(tail -1 "$work/c$k" | bc -l)
      if [ "$(echo "$c < ${best[$((k - 1))]}" | bc -l)" = 1 ]; then best[$((k - 1))]=$c; fi
    done
  done
  printf "%-28s %8.3f %8.3f %8.3f %8.3f\n" "  in pipe cpu" "${best[0]}" "${best[1]}" "${best[2]}" "${best[3]}"
done
