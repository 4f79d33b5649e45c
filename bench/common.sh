# Shared helpers for the bench scripts (sourced).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${DCM_SHARED:-$repo/../shared}
corpus=$shared/corpus/real
venv=${BENCH_VENV:-/tmp/dcm-bench-venv}

build_release() {
  (cd "$repo" && swift build -c release >/dev/null)
  bin=$(cd "$repo" && swift build -c release --show-bin-path)
}

# Best of N runs (N=${REPEAT:-3}) of a shell command, output discarded: prints
# "WALL CPU" in seconds, CPU being user+system time of the command and its children.
# On a busy machine CPU seconds are the steadier figure.
best_of() {
  local best="" bestcpu="" line w c
  for _ in $(seq "${REPEAT:-3}"); do
    eval "${PREPARE:-true}"
    /usr/bin/time -o /tmp/dcm-bench-time.$$ -f "%e %U %S" bash -c "$1" >/dev/null 2>&1 || true
    line=$(tail -1 /tmp/dcm-bench-time.$$)
    w=$(echo "$line" | cut -d' ' -f1)
    c=$(echo "$line" | awk '{print $2 + $3}')
    if [ -z "$best" ] || [ "$(echo "$w < $best" | bc -l)" = 1 ]; then best=$w; fi
    if [ -z "$bestcpu" ] || [ "$(echo "$c < $bestcpu" | bc -l)" = 1 ]; then bestcpu=$c; fi
  done
  printf "%.3f %.3f" "$best" "$bestcpu"
}

ratio() { printf "%.1f" "$(echo "$1 / $2" | bc -l)"; }

need_pydicom_venv() {
  if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
  "$venv/bin/python" -c "import pydicom" 2>/dev/null || "$venv/bin/pip" install -q pydicom numpy >/dev/null
}

# redact_tree BIN IN OUT: dcm-parse IN | dcm-redact-pixels | dcm-write --allow-incomplete -o OUT
# with the tools of BIN (the run stops if one is missing), messages discarded; prints the
# wall seconds it took.
redact_tree() {
  local start t
  for t in dcm-parse dcm-redact-pixels dcm-write; do   # else every value reads as "left"
    [ -x "$1/$t" ] || { echo "redact_tree: $1/$t is not an executable" >&2; exit 2; }
  done
  start=$(date +%s.%N)
  "$1/dcm-parse" "$2" 2>/dev/null | "$1/dcm-redact-pixels" 2>/dev/null | "$1/dcm-write" --allow-incomplete -o "$3" 2>/dev/null || true
  echo "$(date +%s.%N) - $start" | bc -l
}
