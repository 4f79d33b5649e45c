#!/usr/bin/env python3
"""Writes the bundled sample DICOM files (synthetic people, synthetic pixels) into samples/.

Every name, ID, date and address here is invented. The files exercise the pipeline:
explicit and implicit VR, big endian, deflate, sequences, private tags, an SR document.
Run from the repository root: scripts/make-samples.py [OUTDIR]. Standard library only.
"""
import os, struct, sys, zlib

LONG = {"OB", "OW", "SQ", "UN", "UT", "UC", "UR", "OD", "OF", "OL", "OV", "SV", "UV"}

def pad(vr, b):
    return b + (b"\0" if vr == "UI" else b" ") if len(b) % 2 else b

def enc_value(vr, v, be=False):
    if isinstance(v, str):
        return pad(vr, v.encode("latin-1"))
    if isinstance(v, int):
        fmt = {"US": "H", "SS": "h", "UL": "I", "SL": "i"}[vr]
        return struct.pack((">" if be else "<") + fmt, v)
    return v

def el(tag, vr, v, explicit=True, be=False):
    g, e = tag >> 16, tag & 0xFFFF
    end = ">" if be else "<"
    if vr == "SQ":
        body = b""
        for item in v:
            body += struct.pack(end + "HHI", 0xFFFE, 0xE000, len(item)) + item
        val = body
    else:
        val = enc_value(vr, v, be)
    if not explicit:
        return struct.pack(end + "HHI", g, e, len(val)) + val
    if vr in LONG:
        return struct.pack(end + "HH2sHI", g, e, vr.encode(), 0, len(val)) + val
    return struct.pack(end + "HH2sH", g, e, vr.encode(), len(val)) + val

def dataset(elements, explicit=True, be=False):
    return b"".join(el(t, vr, v, explicit, be) for t, vr, v in sorted(elements, key=lambda x: x[0]))

def part10(path, sop_class, sop_uid, ts, body):
    meta = dataset([(0x00020001, "OB", b"\0\1"), (0x00020002, "UI", sop_class), (0x00020003, "UI", sop_uid),
                    (0x00020010, "UI", ts), (0x00020012, "UI", "2.25.99999"), (0x00020013, "SH", "SAMPLEGEN")])
    meta = el(0x00020000, "UL", struct.pack("<I", len(meta))) + meta
    with open(path, "wb") as f:
        f.write(b"\0" * 128 + b"DICM" + meta + body)

def patient(name, pid, birth, sex, age):
    return [(0x00100010, "PN", name), (0x00100020, "LO", pid), (0x00100030, "DA", birth),
            (0x00100040, "CS", sex), (0x00101010, "AS", age), (0x00101030, "DS", "71.5"),
            (0x00101040, "LO", "12 Elm Street, Springfield, IL 62704"), (0x00102154, "SH", "217-555-0142")]

def study(uid, date, desc, acc, inst="Springfield General Hospital", ref="Smith^Alan^^Dr"):
    return [(0x00080020, "DA", date), (0x00080030, "TM", "101500"), (0x00080050, "SH", acc),
            (0x00080080, "LO", inst), (0x00080081, "ST", "1 Hospital Way, Springfield, IL 62701"),
            (0x00080090, "PN", ref), (0x00081030, "LO", desc), (0x0020000D, "UI", uid),
            (0x00200010, "SH", "S" + acc[-4:]), (0x00081048, "PN", "Jones^Mary")]

def image(rows, cols, seed):
    px = bytes(((r * 7 + c * 3 + seed) & 0xFF) for r in range(rows) for c in range(cols))
    return [(0x00280002, "US", 1), (0x00280004, "CS", "MONOCHROME2"), (0x00280010, "US", rows),
            (0x00280011, "US", cols), (0x00280100, "US", 8), (0x00280101, "US", 8), (0x00280102, "US", 7),
            (0x00280103, "US", 0), (0x7FE00010, "OB", px)]

CT, MR, SC, SR = ("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4",
                  "1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.5.1.4.1.1.88.11")
EVR, IVR, BE, DFL = "1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99"

def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "samples"
    os.makedirs(out, exist_ok=True)
    root = "2.25.31415926535897932384626433832795"
    # Patient 1: two CT slices and a localizer reference, explicit VR little endian, private block.
    p1 = patient("DOE^JANE^Q", "MRN40021977", "19610412", "F", "063Y")
    s1 = study(root + "1", "20240305", "CT CHEST W CONTRAST for Jane Doe", "ACC20240305117")
    for i in (1, 2):
        sop = f"{root}1.1.{i}"
        ref = el(0x00081150, "UI", CT) + el(0x00081155, "UI", f"{root}1.1.9")
        private = [(0x00090010, "LO", "SAMPLE PRIVATE"), (0x00091001, "LO", "Jane Doe scanned by MJ"),
                   (0x00091002, "DA", "20240305")]
        body = dataset(p1 + s1 + image(16, 16, i) + private + [
            (0x00080008, "CS", "ORIGINAL\\PRIMARY\\AXIAL"), (0x00080016, "UI", CT), (0x00080018, "UI", sop),
            (0x00080060, "CS", "CT"), (0x00080070, "LO", "ACME"), (0x0008103E, "LO", "AXIAL 5mm LT/RT for 4002197"),
            (0x00081140, "SQ", [ref]), (0x00180050, "DS", "5.000000"), (0x00180060, "DS", "120"),
            (0x0020000E, "UI", root + "1.1"), (0x00200013, "IS", str(i)), (0x00200052, "UI", root + "1.5"),
            (0x00204000, "LT", "Patient Jane Doe, DOB 04/12/1961, called 217-555-0142"),
        ])
        part10(os.path.join(out, f"ct-{i}.dcm"), CT, sop, EVR, body)
    # Patient 2: MR in implicit VR, and the same study deflated.
    p2 = patient("ROE^RICHARD", "PID-77310", "19780930", "M", "045Y")
    s2 = study(root + "2", "20230711", "MRI BRAIN WO for Richard Roe", "A7731002", "Lakeside Clinic", "Nguyen^Thao")
    body = dataset(p2 + s2 + image(16, 16, 5) + [
        (0x00080016, "UI", MR), (0x00080018, "UI", root + "2.1.1"), (0x00080060, "CS", "MR"),
        (0x0008103E, "LO", "T2 FLAIR AX"), (0x0020000E, "UI", root + "2.1"), (0x00200013, "IS", "1"),
        (0x00180081, "DS", "120"), (0x00321060, "LO", "MRI BRAIN")], explicit=False)
    part10(os.path.join(out, "mr-implicit.dcm"), MR, root + "2.1.1", IVR, body)
    body = dataset(p2 + s2 + image(16, 16, 6) + [
        (0x00080016, "UI", MR), (0x00080018, "UI", root + "2.1.2"), (0x00080060, "CS", "MR"),
        (0x0008103E, "LO", "T1 SAG"), (0x0020000E, "UI", root + "2.1"), (0x00200013, "IS", "2")])
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    part10(os.path.join(out, "mr-deflated.dcm"), MR, root + "2.1.2", DFL, c.compress(body) + c.flush())
    # Patient 3: secondary capture, big endian.
    p3 = patient("ZHANG^WEI", "8839201", "19900102", "M", "034Y")
    s3 = study(root + "3", "20220101", "OUTSIDE FILM READ ordered by Dr. Patel", "X99120")
    body = dataset(p3 + s3 + [(0x00280002, "US", 1), (0x00280004, "CS", "MONOCHROME2"), (0x00280010, "US", 8),
                              (0x00280011, "US", 8), (0x00280100, "US", 16), (0x00280101, "US", 12),
                              (0x00280102, "US", 11), (0x00280103, "US", 0),
                              (0x7FE00010, "OW", struct.pack(">64H", *range(64))),
                              (0x00080016, "UI", SC), (0x00080018, "UI", root + "3.1.1"), (0x00080060, "CS", "OT"),
                              (0x00080064, "CS", "DF"), (0x0020000E, "UI", root + "3.1")], be=True)
    part10(os.path.join(out, "sc-bigendian.dcm"), SC, root + "3.1.1", BE, body)
    # Patient 1 again: a basic text SR naming people in content items.
    def item(elems): return dataset(elems)
    concept = lambda v, m: [item([(0x00080100, "SH", v), (0x00080102, "SH", "DCM"), (0x00080104, "LO", m)])]
    content = [
        item([(0x0040A010, "CS", "HAS OBS CONTEXT"), (0x0040A040, "CS", "PNAME"),
              (0x0040A043, "SQ", concept("121008", "Person Observer Name")), (0x0040A123, "PN", "Smith^Alan")]),
        item([(0x0040A010, "CS", "CONTAINS"), (0x0040A040, "CS", "TEXT"),
              (0x0040A043, "SQ", concept("121071", "Finding")),
              (0x0040A160, "UT", "No acute findings. Discussed with Jane Doe on 03/05/2024 at 217-555-0142.")]),
    ]
    body = dataset(p1 + s1 + [
        (0x00080016, "UI", SR), (0x00080018, "UI", root + "1.9.1"), (0x00080060, "CS", "SR"),
        (0x0020000E, "UI", root + "1.9"), (0x0040A040, "CS", "CONTAINER"), (0x0040A050, "CS", "SEPARATE"),
        (0x0040A043, "SQ", concept("18748-4", "Diagnostic Imaging Report")),
        (0x0040A073, "SQ", [item([(0x0040A075, "PN", "Smith^Alan"), (0x0040A030, "DT", "20240305120000")])]),
        (0x0040A730, "SQ", content)])
    part10(os.path.join(out, "sr-report.dcm"), SR, root + "1.9.1", EVR, body)
    print(f"wrote samples to {out}/")

main()
