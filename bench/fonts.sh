#!/usr/bin/env bash
# Recall of dcm-redact-pixels on generated 512x512 images with burned-in identifying text
# in many fonts and sizes: 9 fonts (DejaVu Sans/Bold/Mono, URW Nimbus Sans, Sans Narrow
# and Bold, Roman, Mono, URW Gothic) x 9 sizes (9-22 px) x 3 grounds: light text on a
# dark gradient, dark text on a light gradient, and black text on white plates over a
# textured grey ground. Each image holds the patient's name, ID and birth date (and a
# clinical line that must stay); a value counts as masked when 90% of its drawn box is
# filled. Prints values and those left, by ground, and lists the ones left.
# BIN=dir-with-release-binaries skips the build. Fonts not installed are skipped.
. "$(dirname "$0")/common.sh"
if [ -n "${BIN:-}" ]; then bin=$BIN; else build_release; fi
peers=${PEERS_VENV:-$HOME/.cache/dcm-peers/venv}
[ -x "$peers/bin/python" ] || peers=$("$shared/peers/setup.sh" "$peers" | tail -1)
work=$(mktemp -d /tmp/dcm-bench-fonts.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$peers/bin/python" - "$work" "$repo/bench" <<'PY'
import sys, os, json, random, numpy as np
from PIL import Image, ImageDraw, ImageFont
out = sys.argv[1]; os.makedirs(out + "/in")
sys.path.insert(0, sys.argv[2]); from synthetic import save_secondary_capture
F = "/usr/share/fonts/"
fonts = ["truetype/dejavu/DejaVuSans.ttf", "truetype/dejavu/DejaVuSans-Bold.ttf", "truetype/dejavu/DejaVuSansMono.ttf",
         "opentype/urw-base35/NimbusSansNarrow-Regular.otf", "opentype/urw-base35/NimbusSansNarrow-Bold.otf",
         "opentype/urw-base35/NimbusRoman-Regular.otf", "opentype/urw-base35/NimbusMonoPS-Regular.otf",
         "opentype/urw-base35/URWGothic-Book.otf", "opentype/urw-base35/NimbusSans-Regular.otf"]
last = "SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ MARTINEZ HERNANDEZ LOPEZ WILSON ANDERSON THOMAS TAYLOR MOORE JACKSON MARTIN LEE PEREZ THOMPSON WHITE HARRIS SANCHEZ CLARK RAMIREZ LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT TORRES NGUYEN HILL FLORES GREEN".split()
first = "JAMES MARY ROBERT PATRICIA MICHAEL JENNIFER DAVID LINDA JOSEPH ELIZABETH THOMAS SUSAN CHARLES JESSICA DANIEL SARAH MATTHEW KAREN ANTHONY NANCY MARK LISA PAUL BETTY STEVEN SANDRA KEVIN ASHLEY BRIAN EMILY".split()
rnd = random.Random(7); truth = {}; k = 0
for fp in fonts:
    if not os.path.exists(F + fp):
        print(f"skipped (not installed): {fp}", file=sys.stderr); continue
    for size in (9, 10, 11, 12, 13, 14, 16, 18, 22):
        font = ImageFont.truetype(F + fp, size)
        for ground in ("dark", "light", "plate"):
            L, Fi = rnd.choice(last), rnd.choice(first)
            pid = str(rnd.randint(10**6, 10**8)); y0, m0, d0 = rnd.randint(1930, 2000), rnd.randint(1, 12), rnd.randint(1, 28)
            y, x = np.mgrid[0:512, 0:512]
            if ground == "light": arr = (200 + (x + y) * 40 // 1024).astype(np.uint8); fg = 20
            elif ground == "plate": arr = (110 + (x * 7 + y * 3) % 23 + (x + y) * 30 // 1024).astype(np.uint8); fg = 0
            else: arr = ((x + y + k) * 80 // 1024 + 40).astype(np.uint8); fg = 255
            img = Image.fromarray(arr); dr = ImageDraw.Draw(img)
            lines = [("name", f"{L}, {Fi}" if k % 2 else f"{Fi} {L}"), ("id", f"MRN: {pid}"),
                     ("dob", f"DOB: {m0:02d}/{d0:02d}/{y0}"), (None, "CHEST PA 5 cm")]
            step = int(size * 1.6); boxes = {}
            x0 = 20 + rnd.randint(0, 200); yy = 20 + rnd.randint(0, 300)
            for i, (key, t) in enumerate(lines):
                at = (x0, yy + i * step)
                if ground == "plate":
                    pb = dr.textbbox(at, t, font=font); dr.rectangle((pb[0] - 3, pb[1] - 3, pb[2] + 3, pb[3] + 3), fill=255)
                dr.text(at, t, font=font, fill=fg)
                if key:   # the value's box, after its label
                    label = t.split(": ")[0] + ": " if ": " in t else ""
                    bx = dr.textbbox(at, t, font=font)
                    boxes[key] = [dr.textbbox(at, label, font=font)[2] if label else bx[0], bx[1], bx[2], bx[3]]
            uid = save_secondary_capture(f"{out}/in/{k}.dcm", np.asarray(img), f"{L}^{Fi}", pid, f"{y0}{m0:02d}{d0:02d}")
            truth[uid] = {"font": os.path.basename(fp), "size": size, "ground": ground, "boxes": boxes}
            k += 1
json.dump(truth, open(f"{out}/truth.json", "w"))
PY
secs=$(redact_tree "$bin" "$work/in" "$work/out")
"$peers/bin/python" - "$work" "$secs" "$repo/bench" <<'PY'
import sys, os, json, collections, numpy as np
work, secs = sys.argv[1], float(sys.argv[2])
sys.path.insert(0, sys.argv[3]); from synthetic import read_pixels
truth = json.load(open(f"{work}/truth.json"))
got = read_pixels(f"{work}/out")
total, left, lines = collections.Counter(), collections.Counter(), []
for uid, t in truth.items():
    a = got.get(uid)
    for key, (x0, y0, x1, y1) in t["boxes"].items():
        total[t["ground"]] += 1
        if a is None or (a[y0:y1, x0:x1] == 0).mean() < 0.9:
            left[t["ground"]] += 1; lines.append(f'{t["font"]} {t["size"]} px {t["ground"]} {key}')
print(f"{len(truth)} images, {sum(total.values())} identifying values, {secs:.2f} s (parse | redact | write)")
print(f'{"ground":10} {"values":>8} {"left":>6}')
for g in ("dark", "light", "plate"): print(f"{g:10} {total[g]:8} {left[g]:6}")
for l in lines: print("  left:", l)
PY
