#!/usr/bin/env bash
# Decode table: for each corpus image, whether a reference decoder (DCMTK, or pydicom with
# its pylibjpeg / openjpeg plugins) decodes it, whether this toolkit does (the library's
# FrameSource, as dcm-redact-pixels reads), and whether the samples are equal; summarized
# per transfer syntax, with the exceptions listed.
#
# Usage: bench/decode-table.sh [--refresh]
#   --refresh  re-run the reference decoders first (a few minutes), rewriting
#              Tests/DeidPixelsTests/Resources/reference-decodes.tsv (the corpus decode
#              test's expectations); without it the committed references are used.
# Writes /tmp/dcm-decode-table.tsv (one row per image) and prints the summary.
source "$(dirname "$0")/common.sh"
refs=$repo/Tests/DeidPixelsTests/Resources/reference-decodes.tsv
ours=/tmp/dcm-decode-ours.tsv
table=/tmp/dcm-decode-table.tsv

if [ "${1:-}" = --refresh ]; then
  need_pydicom_venv
  "$venv/bin/python" -c "import pylibjpeg, openjpeg, libjpeg, rle" 2>/dev/null \
    || "$venv/bin/pip" install -q pylibjpeg pylibjpeg-libjpeg pylibjpeg-openjpeg pylibjpeg-rle >/dev/null
  nice "$venv/bin/python" "$repo/bench/decode-reference.py" "$shared/corpus" > "$refs.new"
  mv "$refs.new" "$refs"
fi

(cd "$repo" && swift build --build-tests >/dev/null)
# The test fails when an image a reference decodes is refused here; the table is written either way.
(cd "$repo" && DCM_DECODE_TABLE=$ours swift test --skip-build --disable-swift-testing \
  --filter DeidPixelsTests.CorpusDecodeTests >/tmp/dcm-decode-test.log 2>&1) || echo "(corpus decode test failed: see /tmp/dcm-decode-test.log)"

python3 - "$refs" "$ours" "$table" <<'EOF'
import sys
from collections import defaultdict
refs = {r[0]: r for r in (l.rstrip("\n").split("\t") for l in open(sys.argv[1])) if r[0] != "path"}
ours = {r[0]: r for r in (l.rstrip("\n").split("\t") for l in open(sys.argv[2])) if r[0] != "path"}
names = {"": "(no meta)", "1.2.840.10008.1.2": "Implicit VR LE", "1.2.840.10008.1.2.1": "Explicit VR LE",
         "1.2.840.10008.1.2.2": "Explicit VR BE", "1.2.840.10008.1.2.1.99": "Deflated Explicit VR LE",
         "1.2.840.10008.1.2.4.50": "JPEG Baseline", "1.2.840.10008.1.2.4.51": "JPEG Extended",
         "1.2.840.10008.1.2.4.57": "JPEG Lossless", "1.2.840.10008.1.2.4.70": "JPEG Lossless SV1",
         "1.2.840.10008.1.2.4.80": "JPEG-LS Lossless", "1.2.840.10008.1.2.4.81": "JPEG-LS Near-Lossless",
         "1.2.840.10008.1.2.4.90": "JPEG 2000 Lossless", "1.2.840.10008.1.2.4.91": "JPEG 2000",
         "1.2.840.10008.1.2.4.201": "HTJ2K Lossless", "1.2.840.10008.1.2.4.202": "HTJ2K RPCL Lossless",
         "1.2.840.10008.1.2.4.203": "HTJ2K", "1.2.840.10008.1.2.5": "RLE Lossless",
         "1.2.840.10008.1.2.8.1": "Deflated Image Frame"}
rows = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
refused, unequal = [], []
with open(sys.argv[3], "w") as out:
    out.write("path\tts\tpydicom\tdcmtk\tours\tequal\n")
    for path, r in refs.items():
        o = ours.get(path, [path, r[1], "not run", "", "", "-"])
        ref_ok = r[6] == "ok" or r[9] == "ok"
        we_ok = o[2] == "ok"
        s = rows[names.get(r[1], r[1])]
        s[0] += 1; s[1] += ref_ok; s[2] += we_ok; s[3] += ref_ok and we_ok
        s[4] += o[5] in ("y", "n"); s[5] += o[5] == "y"
        if ref_ok and not we_ok: refused.append(f"{path}: {o[2]}")
        if o[5] == "n": unequal.append(path)
        out.write("\t".join([path, r[1], r[6][:60], r[9][:60], o[2][:80], o[5]]) + "\n")
print("| transfer syntax | files | reference decodes | we decode | both decode | compared | equal |")
print("|---|---:|---:|---:|---:|---:|---:|")
tot = [0] * 6
for k in sorted(rows):
    v = rows[k]; tot = [a + b for a, b in zip(tot, v)]
    print(f"| {k} | " + " | ".join(map(str, v)) + " |")
print("| all | " + " | ".join(map(str, tot)) + " |")
print("\nreference decodes, we refuse:", len(refused)); [print("  " + x) for x in refused]
print("samples differ:", len(unequal)); [print("  " + x) for x in unequal]
EOF
echo "per image: $table"
