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

# Best of N wall-clock seconds of a shell command (N=${REPEAT:-3}); output discarded.
best_of() {
  local best="" t0 t1 s
  for _ in $(seq "${REPEAT:-3}"); do
    eval "${PREPARE:-true}"
    t0=$(date +%s.%N); eval "$1" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
    s=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$s < $best" | bc -l)" = 1 ]; then best=$s; fi
  done
  printf "%.3f" "$best"
}

ratio() { printf "%.1f" "$(echo "$1 / $2" | bc -l)"; }

need_pydicom_venv() {
  if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
  "$venv/bin/python" -c "import pydicom" 2>/dev/null || "$venv/bin/pip" install -q pydicom numpy >/dev/null
}
