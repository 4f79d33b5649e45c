#!/usr/bin/env bash
# Recall of dcm-redact-pixels on burned-in text drawn the way many viewers annotate: white
# glyphs with a black outline of 1 or 2 pixels (and, for comparison, black glyphs with a
# white outline, and plain black glyphs), over four grounds: bright anatomy (a body
# saturated at the top of the range, so white glyphs show only by their outline), bright
# textured anatomy (lung-like), a dark noisy ground, and a mixed one (the edge of a bright
# body crossing the block, half of each line on either side). CT-like 512x512 frames
# (fonts of 10-16 px) and X-ray-like 1024x1024 ones (14-24 px), in 8, 12 and 16 bits
# stored MONOCHROME2 and 8-bit RGB, fonts DejaVu Sans (Bold), Nimbus Sans (Bold), Nimbus
# Mono. Each image holds a block of identifying lines ("Name: ...", "Patient ID: ...",
# "DOB: ...", "Study Date: ...") and, in the same style, a clinical line elsewhere
# ("AXIAL 5 mm 120 kVp") that must stay. A value counts as masked when 90% of its drawn
# box's pixels that were not black are black (a clinical line, as masked, from 10%). Prints recall per style, ground, encoding and kind of line, the clinical
# lines masked, and the time. Generated deterministically (seeded).
# BIN=dir-with-release-binaries skips the build; KEEP=1 keeps the work directory
# (REUSE=that-directory reads its images again instead of generating them); VERBOSE=1
# lists misses.
. "$(dirname "$0")/common.sh"
if [ -n "${BIN:-}" ]; then bin=$BIN; else build_release; fi
need_pydicom_venv
"$venv/bin/python" -c "import PIL" 2>/dev/null || "$venv/bin/pip" install -q pillow >/dev/null
work=$(mktemp -d /tmp/dcm-bench-outlined.XXXXXX)
if [ "${KEEP:-}" = 1 ]; then echo "work directory: $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
if [ -n "${REUSE:-}" ]; then cp -r "$REUSE/in" "$REUSE/truth.json" "$work/"; else
"$venv/bin/python" - "$work" "$repo/bench" <<'PY'
import sys, os, json, random, numpy as np
from PIL import Image, ImageDraw, ImageFont
out = sys.argv[1]; os.makedirs(out + "/in")
sys.path.insert(0, sys.argv[2]); from synthetic import save_secondary_capture
F = "/usr/share/fonts/"
fonts = [f for f in ["truetype/dejavu/DejaVuSans.ttf", "truetype/dejavu/DejaVuSans-Bold.ttf",
                     "opentype/urw-base35/NimbusSans-Regular.otf", "opentype/urw-base35/NimbusSans-Bold.otf",
                     "opentype/urw-base35/NimbusMonoPS-Bold.otf"]
         if os.path.exists(F + f)]
last = "SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ MARTINEZ HERNANDEZ LOPEZ WILSON ANDERSON THOMAS TAYLOR MOORE JACKSON MARTIN LEE PEREZ THOMPSON WHITE HARRIS SANCHEZ CLARK RAMIREZ LEWIS ROBINSON WALKER".split()
first = "JAMES MARY ROBERT PATRICIA MICHAEL JENNIFER DAVID LINDA JOSEPH ELIZABETH THOMAS SUSAN CHARLES JESSICA DANIEL SARAH MATTHEW KAREN ANTHONY NANCY".split()
# style: (glyph level, outline level or None, outline px), levels of 255
styles = {"white/outline 1": (255, 0, 1), "white/outline 2": (255, 0, 2), "black/outline 1": (0, 255, 1), "black": (0, None, 0)}
grounds = ["bright", "textured", "dark", "mixed"]
encodings = ["8", "12", "16", "rgb"]
kinds = {"CT": (512, (10, 16)), "XR": (1024, (14, 24))}
rnd = random.Random(21); rng = np.random.default_rng(21); truth = {}; k = 0

def smooth_noise(h, w, cell, amp):
    small = rng.standard_normal((h // cell + 2, w // cell + 2)).astype(np.float32)
    big = np.asarray(Image.fromarray(small, mode="F").resize((w + 2 * cell, h + 2 * cell), Image.BICUBIC))
    big = big[cell:cell + h, cell:cell + w]
    return big / (np.abs(big).max() + 1e-6) * amp

for style, (glyph, outline, opx) in styles.items():
    for ground in grounds:
        for enc in encodings:
            kind = "CT" if k % 2 == 0 else "XR"
            n, sizes = kinds[kind]; h = w = n
            size = rnd.randint(*sizes); font_path = fonts[k % len(fonts)]
            font = ImageFont.truetype(F + font_path, size)
            L, Fi = rnd.choice(last), rnd.choice(first)
            pid = str(rnd.randint(10**6, 10**9)); y0, m0, d0 = rnd.randint(1930, 2000), rnd.randint(1, 12), rnd.randint(1, 28)
            sy, sm, sd = rnd.randint(2005, 2023), rnd.randint(1, 12), rnd.randint(1, 28)
            lines = [("name", f"Name: {L}, {Fi}" if k % 2 else f"Name: {Fi} {L}"), ("id", f"Patient ID: {pid}"),
                     ("dob", f"DOB: {m0:02d}/{d0:02d}/{y0}"), ("study", f"Study Date: {sy}-{sm:02d}-{sd:02d}")]
            step = int(size * 1.35)
            probe = ImageDraw.Draw(Image.new("L", (8, 8)))
            bw = max(int(probe.textlength(t, font=font)) for _, t in lines); bh = step * len(lines)
            bx = rnd.randint(w // 10, w - bw - w // 10); by = rnd.randint(h // 10, h // 2)
            # The ground: a dark noisy field (air, the table), a body (saturated bright, or
            # lung-like texture) placed as the ground asks.
            y, x = np.mgrid[0:h, 0:w]
            dark = 45 + smooth_noise(h, w, 24, 25) + smooth_noise(h, w, 3, 12)
            if ground == "textured":
                body_px = 150 + smooth_noise(h, w, 16, 70) + smooth_noise(h, w, 3, 25)
            else:
                body_px = 262 + smooth_noise(h, w, 32, 14) + rng.normal(0, 3, (h, w))   # mostly clipped at 255
            ccx, ccy = bx + bw / 2, by + bh / 2
            if ground in ("bright", "textured"):
                r = 0.45 * w; cx, cy = w / 2, h / 2; cx, cy = ccx + (cx - ccx) * 0.3, ccy + (cy - ccy) * 0.3
                r = max(r, np.hypot(bw, bh) / 2 + w / 20)
            elif ground == "dark":
                cx, cy = (w * 0.85 if ccx < w / 2 else w * 0.15), h * 0.95; r = 0.15 * w
            else:   # the body's edge runs through the middle of the block
                a = rnd.uniform(0, 2 * np.pi); r = 0.6 * w
                cx, cy = ccx + r * np.cos(a), ccy + r * np.sin(a)
            inside = ((x - cx) ** 2 + (y - cy) ** 2) <= r * r
            disp = np.where(inside, body_px, dark)
            disp[:, :12] = 0
            # The text: outline under glyphs (anti-aliased coverage of each).
            gmask = Image.new("L", (w, h), 0); omask = Image.new("L", (w, h), 0)
            gd, od = ImageDraw.Draw(gmask), ImageDraw.Draw(omask); boxes = []
            def draw(at, t):
                if outline is not None: od.text(at, t, font=font, fill=255, stroke_width=opx, stroke_fill=255)
                gd.text(at, t, font=font, fill=255)
            for i, (key, t) in enumerate(lines):
                at = (bx, by + i * step); draw(at, t)
                label = t.split(": ")[0] + ": "
                b = gd.textbbox(at, t, font=font)
                boxes.append([key, gd.textbbox(at, label, font=font)[2], b[1], b[2], b[3]])
            clinical = "AXIAL 5 mm 120 kVp"
            cat = (w - 30 - int(gd.textlength(clinical, font=font)), h - 30 - size)
            draw(cat, clinical)
            boxes.append(["clinical"] + list(gd.textbbox(cat, clinical, font=font)))
            ga = np.asarray(gmask, dtype=np.float32) / 255; oa = np.asarray(omask, dtype=np.float32) / 255
            if outline is not None: disp = disp * (1 - oa) + outline * oa
            disp = disp * (1 - ga) + glyph * ga
            disp = np.clip(disp, 0, 255)
            seed = f"outlined-{k}"
            if enc == "rgb":
                tint = np.array([1.0, 0.97, 0.92])
                px = np.rint(np.clip(disp[..., None] * tint + ga[..., None] * (glyph - glyph * tint), 0, 255)).astype(np.uint8)
                uid = save_secondary_capture(f"{out}/in/{k:03d}.dcm", px, f"{L}^{Fi}", pid, f"{y0}{m0:02d}{d0:02d}",
                                             modality=kind, seed=seed, rgb=True)
            else:
                bits = int(enc); top = (1 << bits) - 1
                px = np.rint(disp * top / 255).astype(np.int64)
                uid = save_secondary_capture(f"{out}/in/{k:03d}.dcm", px, f"{L}^{Fi}", pid, f"{y0}{m0:02d}{d0:02d}",
                                             bits_stored=bits, modality=kind, seed=seed)
            truth[uid] = {"style": style, "ground": ground, "encoding": enc, "kind": kind,
                          "font": os.path.basename(font_path), "size": size, "boxes": boxes}
            k += 1
json.dump(truth, open(f"{out}/truth.json", "w"))
PY
fi
n=$(ls "$work/in" | wc -l)
secs=$(redact_tree "$bin" "$work/in" "$work/out")
"$venv/bin/python" - "$work" "$secs" "$repo/bench" <<'PY'
import sys, os, json, collections, numpy as np
work, secs = sys.argv[1], float(sys.argv[2])
sys.path.insert(0, sys.argv[3]); from synthetic import read_pixels, print_recall
truth = json.load(open(f"{work}/truth.json"))
got, before = (read_pixels(f"{work}/{d}", lambda a: a.max(axis=2) if a.ndim == 3 else a) for d in ("out", "in"))
def filled(a, b, x0, y0, x1, y1):
    """Share of the box's pixels that were not black before and are now (black glyphs and
    outlines are black from the start)."""
    was = b[y0:y1, x0:x1] != 0
    return ((a[y0:y1, x0:x1] == 0) & was).sum() / max(1, was.sum())
tables = {name: (collections.Counter(), collections.Counter()) for name in ("style", "ground", "encoding", "line")}
cross = (collections.Counter(), collections.Counter())
wrong, lines = 0, []
for uid, t in truth.items():
    a = got.get(uid)
    for line, x0, y0, x1, y1 in t["boxes"]:
        masked = a is not None and filled(a, before[uid], x0, y0, x1, y1) >= 0.9
        if line == "clinical":
            if a is not None and filled(a, before[uid], x0, y0, x1, y1) > 0.1: wrong += 1
            continue
        for name in ("style", "ground", "encoding", "line"):
            v = t[name] if name != "line" else line
            tables[name][0][v] += 1
            if not masked: tables[name][1][v] += 1
        cross[0][(t["style"], t["ground"])] += 1
        if not masked: cross[1][(t["style"], t["ground"])] += 1
        if not masked: lines.append(f'{t["style"]} {t["ground"]} {t["encoding"]} {t["kind"]} {t["font"]} {t["size"]} px {line}')
n = len(truth)
print(f"{n} images, {sum(tables['style'][0].values())} identifying values, {secs:.2f} s (parse | redact | write)")
print_recall(tables)
grounds = ["bright", "textured", "dark", "mixed"]
print(f'{"recall style/ground":18} ' + " ".join(f"{g:>9}" for g in grounds))
for s in sorted({s for s, _ in cross[0]}):
    print(f"{s:18} " + " ".join(f"{100 * (cross[0][(s, g)] - cross[1][(s, g)]) / max(1, cross[0][(s, g)]):8.1f}%" for g in grounds))
print(f"clinical lines masked (should stay): {wrong} of {n}")
if os.environ.get("VERBOSE"):
    for l in lines: print("  left:", l)
PY
