#!/usr/bin/env bash
# dcm-redact-pixels speed, side by side with Presidio's DicomImageRedactorEngine
# (../shared/peers). Prints:
#  1. OCR time per image on generated 512x512 and 2048x2048 images with burned-in text
#     (read with --policy all, so every image is decoded, pre-checked and read);
#  2. total time on the corpus files whose catalog row says burned_text=yes, and on the
#     whole corpus, ours (dcm-parse | dcm-redact-pixels) against Presidio on the same files;
#  3. recall on both sets (RECALL=0 skips it; see below).
# Goal: at least 10x faster than Presidio with no lower recall.
# BIN=dir-with-release-binaries skips the build; N=images per size (default 20).
. "$(dirname "$0")/common.sh"
command -v bc >/dev/null || { echo "bench needs bc" >&2; exit 2; }
[ -d "$corpus" ] || { echo "no corpus at $corpus (set DCM_SHARED)" >&2; exit 2; }
if [ -n "${BIN:-}" ]; then bin=$BIN; else build_release; fi
peers=${PEERS_VENV:-$HOME/.cache/dcm-peers/venv}
[ -x "$peers/bin/python" ] || peers=$("$shared/peers/setup.sh" "$peers" | tail -1)
N=${N:-20}
work=$(mktemp -d /tmp/dcm-bench-pixels.XXXXXX)
trap 'rm -rf "$work"' EXIT
export OMP_THREAD_LIMIT=1   # for Presidio's tesseract subprocesses (ours sets it itself)

# Recall (RECALL=0 skips it): identifying values of each file's header (patient name
# parts, ID, birth date in common written forms) that tesseract reads in the file's first
# frame, then how many of those it still reads after our redaction and after Presidio's.
RECALL=${RECALL:-1}

# Generated images: an 8-bit MONOCHROME2 gradient with four lines of identifying text.
"$peers/bin/python" - "$work" "$N" "$repo/bench" <<'PY'
import sys, os, numpy as np
from PIL import Image, ImageDraw, ImageFont
out, n = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, sys.argv[3]); from synthetic import save_secondary_capture
font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
for size in (512, 2048):
    d = os.path.join(out, f"gen{size}"); os.makedirs(d)
    font = ImageFont.truetype(font_path, max(12, size // 40))
    for i in range(n):
        y, x = np.mgrid[0:size, 0:size]
        img = Image.fromarray(((x + y + i) * 80 // (2 * size) + 40).astype(np.uint8))
        dr = ImageDraw.Draw(img); step = size // 24
        for k, t in enumerate([f"Name: DOE^JOHN{i}", "DOB: 01/02/1960", f"ID: 55512{i:04d}", "Scott Community Hospital"]):
            dr.text((size // 20, size // 20 + k * step), t, font=font, fill=255)
        save_secondary_capture(os.path.join(d, f"{i}.dcm"), np.asarray(img), f"DOE^JOHN{i}", f"55512{i:04d}", "19600102")
PY
mkdir -p "$work/burned"
awk -F'\t' 'NR==1{for(i=1;i<=NF;i++)if($i=="burned_text")c=i;next} $c=="yes"{print $1}' "$shared/corpus/CATALOG.tsv" |
  while read -r p; do ln -s "$shared/corpus/$p" "$work/burned/$(echo "$p" | tr / _)"; done
nb=$(ls "$work/burned" | wc -l); nall=$(find "$corpus" -type f | wc -l)

ours() { echo "'$bin/dcm-parse' '$1' 2>/dev/null | '$bin/dcm-redact-pixels' $2 2>/dev/null > /dev/null"; }
# Presidio as ../shared/peers/run.sh runs it, but file by file: its directory mode stops at
# the first file it cannot read, and some files abort the interpreter (GDCM), so a loop
# restarts it after the file that crashed.
cat > "$work/presidio-each.py" <<'PY'
import sys, os, pydicom
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider
from presidio_image_redactor import DicomImageRedactorEngine, ImageAnalyzerEngine
nlp = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "no_op",
        "models": [{"lang_code": "en", "model_name": "no_op"}]}).create_engine()
engine = DicomImageRedactorEngine(image_analyzer_engine=ImageAnalyzerEngine(
        analyzer_engine=AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])))
src, dst, prog = sys.argv[1:4]
files = sorted(os.path.join(r, f) for r, _, fs in os.walk(src, followlinks=True) for f in fs)
start = int(open(prog).read()) if os.path.exists(prog) else 0
for i in range(start, len(files)):
    open(prog, "w").write(str(i))
    try:
        out = engine.redact(pydicom.dcmread(files[i]), fill="contrast", use_metadata=True)
        out.save_as(os.path.join(dst, f"{i}.dcm"))
    except Exception:
        pass
open(prog, "w").write(str(len(files)))
PY
cat > "$work/presidio-loop.sh" <<SH
#!/usr/bin/env bash
rm -rf "\$2" "\$2.progress"; mkdir -p "\$2"
n=\$(find -L "\$1" -type f | wc -l)
while :; do
  "$peers/bin/python" "$work/presidio-each.py" "\$1" "\$2" "\$2.progress" >/dev/null 2>&1
  i=\$(cat "\$2.progress"); [ "\$i" -ge "\$n" ] && break
  echo \$((i + 1)) > "\$2.progress"
done
SH
chmod +x "$work/presidio-loop.sh"
presidio() { echo "'$work/presidio-loop.sh' '$1' '$work/p'"; }
REPEAT=${REPEAT:-1}
echo "load average $(cut -d' ' -f1 /proc/loadavg); N=$N generated images per size, $nb burned_text=yes corpus files, $nall corpus files"
printf "%-44s %12s %12s %8s\n" "" "ours s" "presidio s" "ratio"
for size in 512 2048; do
  read -r w_o c_o <<<"$(best_of "$(ours "$work/gen$size" "--policy all")")"
  read -r w_p c_p <<<"$(best_of "$(presidio "$work/gen$size")")"; mv "$work/p" "$work/p-gen$size"
  printf "%-44s %12.3f %12.3f %7sx\n" "per image, ${size}x${size} (wall)" "$(echo "$w_o / $N" | bc -l)" "$(echo "$w_p / $N" | bc -l)" "$(ratio "$w_p" "$w_o")"
done
read -r w_o c_o <<<"$(best_of "$(ours "$work/burned" "")")"
read -r w_p c_p <<<"$(best_of "$(presidio "$work/burned")")"; mv "$work/p" "$work/p-burned"
printf "%-44s %12.3f %12.3f %7sx\n" "corpus burned_text=yes ($nb files, wall)" "$w_o" "$w_p" "$(ratio "$w_p" "$w_o")"
read -r w_o c_o <<<"$(best_of "$(ours "$corpus" "")")"
if [ "$RECALL" = 1 ]; then
  cat > "$work/recall.py" <<'PY'
import sys, os, re, subprocess, io, warnings, numpy as np, pydicom
warnings.simplefilter("ignore")
from PIL import Image
def files(d):
    return sorted(os.path.join(r, f) for r, _, fs in os.walk(d, followlinks=True) for f in fs)
def by_uid(d):
    out = {}
    for p in files(d):
        try: out.setdefault(str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID), p)
        except Exception: pass
    return out
def tokens(ds):
    t = set()
    for part in re.split(r"[^A-Za-z0-9]+", str(ds.get("PatientName", ""))):
        if len(part) >= 3: t.add(part.upper())
    pid = re.sub(r"[^A-Za-z0-9]", "", str(ds.get("PatientID", ""))).upper()
    if len(pid) >= 4: t.add(pid)
    d = str(ds.get("PatientBirthDate", ""))
    if re.fullmatch(r"\d{8}", d):
        y, m, dd = d[:4], d[4:6], d[6:]
        t |= {y + m + dd, m + dd + y, dd + m + y}   # separators are dropped before matching
    return t
def ocr(path):
    try:
        a = pydicom.dcmread(path).pixel_array
    except Exception:
        return None
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    if int(ds.get("NumberOfFrames", 1) or 1) > 1: a = a[0]
    if a.ndim == 3: a = a[..., :3].astype(np.float64) @ [0.299, 0.587, 0.114]
    a = a.astype(np.float64); lo, hi = a.min(), a.max()
    g = ((a - lo) * 255 / max(hi - lo, 1)).astype(np.uint8)
    if g.mean() < 128: g = 255 - g
    img = Image.fromarray(g)
    if img.width < 1200: img = img.resize((img.width * 2, img.height * 2), Image.LANCZOS)
    buf = io.BytesIO(); img.save(buf, format="PNG")
    text = ""
    for psm in ("11", "3"):
        r = subprocess.run(["tesseract", "stdin", "stdout", "--psm", psm], input=buf.getvalue(), capture_output=True)
        text += " " + r.stdout.decode("utf-8", "replace")
    return re.sub(r"[^A-Z0-9]", "", text.upper())
src, ours, theirs = sys.argv[1:4]
o, p = by_uid(ours), by_uid(theirs)
seen = left_o = left_p = 0
for path in files(src):
    try: ds = pydicom.dcmread(path, stop_before_pixels=True); uid = str(ds.SOPInstanceUID)
    except Exception: continue
    t = tokens(ds); text = ocr(path) if t else None
    if not text: continue
    visible = {x for x in t if x in text}
    if not visible: continue
    seen += len(visible)
    for got, table in ((o, "o"), (p, "p")):
        after = ocr(got[uid]) if uid in got else None
        n = len(visible) if after is None else sum(1 for x in visible if x in after)
        if table == "o": left_o += n
        else: left_p += n
print(seen, left_o, left_p)
PY
  echo
  echo "recall: identifying header values tesseract reads in the first frame, and how many it still reads after redaction (unread outputs count as leaks)"
  printf "%-44s %10s %12s %12s\n" "" "read" "left ours" "left presidio"
  for set in gen512 gen2048 burned; do
    case $set in gen*) opt="--policy all" ;; *) opt="" ;; esac
    src=$work/$set
    rm -rf "$work/o-$set"
    "$bin/dcm-parse" "$src" 2>/dev/null | "$bin/dcm-redact-pixels" $opt 2>/dev/null | "$bin/dcm-write" --allow-incomplete -o "$work/o-$set" 2>/dev/null || true
    read -r seen lo lp <<<"$("$peers/bin/python" "$work/recall.py" "$src" "$work/o-$set" "$work/p-$set" 2>/dev/null)"
    printf "%-44s %10s %12s %12s\n" "$set" "$seen" "$lo" "$lp"
  done
fi
printf "%-44s %12.3f %12s\n" "whole corpus ($nall files, wall, ours only)" "$w_o" "-"
if [ "${FULL:-0}" = 1 ]; then
  read -r w_p c_p <<<"$(best_of "$(presidio "$corpus")")"
  printf "%-44s %12.3f %12.3f %7sx\n" "whole corpus ($nall files, wall)" "$w_o" "$w_p" "$(ratio "$w_p" "$w_o")"
fi
