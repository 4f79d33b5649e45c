#!/usr/bin/env python3
"""Reference decodes of every corpus image, for the decode table and the corpus decode test.

For each file of ../shared/corpus/CATALOG.tsv with pixel data, decodes the pixel data with
  - DCMTK (dcmdjpeg +cn, dcmdjpls, dcmdrle, dcmconv +te for big endian and deflated, to a native
    little-endian file, read raw), and
  - pydicom 3 with its pylibjpeg / openjpeg plugins (pixel_array(raw=True): no colour conversion),
and prints one TSV row per file:
  path  transfer_syntax_uid  frames  bits_stored  samples  photometric
  pydicom_status  pydicom_all  pydicom_c0  dcmtk_status  dcmtk_all  dcmtk_c0
`*_all` is the CRC-32 (zlib) of every sample (frame, row, column, sample order) as a little-endian
int32 masked to Bits Stored; `*_c0` the same of the first sample of each pixel only (what a
luminance decode of YCbCr data must equal). Status is "ok", "-" (decoder does not apply) or
"fail: reason".

Usage: bench/decode-reference.py [CORPUS_DIR] > Tests/DeidPixelsTests/Resources/reference-decodes.tsv
Needs a venv with pydicom numpy pylibjpeg pylibjpeg-libjpeg pylibjpeg-openjpeg pylibjpeg-rle
(bench/decode-table.sh makes one) and DCMTK on PATH.
"""
import os
import subprocess
import sys
import tempfile
import warnings
import zlib

import numpy as np
import pydicom
from pydicom.pixels import pixel_array

warnings.filterwarnings("ignore")
corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus")

# DCMTK decompressor for each encapsulated syntax it reads (no JPEG 2000 in free DCMTK).
DCMTK = {
    "1.2.840.10008.1.2.4.50": ["dcmdjpeg", "+cn"], "1.2.840.10008.1.2.4.51": ["dcmdjpeg", "+cn"],
    "1.2.840.10008.1.2.4.57": ["dcmdjpeg", "+cn"], "1.2.840.10008.1.2.4.70": ["dcmdjpeg", "+cn"],
    "1.2.840.10008.1.2.4.80": ["dcmdjpls"], "1.2.840.10008.1.2.4.81": ["dcmdjpls"],
    "1.2.840.10008.1.2.5": ["dcmdrle"],
    # Big endian to little: DCMTK and pydicom disagree on 32-bit samples in OW (16-bit
    # words swapped, or whole 32-bit cells); both readings are listed.
    "1.2.840.10008.1.2.2": ["dcmconv", "+te"], "1.2.840.10008.1.2.1.99": ["dcmconv", "+te"],
}
NATIVE = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", ""}


def digests(arr, frames, samples, bits):
    a = np.asarray(arr)
    a = a.reshape((frames, -1, samples)) if samples > 1 else a.reshape((frames, -1, 1))
    mask = (1 << bits) - 1 if bits < 32 else 0xFFFFFFFF
    v = (a.astype(np.int64) & mask).astype("<u4")
    return "%08x" % zlib.crc32(v.tobytes()), "%08x" % zlib.crc32(np.ascontiguousarray(v[:, :, 0]).tobytes())


def geometry(ds):
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    return frames, int(ds.BitsStored), int(getattr(ds, "SamplesPerPixel", 1)), str(getattr(ds, "PhotometricInterpretation", ""))


def by_pydicom(path, ds, g):
    try:
        if "TransferSyntaxUID" in getattr(ds, "file_meta", {}):
            # From the file (frame by frame), but a deflated data set only from memory.
            deflated = ds.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1.99"
            arr = pixel_array(ds if deflated else path, raw=True)
        else:  # no file meta group: say what the reader found
            implicit, little = ds.original_encoding
            ds.file_meta = pydicom.dataset.FileMetaDataset()
            ds.file_meta.TransferSyntaxUID = ("1.2.840.10008.1.2" if implicit else
                                              "1.2.840.10008.1.2.1" if little else "1.2.840.10008.1.2.2")
            arr = pixel_array(ds, raw=True)
    except Exception as e:  # noqa: BLE001 - any decoder failure is a result here
        return "fail: " + (type(e).__name__ + ": " + str(e)).replace("\t", " ").replace("\n", " ")[:120], "", ""
    frames, bits, samples, _ = g
    try:
        return ("ok",) + digests(arr, frames, samples, bits)
    except ValueError as e:
        return "fail: shape " + str(e)[:100], "", ""


def by_dcmtk(path, ts, g):
    tool = DCMTK.get(ts)
    if tool is None:
        return "-", "", ""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "native.dcm")
        r = subprocess.run(tool + [path, out], capture_output=True, text=True)
        if r.returncode != 0 or not os.path.exists(out):
            msg = (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[-1]
            return "fail: " + msg.replace("\t", " ")[:120], "", ""
        try:
            arr = pixel_array(out, raw=True)
            frames, bits, samples, _ = g
            return ("ok",) + digests(arr, frames, samples, bits)
        except Exception as e:  # noqa: BLE001
            return "fail: native read " + str(e).replace("\t", " ")[:100], "", ""


def main():
    cat = os.path.join(corpus, "CATALOG.tsv")
    rows = [l.rstrip("\n").split("\t") for l in open(cat, encoding="utf-8")]
    head = rows[0]
    ip, idec = head.index("path"), head.index("pydicom_pixel_decode")
    print("\t".join(["path", "ts", "frames", "bits_stored", "samples", "photometric",
                     "pydicom", "pydicom_all", "pydicom_c0", "dcmtk", "dcmtk_all", "dcmtk_c0"]))
    for r in rows[1:]:
        if r[idec].startswith("no pixel data"):
            continue
        path = os.path.join(corpus, r[ip])
        try:
            ds = pydicom.dcmread(path, force=True, stop_before_pixels=False)
            if "PixelData" not in ds:
                continue
            ts = str(ds.file_meta.TransferSyntaxUID) if "TransferSyntaxUID" in getattr(ds, "file_meta", {}) else ""
            g = geometry(ds)
        except Exception as e:  # noqa: BLE001
            print("\t".join([r[ip], "", "", "", "", "", "fail: header " + str(e)[:80].replace("\t", " "), "", "", "-", "", ""]))
            continue
        p = by_pydicom(path, ds, g)
        d = by_dcmtk(path, ts, g) if ts not in NATIVE else ("-", "", "")
        print("\t".join([r[ip], ts, str(g[0]), str(g[1]), str(g[2]), g[3], *p, *d]), flush=True)


if __name__ == "__main__":
    main()
