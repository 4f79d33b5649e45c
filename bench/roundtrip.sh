#!/usr/bin/env bash
# dcm-parse | dcm-write over the corpus, against `cp -r` and pydicom's dcmread + save_as
# of the same files. Prints seconds (best of 3) and ratios. Goal: within 2x of cp, at
# least 20x faster than pydicom.
. "$(dirname "$0")/common.sh"
command -v bc >/dev/null || { echo "bench needs bc (apt-get install bc)" >&2; exit 2; }
[ -d "$corpus" ] || { echo "no corpus at $corpus (set DCM_SHARED)" >&2; exit 2; }
build_release
need_pydicom_venv
work=$(mktemp -d /tmp/dcm-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
files=$(find "$corpus" -type f | wc -l)
bytes=$(du -sb "$corpus" | cut -f1)
cat > "$work/pyrt.py" <<'PY'
import os, sys, pydicom
src, dst = sys.argv[1], sys.argv[2]
n = 0
for root, _, names in os.walk(src):
    for name in sorted(names):
        p = os.path.join(root, name)
        try:
            ds = pydicom.dcmread(p, force=True)
            ds.save_as(os.path.join(dst, f"{n}.dcm"))
            n += 1
        except Exception:
            pass
PY
# Warm the page cache so every contender reads from memory.
cat $(find "$corpus" -type f) > /dev/null
PREPARE="rm -rf $work/cp $work/ours $work/py; mkdir -p $work/py"
t_cp=$(best_of "cp -r '$corpus' '$work/cp'")
t_ours=$(best_of "'$bin/dcm-parse' '$corpus' | '$bin/dcm-write' --allow-incomplete -q --overwrite -o '$work/ours' --layout '{SOPInstanceUID}-{SeriesInstanceUID}-{InstanceNumber}.dcm'")
t_py=$(best_of "'$venv/bin/python' '$work/pyrt.py' '$corpus' '$work/py'")
read -r w_cp c_cp <<<"$t_cp"; read -r w_ours c_ours <<<"$t_ours"; read -r w_py c_py <<<"$t_py"
echo "corpus: $files files, $((bytes / 1048576)) MiB; load average $(cut -d' ' -f1 /proc/loadavg)"
printf "%-30s %9s %9s\n" "" "wall s" "CPU s"
printf "%-30s %9s %9s\n" "cp -r" "$w_cp" "$c_cp" "dcm-parse | dcm-write" "$w_ours" "$c_ours" \
  "pydicom dcmread + save_as" "$w_py" "$c_py"
echo "dcm-parse|dcm-write vs cp: $(ratio "$w_ours" "$w_cp")x the wall time, $(ratio "$c_ours" "$c_cp")x the CPU time (goal <= 2x)"
echo "pydicom vs dcm-parse|dcm-write: $(ratio "$w_py" "$w_ours")x slower by wall time, $(ratio "$c_py" "$c_ours")x by CPU time (goal >= 20x)"
