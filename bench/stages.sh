#!/usr/bin/env bash
# CPU and wall seconds of each header stage (dcm-parse, dcm-scrub, dcm-pseudo, dcm-write
# --allow-incomplete), each run alone on its input stream saved to a file, best of
# ${REPEAT:-5}; then the whole header pipe's wall time and files/s. For comparing builds:
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
done
