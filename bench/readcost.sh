#!/usr/bin/env bash
# What dcm-redact-pixels' reads cost and what they find: runs the stage on one thread
# (-j 1) over a folder of DICOM files (default: the dev set's inputs, through dcm-scrub)
# or over a saved dcm-stream (STREAM=file), with DCM_PIXELS_DEBUG_CALLS, _HITS and _TIME,
# and prints per kind of OCR call (normal, extreme, faint, outlined; sparse or automatic
# mode) the calls made, their CPU seconds, and the identifying words found (hits) whose
# text one of those calls read, and how many of them no other kind of call read, and the
# thousands of LSTM steps Tesseract ran (what its time follows: each text line it found,
# width over height times 36) with the share of them spent on junk lines (confidence
# under 50). Then the CPU seconds of the faint look and of the outlined look (OCR
# included), and the decoding time per transfer syntax (records, seconds, million
# samples). A kind of call
# that finds nothing here may still carry recall on the generated benches (contrast.sh,
# outlined.sh, fonts.sh): run it on their inputs too (IN=their work directory's in/).
# BIN=dir-with-release-binaries skips the build; KEEP=file keeps the debug output.
. "$(dirname "$0")/common.sh"
if [ -n "${BIN:-}" ]; then bin=$BIN; else build_release; fi
log=${KEEP:-$(mktemp /tmp/dcm-bench-readcost.XXXXXX)}
[ -n "${KEEP:-}" ] || trap 'rm -f "$log"' EXIT
debug() { DCM_PIXELS_DEBUG_CALLS=1 DCM_PIXELS_DEBUG_HITS=1 DCM_PIXELS_DEBUG_TIME=1 "$bin/dcm-redact-pixels" -j 1 >/dev/null 2>"$log" || true; }
if [ -n "${STREAM:-}" ]; then
  debug <"$STREAM"
else
  "$bin/dcm-parse" "${IN:-$shared/eval/dev/input}" 2>/dev/null | "$bin/dcm-scrub" 2>/dev/null | debug
fi
python3 - "$log" <<'PY'
import sys, re, collections
calls, cpu, hits, only = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
steps, junk = collections.Counter(), collections.Counter()
looks = collections.Counter()
decode = collections.defaultdict(lambda: [0, 0.0, 0.0])  # transfer syntax: records, s, Msamples
read, found = [], []
def record():
    # A hit is credited to every kind of call of its record that read its text.
    for h in found:
        kinds = {k for k, words in read if h in words}
        for k in kinds: hits[k] += 1
        if len(kinds) == 1: only[next(iter(kinds))] += 1
    read.clear(); found.clear()
for line in open(sys.argv[1], errors="replace"):
    line = line.rstrip("\n").replace("dcm-redact-pixels: ", "")
    m = re.match(r"call (extreme |faint |outlined )?\d+x\d+ (sparse|auto) .*? cpu (\d+) dms.*? words:(.*)", line)
    if m:
        k = (m.group(1) or "normal ").strip() + " " + m.group(2)
        calls[k] += 1; cpu[k] += int(m.group(3)) / 10000
        s = re.search(r" steps (\d+) junk (\d+) ", line)
        if s: steps[k] += int(s.group(1)); junk[k] += int(s.group(2))
        read.append((k, {w.rsplit("/", 1)[0] for w in m.group(4).split()}))
    elif line.startswith("hit "):
        found.append(line.split(": ", 1)[1])
    elif line.startswith("time"):
        record()
        m = re.match(r"time \((\S+) (\d+)x(\d+)x(\d+)x(\d+)\): decode (\d+) ms", line)
        if m:
            ts = m.group(1)
            decode[ts][0] += 1; decode[ts][1] += int(m.group(6)) / 1000
            decode[ts][2] += int(m.group(2)) * int(m.group(3)) * int(m.group(4)) * int(m.group(5)) / 1e6
        m = re.search(r"faint look (\d+) ms, outlined look (\d+) ms", line)
        if m: looks["faint look"] += int(m.group(1)) / 1000; looks["outlined look"] += int(m.group(2)) / 1000
print(f"{'call kind':18s} {'calls':>6s} {'cpu s':>7s} {'hits':>5s} {'only':>5s} {'ksteps':>7s} {'junk':>5s}")
for k in sorted(calls):
    print(f"{k:18s} {calls[k]:6d} {cpu[k]:7.2f} {hits[k]:5d} {only[k]:5d} {steps[k] / 1000:7.1f} {100 * junk[k] / max(1, steps[k]):4.0f}%")
print(f"{'all OCR':18s} {sum(calls.values()):6d} {sum(cpu.values()):7.2f} {'':11s} {sum(steps.values()) / 1000:7.1f} {100 * sum(junk.values()) / max(1, sum(steps.values())):4.0f}%")
for k, v in looks.items(): print(f"{k} cpu {v:.2f} s (OCR included)")
print(f"{'decoding':24s} {'records':>7s} {'s':>6s} {'Msamples':>9s}")
for ts, (n, sec, ms) in sorted(decode.items(), key=lambda kv: -kv[1][1]):
    print(f"{ts:24s} {n:7d} {sec:6.2f} {ms:9.1f}")
PY
