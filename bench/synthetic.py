"""Synthetic DICOM files for the bench scripts (imported by their embedded Python)."""
import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid, SecondaryCaptureImageStorage


def save_secondary_capture(path, pixels, patient_name, patient_id, birth_date):
    """Writes `pixels` (a 2-D uint8 array) as an 8-bit MONOCHROME2 OT secondary capture in
    Explicit VR Little Endian with the given patient; returns its SOPInstanceUID."""
    ds = Dataset(); ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    ds.SOPClassUID = SecondaryCaptureImageStorage; ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.StudyInstanceUID = generate_uid(); ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "OT"; ds.PatientName = patient_name; ds.PatientID = patient_id
    ds.PatientBirthDate = birth_date
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = ds.BitsStored = 8; ds.HighBit = 7; ds.PixelRepresentation = 0
    ds.PixelData = np.ascontiguousarray(pixels, dtype=np.uint8).tobytes()
    ds.save_as(path, enforce_file_format=True)
    return str(ds.SOPInstanceUID)
