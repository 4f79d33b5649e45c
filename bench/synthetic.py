"""Synthetic DICOM files for the bench scripts (imported by their embedded Python)."""
import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid, SecondaryCaptureImageStorage


def save_secondary_capture(path, pixels, patient_name, patient_id, birth_date,
                           bits_stored=8, window=None, modality="OT", seed=None, rgb=False):
    """Writes `pixels` (a 2-D array of stored values, or 3-D: frames) as a MONOCHROME2 secondary capture in
    Explicit VR Little Endian with the given patient; returns its SOPInstanceUID. Values of
    more than 8 bits stored go in 16-bit words; `window` (center, width) is written as the
    file's VOI window when given; `seed` (a string) makes the UIDs reproducible. With `rgb`,
    `pixels` is one 8-bit frame of rows x columns x 3 written as RGB (interleaved)."""
    def uid(kind):
        return generate_uid(entropy_srcs=[seed, kind]) if seed is not None else generate_uid()
    ds = Dataset(); ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    ds.SOPClassUID = SecondaryCaptureImageStorage; ds.SOPInstanceUID = uid("sop")
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.StudyInstanceUID = uid("study"); ds.SeriesInstanceUID = uid("series")
    ds.Modality = modality; ds.PatientName = patient_name; ds.PatientID = patient_id
    ds.PatientBirthDate = birth_date
    if rgb:
        ds.Rows, ds.Columns = pixels.shape[:2]
        ds.SamplesPerPixel = 3; ds.PhotometricInterpretation = "RGB"; ds.PlanarConfiguration = 0
    else:
        if pixels.ndim == 3:   # several frames
            ds.NumberOfFrames = pixels.shape[0]
        ds.Rows, ds.Columns = pixels.shape[-2:]
        ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = "MONOCHROME2"
    words = np.uint8 if bits_stored <= 8 else np.uint16
    ds.BitsAllocated = 8 * np.dtype(words).itemsize; ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1; ds.PixelRepresentation = 0
    if window is not None:
        ds.WindowCenter, ds.WindowWidth = window
    ds.PixelData = np.ascontiguousarray(pixels, dtype=words).astype("<u%d" % np.dtype(words).itemsize).tobytes()
    ds.save_as(path, enforce_file_format=True)
    return str(ds.SOPInstanceUID)


def read_pixels(folder, pick=lambda a: a):
    """The pixel arrays of the DICOM files under `folder` by SOPInstanceUID, each through `pick`
    (e.g. the frame or channel the bench scores)."""
    import os, pydicom
    out = {}
    for r, _, fs in os.walk(folder):
        for f in fs:
            ds = pydicom.dcmread(os.path.join(r, f))
            out[str(ds.SOPInstanceUID)] = pick(ds.pixel_array)
    return out


def print_recall(tables):
    """Prints each table of (total, left) Counters as values, values left and recall per key."""
    for name, (total, left) in tables.items():
        print(f'{name:18} {"values":>7} {"left":>5} {"recall":>8}')
        for v in sorted(total): print(f"{str(v):18} {total[v]:7} {left[v]:5} {100 * (total[v] - left[v]) / total[v]:7.1f}%")
