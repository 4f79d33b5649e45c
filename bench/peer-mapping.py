#!/usr/bin/env python3
"""Build uid_mapping.csv and patid_mapping.csv for a peer tool that writes none.

    peer-mapping.py PAIRS MAPPING_DIR

PAIRS has a line "input<TAB>output" per file the peer processed (bench/peer-run.py writes
it). For each pair, every UI value found at the same element path in both files gives a row
old,new (also when unchanged, so the scorer can find the file), and the two PatientIDs give a
patid row; the first row for an old value wins, as in the scorer. Fair to the peers: they are
scored as if they had written the mapping files our pipeline writes.
"""
import csv
import os
import sys
import warnings

import pydicom

warnings.filterwarnings('ignore')


def uids(ds, prefix=''):
    out = {}
    for el in ds:
        path = prefix + f'{el.tag:08X}'
        if el.VR == 'SQ':
            for i, item in enumerate(el.value or []):
                out.update(uids(item, f'{path}[{i}].'))
        elif el.VR == 'UI' and el.value:
            vals = el.value if isinstance(el.value, (list, pydicom.multival.MultiValue)) else [el.value]
            for j, v in enumerate(vals):
                out[f'{path}#{j}'] = str(v).strip('\0 ')
    return out


def main():
    pairs, map_dir = sys.argv[1:3]
    uid_rows, pat_rows = {}, {}
    n = 0
    for line in open(pairs):
        src, out = line.rstrip('\n').split('\t')
        try:
            a = pydicom.dcmread(src, stop_before_pixels=True, force=True)
            b = pydicom.dcmread(out, stop_before_pixels=True, force=True)
        except Exception:
            continue
        n += 1
        new = uids(b)
        for path, old in uids(a).items():
            v = new.get(path)
            if v and not old.startswith('1.2.840.10008.'):
                uid_rows.setdefault(old, v)
        if 'PatientID' in a and 'PatientID' in b:
            pat_rows.setdefault(str(a.PatientID), str(b.PatientID))
    os.makedirs(map_dir, exist_ok=True)
    for name, rows in (('uid_mapping.csv', uid_rows), ('patid_mapping.csv', pat_rows)):
        with open(os.path.join(map_dir, name), 'w', newline='') as fh:
            w = csv.writer(fh)
            w.writerow(['id_old', 'id_new'])
            w.writerows(rows.items())
    print(f'mapping from {n} input/output pairs', file=sys.stderr)


if __name__ == '__main__':
    main()
