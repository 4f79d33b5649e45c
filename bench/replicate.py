#!/usr/bin/env python3
"""Replicate a DICOM tree to a given number of files, each copy with new UIDs and patients.

Copy 0 is the input as it is; copy k >= 1 gets every UID that is not a registered one (SOP
classes, transfer syntaxes, coding schemes stay) replaced by a 2.25 UID hashed from (k, UID),
so studies, series and references stay linked within a copy and never collide across copies,
and Patient ID gets the suffix "R<k>" so every copy is a new set of patients (their own date
shifts and pseudonyms). Pixel data and every other byte of the data set are kept (pydicom
writes the file back in its own transfer syntax). Files pydicom cannot read are copied only
in copy 0. Deterministic: the same input and count give the same files.

Usage: bench/replicate.py SRC DST --count N [--jobs J]
Needs pydicom (bench/common.sh's venv has it).
"""
import argparse
import hashlib
import os
import shutil
import sys
import warnings
from multiprocessing import Pool

import pydicom
from pydicom.uid import UID_dictionary


def new_uid(k, uid):
    digest = hashlib.sha256(f"{k}|{uid}".encode()).digest()[:15]
    return "2.25." + str(int.from_bytes(digest, "big"))


def rewrite(ds, k):
    def visit(dataset):
        for elem in dataset:
            if elem.VR == "SQ":
                for item in elem.value:
                    visit(item)
            elif elem.VR == "UI" and elem.value:
                values = elem.value if elem.VM > 1 else [elem.value]
                out = [v if str(v) in UID_dictionary else new_uid(k, str(v)) for v in values]
                elem.value = out if elem.VM > 1 else out[0]
    visit(ds)
    if "PatientID" in ds:
        ds.PatientID = (str(ds.PatientID) + f"R{k}")[-64:]
    meta = ds.file_meta
    if "MediaStorageSOPInstanceUID" in meta:
        meta.MediaStorageSOPInstanceUID = new_uid(k, str(meta.MediaStorageSOPInstanceUID))


def one(job):
    warnings.simplefilter("ignore")  # pydicom warns about over-long values the input already had
    src, dst, k = job
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if k == 0:
        shutil.copyfile(src, dst)
        return True
    try:
        ds = pydicom.dcmread(src, force=True)
        if not hasattr(ds, "file_meta") or "TransferSyntaxUID" not in ds.file_meta:
            return False
        rewrite(ds, k)
        ds.save_as(dst, enforce_file_format=False)
        return True
    except Exception:
        if os.path.exists(dst):
            os.unlink(dst)
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    a = ap.parse_args()
    files = sorted(os.path.relpath(os.path.join(d, f), a.src)
                   for d, _, fs in os.walk(a.src) for f in fs)
    if not files:
        sys.exit(f"replicate: no files under {a.src}")
    jobs = []
    k = 0
    while len(jobs) < a.count:
        for rel in files:
            if len(jobs) == a.count:
                break
            jobs.append((os.path.join(a.src, rel), os.path.join(a.dst, f"copy{k:04d}", rel), k))
        k += 1
    with Pool(a.jobs) as pool:
        written = sum(pool.imap_unordered(one, jobs, chunksize=64))
    print(f"replicate: {written} files written in {k} copies ({len(jobs) - written} not readable by pydicom)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
