#!/usr/bin/env bash
# Recall of dcm-redact-pixels on faint burned-in text: generated X-ray, mammography and
# CT-like frames (1024x1024, 1280x1024, 512x512, and a three-frame 512x512 image whose
# text is on its later frames only) whose identifying lines ("Name: ...", "Patient ID: ...",
# "DOB: ...", "Study Date: ...", "Institution Name: ..." wrapped over three or four lines)
# are drawn 8, 12, 16, 20, 30, 40 or 100 (sharp) grey levels (of 255 on the display) above
# a textured, noisy ground, in 8, 12 or 16 bits stored (8- or 16-bit words), with a window
# (Window Center/Width over the whole stored range) or without. The stored data spans its
# whole range (a black collimator edge and a bright marker), so neither the window nor a
# min-max stretch lifts the text. In half the images the institution's continuation lines
# are blurred past reading, and in a third the institution line is blurred past reading
# after its first name: they must be masked because the line they continue (or the cue
# on their line) identifies. A clinical line elsewhere ("PA ERECT 120 kVp") must stay.
# A value counts as masked when 90% of its drawn box is filled. Prints recall per level,
# per bit depth and per kind of line, the clinical lines masked, and the time per image.
# Generated deterministically (seeded). BIN=dir-with-release-binaries skips the build;
# KEEP=1 keeps the work directory (REUSE=that-directory reads its images again instead of
# generating them); LEVELS="8 12" limits the levels; VERBOSE=1 lists misses; SEED=n draws
# another set of images (default 12, the set the figures in the notes were measured on).
. "$(dirname "$0")/common.sh"
if [ -n "${BIN:-}" ]; then bin=$BIN; else build_release; fi
need_pydicom_venv
"$venv/bin/python" -c "import PIL" 2>/dev/null || "$venv/bin/pip" install -q pillow >/dev/null
work=$(mktemp -d /tmp/dcm-bench-contrast.XXXXXX)
if [ "${KEEP:-}" = 1 ]; then echo "work directory: $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
if [ -n "${REUSE:-}" ]; then   # the inputs and truth of a kept work directory (same LEVELS)
  cp -r "$REUSE/in" "$REUSE/truth.json" "$work/"
else
"$venv/bin/python" - "$work" "$repo/bench" "${LEVELS:-8 12 16 20 30 40 100}" <<'PY'
import sys, os, json, random, numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageFilter
out = sys.argv[1]; os.makedirs(out + "/in")
sys.path.insert(0, sys.argv[2]); from synthetic import save_secondary_capture
levels = [int(v) for v in sys.argv[3].split()]
seed = int(os.environ.get("SEED", "12"))
F = "/usr/share/fonts/"
fonts = [f for f in ["truetype/dejavu/DejaVuSans.ttf", "truetype/dejavu/DejaVuSansMono.ttf",
                     "opentype/urw-base35/NimbusSans-Regular.otf", "opentype/urw-base35/NimbusSans-Bold.otf",
                     "opentype/urw-base35/NimbusMonoPS-Regular.otf", "truetype/dejavu/DejaVuSans-Bold.ttf"]
         if os.path.exists(F + f)]
last = "SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ MARTINEZ HERNANDEZ LOPEZ WILSON ANDERSON THOMAS TAYLOR MOORE JACKSON MARTIN LEE PEREZ THOMPSON WHITE HARRIS SANCHEZ CLARK RAMIREZ LEWIS ROBINSON WALKER".split()
first = "JAMES MARY ROBERT PATRICIA MICHAEL JENNIFER DAVID LINDA JOSEPH ELIZABETH THOMAS SUSAN CHARLES JESSICA DANIEL SARAH MATTHEW KAREN ANTHONY NANCY".split()
places = "Mercy Lakeside Riverside Northgate Fairview Oakwood Summit Bayview Cedar Hillcrest Westbrook Maplewood Pinecrest Harbor Granite".split()
# MF: a three-frame image whose text is drawn on its later frames only (the first holds
# just the clinical line).
kinds = {"XR": (1024, 1024, (14, 24)), "MG": (1280, 1024, (14, 22)), "CT": (512, 512, (11, 15)), "MF": (512, 512, (11, 15))}
configs = [(8, 8), (12, 16), (16, 16)]   # bits stored, bits allocated
rnd = random.Random(seed); rng = np.random.default_rng(seed); truth = {}; k = 0

def smooth_noise(h, w, cell, amp):
    small = rng.standard_normal((h // cell + 2, w // cell + 2)).astype(np.float32)
    big = np.asarray(Image.fromarray(small, mode="F").resize((w + 2 * cell, h + 2 * cell), Image.BICUBIC))
    big = big[cell:cell + h, cell:cell + w]
    return big / (np.abs(big).max() + 1e-6) * amp

for level in levels:
    for bits, words in configs:
        for windowed in (True, False):
            for kind, (h, w, sizes) in kinds.items():
                # Display levels (0-255): a body of anatomy-like texture and quantum noise.
                frames = 3 if kind == "MF" else 1
                y, x = np.mgrid[0:h, 0:w]
                base = rnd.uniform(50, 130)
                body = 35 * np.exp(-(((x - w * rnd.uniform(0.4, 0.6)) / (0.35 * w)) ** 2 + ((y - h / 2) / (0.45 * h)) ** 2))
                grounds = [base + body + smooth_noise(h, w, 48, 18) + smooth_noise(h, w, 6, 5) for _ in range(frames)]
                font_path = fonts[k % len(fonts)]; size = rnd.randint(*sizes)
                font = ImageFont.truetype(F + font_path, size)
                L, Fi = rnd.choice(last), rnd.choice(first)
                pid = str(rnd.randint(10**6, 10**8)); y0, m0, d0 = rnd.randint(1930, 2000), rnd.randint(1, 12), rnd.randint(1, 28)
                sy, sm, sd = rnd.randint(2005, 2023), rnd.randint(1, 12), rnd.randint(1, 28)
                a, b, c = rnd.sample(places, 3)
                lines = [("name", f"Name: {L}, {Fi}"), ("id", f"Patient ID: {pid}"),
                         ("dob", f"DOB: {m0:02d}/{d0:02d}/{y0}" if k % 2 else f"DOB: {y0}-{m0:02d}-{d0:02d}"),
                         ("study", f"Study Date: {sy}{sm:02d}{sd:02d}" if k % 3 else f"Study Date: {sd:02d}.{sm:02d}.{sy}")]
                # The institution wrapped over three lines, or four (its name broken too).
                if k % 4 == 0:
                    lines += [("inst", f"Institution Name: {a}, {b}"), ("cont", f"and {c}"), ("cont", "Community"), ("cont", "Hospital")]
                else:
                    lines += [("inst", f"Institution Name: {a}, {b} and {c}"), ("cont", "Community"), ("cont", "Hospital")]
                blurred = k % 2 == 1     # continuation lines past reading
                partly = k % 3 == 0      # the institution line past reading after its first name
                mask = Image.new("L", (w, h), 0); dr = ImageDraw.Draw(mask)
                step = int(size * 1.5); boxes = []
                x0 = 40 + rnd.randint(0, w // 8); yy = 30 + rnd.randint(0, h // 10)
                def blurred_text(at, t):
                    global mask, dr
                    m = Image.new("L", (w, h), 0); ImageDraw.Draw(m).text(at, t, font=font, fill=255)
                    m = m.filter(ImageFilter.GaussianBlur(size / 7))
                    mask = Image.fromarray(np.maximum(np.asarray(mask), np.asarray(m))); dr = ImageDraw.Draw(mask)
                for i, (key, t) in enumerate(lines):
                    at = (x0, yy + i * step)
                    if key == "cont" and blurred:
                        blurred_text(at, t)
                    elif key == "inst" and partly:
                        head = t[:t.index(",") + 1]
                        dr.text(at, head, font=font, fill=255)
                        blurred_text((at[0] + int(dr.textlength(head, font=font)), at[1]), t[len(head):])
                    else:
                        dr.text(at, t, font=font, fill=255)
                    label = t.split(": ")[0] + ": " if ": " in t else ""
                    bx = dr.textbbox(at, t, font=font)
                    line = key + (" (blurred)" if key == "cont" and blurred else "") + (" (part blurred)" if key == "inst" and partly else "")
                    boxes.append([line, dr.textbbox(at, label, font=font)[2] if label else bx[0], bx[1], bx[2], bx[3]])
                text = np.asarray(mask, dtype=np.float32) / 255
                clinical = "PA ERECT 120 kVp"
                cmask = Image.new("L", (w, h), 0); cd = ImageDraw.Draw(cmask)
                cat = (w - 40 - int(cd.textlength(clinical, font=font)), h - 40 - size)
                cd.text(cat, clinical, font=font, fill=255)
                boxes.append(["clinical"] + list(cd.textbbox(cat, clinical, font=font)))
                cl = np.asarray(cmask, dtype=np.float32) / 255
                top = (1 << bits) - 1
                stored = []
                for f, g in enumerate(grounds):
                    on = 0 if kind == "MF" and f == 0 else 1
                    disp = g + level * np.maximum(on * text, cl) + rng.normal(0, 2.0, (h, w))
                    disp = np.clip(disp, 1, 254)
                    disp[:, :16] = 0; disp[h - 24:h - 12, w - 24:w - 12] = 255   # collimator edge, marker
                    stored.append(np.rint(disp * top / 255).astype(np.int64))
                stored = np.stack(stored) if frames > 1 else stored[0]
                window = (top / 2 + 0.5, top + 1) if windowed else None
                uid = save_secondary_capture(f"{out}/in/{k:03d}.dcm", stored, f"{L}^{Fi}", pid, f"{y0}{m0:02d}{d0:02d}",
                                             bits_stored=bits, window=window, modality="CT" if kind == "MF" else kind,
                                             seed=f"contrast-{k}" if seed == 12 else f"contrast-{seed}-{k}")
                truth[uid] = {"level": level, "bits": f"{bits}/{words}", "windowed": windowed, "kind": kind,
                              "font": os.path.basename(font_path), "size": size, "blurred": blurred, "boxes": boxes}
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
got = read_pixels(f"{work}/out", lambda a: a[-1] if a.ndim == 3 else a)   # the last frame holds the text
tables = {name: (collections.Counter(), collections.Counter()) for name in ("level", "bits", "windowed", "kind", "line")}
wrong, lines = 0, []
for uid, t in truth.items():
    a = got.get(uid)
    for line, x0, y0, x1, y1 in t["boxes"]:
        masked = a is not None and (a[y0:y1, x0:x1] == 0).mean() >= 0.9
        if line == "clinical":
            if a is not None and (a[y0:y1, x0:x1] == 0).mean() > 0.1: wrong += 1
            continue
        for name, v in (("level", t["level"]), ("bits", t["bits"]), ("windowed", t["windowed"]), ("kind", t["kind"]), ("line", line)):
            tables[name][0][v] += 1
            if not masked: tables[name][1][v] += 1
        if not masked: lines.append(f'level {t["level"]} {t["bits"]} {"windowed" if t["windowed"] else "no window"} {t["kind"]} {t["font"]} {t["size"]} px {line}')
n = len(truth)
print(f"{n} images, {sum(tables['level'][0].values())} identifying values, {secs:.2f} s (parse | redact | write), {secs / n:.3f} s per image")
print_recall(tables)
print(f"clinical lines masked (should stay): {wrong} of {n}")
if os.environ.get("VERBOSE"):
    for l in lines: print("  left:", l)
PY
