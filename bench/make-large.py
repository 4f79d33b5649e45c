#!/usr/bin/env python3
"""Writes a synthetic multi-frame DICOM file of about SIZE MiB (default 1024) for memory tests.

Usage: make-large.py OUT [SIZE_MIB]. Pure standard library; the pixel bytes are a pattern.
"""
import struct, sys

def el(group, elem, vr, value):
    if isinstance(value, str):
        value = value.encode()
        if len(value) % 2: value += b"\0" if vr == "UI" else b" "
    if vr in ("OB", "OW", "SQ", "UN", "UT", "UC", "UR", "OD", "OF", "OL", "OV", "SV", "UV"):
        return struct.pack("<HH2sHI", group, elem, vr.encode(), 0, len(value)) + value
    return struct.pack("<HH2sH", group, elem, vr.encode(), len(value)) + value

def main():
    out = sys.argv[1]
    size_mib = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
    rows = cols = 1024
    frame = rows * cols * 2
    frames = max(1, size_mib * 1024 * 1024 // frame)
    sop = "2.25.1234567890123456789"
    meta_body = (el(2, 1, "OB", b"\0\1") + el(2, 2, "UI", "1.2.840.10008.5.1.4.1.1.7.2")
                 + el(2, 3, "UI", sop) + el(2, 0x10, "UI", "1.2.840.10008.1.2.1")
                 + el(2, 0x12, "UI", "2.25.1"))
    meta = el(2, 0, "UL", struct.pack("<I", len(meta_body))) + meta_body
    ds = (el(8, 0x16, "UI", "1.2.840.10008.5.1.4.1.1.7.2") + el(8, 0x18, "UI", sop)
          + el(8, 0x60, "CS", "OT") + el(0x10, 0x10, "PN", "Large^Test") + el(0x10, 0x20, "LO", "LARGE1")
          + el(0x20, 0x0D, "UI", "2.25.11") + el(0x20, 0x0E, "UI", "2.25.12")
          + el(0x28, 0x02, "US", struct.pack("<H", 1)) + el(0x28, 0x04, "CS", "MONOCHROME2")
          + el(0x28, 0x08, "IS", str(frames)) + el(0x28, 0x10, "US", struct.pack("<H", rows))
          + el(0x28, 0x11, "US", struct.pack("<H", cols)) + el(0x28, 0x100, "US", struct.pack("<H", 16))
          + el(0x28, 0x101, "US", struct.pack("<H", 16)) + el(0x28, 0x102, "US", struct.pack("<H", 15))
          + el(0x28, 0x103, "US", struct.pack("<H", 0)))
    pattern = bytes(range(256)) * (frame // 256)
    with open(out, "wb") as f:
        f.write(b"\0" * 128 + b"DICM" + meta + ds)
        f.write(struct.pack("<HH2sHI", 0x7FE0, 0x10, b"OW", 0, frame * frames))
        for _ in range(frames):
            f.write(pattern)
    print(f"{out}: {frames} frames of {rows}x{cols}x16 bit, {(frame * frames) >> 20} MiB of pixel data")

main()
