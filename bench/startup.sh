#!/usr/bin/env bash
# Fixed start-up CPU of each header stage: task-clock (ms) of dcm-parse, dcm-scrub, dcm-pseudo
# and dcm-write on an empty standard input (each exits at once: no input), mean of
# ${REPEAT:-20} runs (perf stat -r), /bin/true for scale. What every process pays before its
# first record, in a pipe and once per file under xargs/parallel. For comparing builds:
#   bench/startup.sh BIN_DIR [BIN_DIR...]
# Needs perf. CPU (task-clock) rather than wall time: steadier on a busy machine.
. "$(dirname "$0")/common.sh"
[ $# -ge 1 ] || { echo "usage: bench/startup.sh BIN_DIR..." >&2; exit 2; }
command -v perf >/dev/null || { echo "bench/startup.sh: perf is not installed" >&2; exit 2; }
n=${REPEAT:-20}
ms() { perf stat -r "$n" -x, -e task-clock "$@" </dev/null 2>&1 >/dev/null | grep task-clock | cut -d, -f1; }
printf "%-28s %9s %9s %9s %9s %9s\n" "task-clock ms (mean of $n)" parse scrub pseudo write true
for bin in "$@"; do
  printf "%-28s" "$(basename "$(dirname "$bin")")/$(basename "$bin")"
  for t in dcm-parse dcm-scrub dcm-pseudo dcm-write; do printf " %9.2f" "$(ms "$bin/$t")"; done
  printf " %9.2f\n" "$(ms /bin/true)"
done
