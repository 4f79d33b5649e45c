#!/usr/bin/env bash
# Checks that de-identifying a collection in parallel gives exactly what one serial run gives:
# the collection is split into shares (one per top-level entry), each share runs the whole
# pipe (dcm-deid) with the same key and appends to one mapping directory, JOBS at a time;
# output files must be byte-identical (sorted list + sha256) and the mapping files must hold
# the same rows (compared as sorted unique rows).
#
# Usage: scripts/parallel-check.sh [IN_DIR]      (default: ../shared/corpus/real)
# Environment:
#   BIN     directory of built tools (default: release build in ${SCRATCH_PATH:-.build})
#   JOBS    parallel pipes (default 2)
#   RUNNER  xargs (default) or parallel (GNU parallel -j JOBS)
#   KEEP=1  keep the work directory
# Exit status: 0 identical, 1 different, 2 cannot run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
in=${1:-${DCM_SHARED:-$repo/../shared}/corpus/real}
jobs=${JOBS:-2}
runner=${RUNNER:-xargs}
[ -d "$in" ] || { echo "parallel-check: no input directory $in" >&2; exit 2; }
if [ -z "${BIN:-}" ]; then
  scratch=${SCRATCH_PATH:-.build}
  (cd "$repo" && swift build -c release --scratch-path "$scratch" >/dev/null)
  BIN=$(cd "$repo" && swift build -c release --scratch-path "$scratch" --show-bin-path)
fi
for t in dcm-deid dcm-parse dcm-scrub dcm-pseudo dcm-redact-pixels dcm-write; do
  [ -x "$BIN/$t" ] || { echo "parallel-check: $BIN/$t not built" >&2; exit 2; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/dcm-parallel-check.XXXXXX")
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$work"' EXIT
"$BIN/dcm-pseudo" keygen -o "$work/key" >/dev/null 2>&1
deid=("$BIN/dcm-deid" --key-file "$work/key" --write-opt --quiet)

t0=$(date +%s.%N)
set +e
"${deid[@]}" --mapping-dir "$work/serial-map" "$in" "$work/serial" 2>"$work/serial.err"
serial_status=$?
t1=$(date +%s.%N)
# One share per top-level entry of IN (directories and loose files alike).
find "$in" -mindepth 1 -maxdepth 1 -print0 | sort -z > "$work/shares"
case $runner in
  xargs)
    xargs -0 -P "$jobs" -I{} "${deid[@]}" --mapping-dir "$work/parallel-map" {} "$work/parallel" \
      < "$work/shares" 2>"$work/parallel.err" ;;
  parallel)
    parallel -0 -j "$jobs" "${deid[@]}" --mapping-dir "$work/parallel-map" {} "$work/parallel" \
      < "$work/shares" 2>"$work/parallel.err" ;;
  *) echo "parallel-check: RUNNER must be xargs or parallel" >&2; exit 2 ;;
esac
parallel_status=$?
t2=$(date +%s.%N)
set -e
# xargs reports 123 when any invocation exited 1-125; both runs fail the same broken inputs.
shares=$(tr -cd '\0' < "$work/shares" | wc -c)

# Inputs that are the same instance (same UIDs, e.g. one image in several transfer syntaxes)
# claim the same output name: the first writer wins and dcm-write refuses the others. Which
# one is first depends on scheduling, so those names are compared by presence only.
# dcm-write says "OUT/NAME exists with ... content" when another process wrote NAME, and
# "...: OUT/NAME not written" when an earlier input of its own run did.
refusal=' exists with (the same|different) content| not written( again)?$'
collided() { sed -nE -e "s|^dcm-write: .*: $2/(.*) exists with .*|./\1|p" -e "s|^dcm-write: .*: $2/(.*) not written( again)?$|./\1|p" "$1" | sort -u; }
collided "$work/serial.err" "$work/serial" > "$work/serial.coll"
collided "$work/parallel.err" "$work/parallel" > "$work/parallel.coll"
sort -u "$work/serial.coll" "$work/parallel.coll" > "$work/collided"
sums() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }
sums "$work/serial" > "$work/serial.sums"
sums "$work/parallel" > "$work/parallel.sums"
status=0
files=$(wc -l < "$work/serial.sums")
ncoll=$(wc -l < "$work/collided")
names() { awk '{ print $2 }' "$1"; }
uncollided() { awk -v list="$work/collided" 'BEGIN { while ((getline l < list) > 0) c[l] = 1 } !($2 in c)' "$1"; }
if ! cmp -s <(names "$work/serial.sums") <(names "$work/parallel.sums"); then
  echo "output file names: DIFFERENT"; diff <(names "$work/serial.sums") <(names "$work/parallel.sums") | head -20 || true; status=1
elif cmp -s <(uncollided "$work/serial.sums") <(uncollided "$work/parallel.sums"); then
  differ=$(cat "$work/serial.sums" "$work/parallel.sums" | sort -u | awk '{ print $2 }' | uniq -d | wc -l)
  echo "output files: identical ($files files; $ncoll names claimed by several inputs of the same instance, compared by name only: $differ of them hold another input's version)"
else
  echo "output files: DIFFERENT"; diff "$work/serial.sums" "$work/parallel.sums" | head -20 || true; status=1
fi
for m in uid_mapping.csv patid_mapping.csv; do
  a="$work/serial-map/$m" b="$work/parallel-map/$m"
  if [ ! -f "$a" ] && [ ! -f "$b" ]; then echo "$m: absent in both runs"; continue; fi
  sort -u "$a" > "$work/a.rows" 2>/dev/null || : > "$work/a.rows"
  sort -u "$b" > "$work/b.rows" 2>/dev/null || : > "$work/b.rows"
  if cmp -s "$work/a.rows" "$work/b.rows"; then
    echo "$m: identical ($(($(wc -l < "$work/a.rows") - 1)) unique rows)"
  else
    echo "$m: DIFFERENT"; diff "$work/a.rows" "$work/b.rows" | head -20 || true; status=1
  fi
done
# The same inputs are reported in both runs (messages naming an input, in any order).
# (Refusals of a second writer of one name are counted, not compared: which input comes
# second depends on scheduling.)
grep -F "$in/" "$work/serial.err" | grep -vE "$refusal" | sort > "$work/serial.msgs" || true
grep -F "$in/" "$work/parallel.err" | grep -vE "$refusal" | sort > "$work/parallel.msgs" || true
refused_s=$(grep -cE "$refusal" "$work/serial.err" || true)
refused_p=$(grep -cE "$refusal" "$work/parallel.err" || true)
if cmp -s "$work/serial.msgs" "$work/parallel.msgs" && [ "$refused_s" = "$refused_p" ]; then
  echo "messages about inputs: identical ($(wc -l < "$work/serial.msgs") lines, and $refused_s second writers refused in both)"
else
  echo "messages about inputs: DIFFERENT ($refused_s and $refused_p second writers refused)"
  diff "$work/serial.msgs" "$work/parallel.msgs" | head -20 || true; status=1
fi
printf 'serial: %.1f s, status %d; parallel (%s, %d jobs, %d shares): %.1f s, status %d\n' \
  "$(echo "$t1 - $t0" | bc -l)" "$serial_status" "$runner" "$jobs" "$shares" "$(echo "$t2 - $t1" | bc -l)" "$parallel_status"
[ "$files" -gt 0 ] || { echo "no output files were written" >&2; status=1; }
[ "$status" = 0 ] && echo "parallel run = serial run"
exit $status
