#!/usr/bin/env bash
# Checks dcm-review's report in a real browser. De-identifies the bundled samples plus a
# generated secondary capture with burned-in patient text (so one image is really masked),
# writes the report, and renders every page in headless Chromium:
#   - every <img> of every page loads (complete, naturalWidth > 0, read from the rendered DOM
#     of a throw-away copy of the page with a four-line inline check appended);
#   - no http:// or https:// URL anywhere in the report;
#   - the counts on the page equal dcm-write's summary (records, written, failed) and what
#     the run must give (one masked image at least).
# With --screenshot FILE it also saves a screenshot of the series page that shows the
# before/after pair (docs/review-samples.png in the README is made this way).
# Installs chromium (apt-get) and a Python venv with pydicom, numpy and pillow when missing.
# Usage: scripts/review-check.sh [--screenshot FILE] [--keep DIR]
#   BIN=dir of built tools (default: swift build -c release --show-bin-path)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
shot=""; keep=""
while [ $# -gt 0 ]; do
  case $1 in
    --screenshot) shot=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "usage: $0 [--screenshot FILE] [--keep DIR]" >&2; exit 2 ;;
  esac
done
bin=${BIN:-$(swift build -c release --show-bin-path)}
for t in dcm-deid dcm-review dcm-pseudo; do [ -x "$bin/$t" ] || { echo "$bin/$t: not built" >&2; exit 2; }; done

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  browser=$(command -v chromium)
fi
venv=${REVIEW_VENV:-/tmp/dcm-review-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import pydicom, numpy, PIL" 2>/dev/null || "$venv/bin/pip" install -q pydicom numpy pillow >/dev/null

work=${keep:-$(mktemp -d /tmp/review-check.XXXXXX)}
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
rm -rf "$work/in" "$work/out" "$work/map" "$work/report" "$work/write.jsonl"
mkdir -p "$work/in"
cp samples/*.dcm "$work/in/"
# A 512x384 capture with the patient's name, ID and birth date burned in.
"$venv/bin/python" - "$work/in/burned.dcm" "$repo/bench" <<'PY'
import sys, numpy as np
from PIL import Image, ImageDraw, ImageFont
sys.path.insert(0, sys.argv[2]); from synthetic import save_secondary_capture
y, x = np.mgrid[0:384, 0:512]
img = Image.fromarray(((x + y) * 120 // 896 + 30).astype(np.uint8))
try: font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 20)
except OSError: font = ImageFont.load_default()
d = ImageDraw.Draw(img)
for k, t in enumerate(["Name: DOE^JOHN", "ID: 5551234", "DOB: 01/02/1960"]):
    d.text((24, 20 + 30 * k), t, font=font, fill=255)
d.ellipse((180, 150, 380, 330), fill=200)
save_secondary_capture(sys.argv[1], np.asarray(img), "DOE^JOHN", "5551234", "19600102")
PY
"$bin/dcm-pseudo" keygen --output "$work/key" >/dev/null
status=0
"$bin/dcm-deid" -q "$work/in" "$work/out" --key-file "$work/key" --mapping-dir "$work/map" --report "$work/write.jsonl" || status=$?
[ $status -le 1 ] || { echo "dcm-deid failed ($status)" >&2; exit 1; }
start=$(date +%s.%N)
"$bin/dcm-review" -q "$work/in" --output "$work/out" --mapping-dir "$work/map" --write-report "$work/write.jsonl" --report "$work/report"
end=$(date +%s.%N)
echo "report: $(du -sk "$work/report" | cut -f1) KiB, $(find "$work/report/img" -name "*.png" | wc -l) thumbnails, $(echo "$end - $start" | bc) s"

fail=0
if grep -rlE 'https?://' "$work/report" >/dev/null; then echo "FAIL: an http(s) URL in the report" >&2; fail=1; fi

render() {  # file URL, extra args...
  local url=$1; shift
  timeout 60 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --virtual-time-budget=5000 "$@" "$url" 2>/dev/null
}
for page in "$work/report"/*.html; do
  check="$work/report/.check-$(basename "$page")"
  sed 's#</body>#<script>addEventListener("load",()=>{const i=[...document.images];document.body.dataset.images=i.length;document.body.dataset.broken=i.filter(x=>!x.complete||x.naturalWidth===0).length;});</script></body>#' "$page" > "$check"
  dom=$(render "file://$check" --dump-dom)
  rm -f "$check"
  broken=$(echo "$dom" | sed -n 's/.*data-broken="\([0-9]*\)".*/\1/p' | head -1)
  images=$(echo "$dom" | sed -n 's/.*data-images="\([0-9]*\)".*/\1/p' | head -1)
  if [ -z "$broken" ]; then echo "FAIL: $(basename "$page") did not render" >&2; fail=1; continue; fi
  if [ "$broken" != 0 ]; then echo "FAIL: $(basename "$page"): $broken of $images images did not load" >&2; fail=1; fi
  echo "$(basename "$page"): $images images, all loaded"
done

dom=$(render "file://$work/report/index.html" --dump-dom)
count() { echo "$dom" | sed -n "s/.*data-count=\"$1\">\([0-9]*\)<.*/\1/p" | head -1; }
summary=$(tail -1 "$work/write.jsonl")
field() { echo "$summary" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
expect() {  # label, page value, expected
  if [ "$2" != "$3" ]; then echo "FAIL: $1 on the page is '$2', expected '$3'" >&2; fail=1; else echo "$1: $2"; fi
}
nin=$(ls "$work/in" | wc -l)
expect "files in" "$(count files-in)" "$nin"
expect "dcm-write records" "$(count write-records)" "$(field records)"
expect "dcm-write written" "$(count write-written)" "$(field written)"
expect "dcm-write failed" "$(count write-failed)" "$(field failed)"
expect "output files" "$(count files-out)" "$(field written)"
expect "paired" "$(count paired)" "$(field written)"
expect "originals with no output" "$(count originals-without-output)" "$(field failed)"
masked=$(count masked)
if [ "${masked:-0}" -lt 1 ]; then echo "FAIL: no masked image on the page (the generated capture should be)" >&2; fail=1; else echo "masked: $masked"; fi

if [ -n "$shot" ]; then
  page=$(grep -l -- '-b.png' "$work/report"/series-*.html | head -1)
  render "file://$page" --screenshot="$shot" --window-size=900,640 --hide-scrollbars >/dev/null
  [ -s "$shot" ] && echo "screenshot: $shot ($(du -k "$shot" | cut -f1) KiB)"
fi
[ $fail -eq 0 ] && echo "review-check: ok" || echo "review-check: FAILED" >&2
exit $fail
