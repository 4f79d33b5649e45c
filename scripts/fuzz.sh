#!/usr/bin/env bash
# Fuzzes with libFuzzer: the Part 10 reader, the writer and the stream record codec
# (part10-fuzz, the default), or hostile streams into the stages (stream-fuzz: the stage
# runner, dcm-scrub's and dcm-pseudo's transforms, dcm-write's decoding).
#
#   scripts/fuzz.sh SECONDS [JOBS]
#   FUZZ_TARGET=stream-fuzz scripts/fuzz.sh SECONDS [JOBS]
#
# Builds fuzz/ (its own package, so the main build never needs -sanitize=fuzzer) with
# libFuzzer and AddressSanitizer, seeds a temporary corpus with the small files of
# ../shared/corpus (or $DCM_SHARED/corpus; none needed), and fuzzes for SECONDS in total
# with JOBS processes (default 1). Inputs that crash, hang, leak or blow memory are
# written to fuzz-out/ (git-ignored); the exit status is non-zero when there are any.
# Reproduce one with: fuzz/.build-fuzz/debug/$FUZZ_TARGET fuzz-out/crash-...
# stream-fuzz seeds are the streams dcm-parse makes of those files and of samples/.
# FUZZ_CORPUS=DIR keeps the evolving corpus in DIR across runs (seeded when empty).
set -euo pipefail

usage() { echo "usage: scripts/fuzz.sh SECONDS [JOBS]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
secs=$1 jobs=${2:-1}
target=${FUZZ_TARGET:-part10-fuzz}
[[ $target == part10-fuzz || $target == stream-fuzz ]] || { echo "FUZZ_TARGET: part10-fuzz or stream-fuzz" >&2; exit 2; }
[[ $secs =~ ^[0-9]+$ && $jobs =~ ^[0-9]+$ && $jobs -ge 1 ]] || usage

root=$(cd "$(dirname "$0")/.." && pwd)
shared=${DCM_SHARED:-$root/../shared}
out=$root/fuzz-out
scratch=$root/fuzz/.build-fuzz
flags=(-c debug --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)

echo "fuzz: building fuzz/ with libFuzzer and AddressSanitizer" >&2
(cd "$root/fuzz" && swift build "${flags[@]}" --product "$target" 2>&1 | grep -v "Cannot export local symbol" >&2)
bin=$(cd "$root/fuzz" && swift build "${flags[@]}" --show-bin-path)/$target
[[ -x $bin ]] || { echo "fuzz: build failed" >&2; exit 2; }

work=$(mktemp -d /tmp/dcm-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
corpus=${FUZZ_CORPUS:-$work/corpus}
mkdir -p "$corpus" "$out"
corpus=$(cd "$corpus" && pwd)  # libFuzzer runs in $work
seeds=0
if [[ -d $shared/corpus && -z $(ls -A "$corpus") ]]; then
    while IFS= read -r -d '' f; do
        cp "$f" "$corpus/$(basename "$f")"; seeds=$((seeds + 1))
    done < <(find "$shared/corpus" -type f -size -64k ! -name '*.tsv' ! -name '*.md' -print0)
fi
if [[ $target == stream-fuzz && -z $(ls -A "$corpus"/*.stream 2>/dev/null) ]]; then
    # Streams, not files: each seed file (and each sample) as dcm-parse writes it (binary
    # headers), and the samples also with JSON headers (a version 2 stream).
    (cd "$root" && swift build --product dcm-parse >/dev/null && swift build --product dcm-json >/dev/null)
    parse=$(cd "$root" && swift build --show-bin-path)/dcm-parse
    json=$(dirname "$parse")/dcm-json
    for f in "$corpus"/* "$root"/samples/*.dcm; do
        [[ -f $f ]] || continue
        "$parse" "$f" > "$corpus/$(basename "$f").stream" 2>/dev/null || rm -f "$corpus/$(basename "$f").stream"
        [[ $f == "$corpus"/* ]] && rm -f "$f"
    done
    for f in "$root"/samples/*.dcm; do
        "$parse" "$f" 2>/dev/null | "$json" --record --inline-bulk 2>/dev/null | "$json" --to-stream --json-header \
            > "$corpus/$(basename "$f").json.stream" 2>/dev/null || rm -f "$corpus/$(basename "$f").json.stream"
    done
    seeds=$(ls "$corpus" | wc -l)
fi
echo "fuzz: $seeds seed files under 64 KiB; ${secs}s with $jobs job(s); findings go to fuzz-out/" >&2

args=(-max_total_time="$secs" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 -max_len=65536
      -print_final_stats=1 -artifact_prefix="$out/")
[[ $jobs -gt 1 ]] && args+=(-fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
# Swift's own crash handler would report (and trip ASan on) every finding twice.
export SWIFT_BACKTRACE=enable=no
set +e
(cd "$work" && "$bin" "${args[@]}" "$corpus" > "$out/last-run.log" 2>&1)
rc=$?
set -e
grep -aE "^#[0-9]+ +DONE|^stat::|^Done|^==[0-9]+==ERROR|^SUMMARY|Test unit written|^Fatal error|Fatal error:" "$out/last-run.log" >&2 || true
echo "fuzz: libFuzzer exited with $rc; full log in fuzz-out/last-run.log" >&2

findings=$(find "$out" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'leak-*' -o -name 'oom-*' \) -newer "$work" | wc -l)
echo "fuzz: $findings new finding(s) in fuzz-out/; corpus holds $(ls "$corpus" | wc -l) inputs" >&2
[[ $findings -eq 0 && $rc -eq 0 ]] || exit 1
exit 0
