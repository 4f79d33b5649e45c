import DICOMCore
import DICOMObject

/// A DICOM file or bare data set as read: preamble, file meta group and data set.
public struct DICOMFile: Sendable {
    /// The 128-byte preamble; nil when the input had none.
    public var preamble: [UInt8]?
    /// Whether "DICM" followed the preamble (or began the input).
    public var hasPrefix: Bool
    /// The file meta information group (0002,xxxx); empty for a bare data set.
    public var meta: DataSet
    /// The main data set.
    public var dataset: DataSet
    /// The transfer syntax the data set is encoded in (from the meta group, or inferred).
    public var transferSyntax: TransferSyntax
    /// Things the reader had to guess or tolerate, for reports (never PHI: no values).
    public var notes: [String]
    /// The deflated data set was followed by a gzip trailer (CRC-32 and length of the
    /// inflated bytes), as some writers leave; the writer appends one, recomputed.
    public var gzipTrailer = false
    /// The deflated bytes the data set was read from (Deflated Explicit VR Little Endian):
    /// the writer writes them again instead of deflating anew while the data set still
    /// encodes to exactly what they inflate to, so that an untouched record is neither
    /// deflated again nor changed by a different deflater's choices.
    public var deflatedDataSet: BulkData?

    public init(
        preamble: [UInt8]? = [UInt8](repeating: 0, count: 128), hasPrefix: Bool = true,
        meta: DataSet = DataSet(), dataset: DataSet, transferSyntax: TransferSyntax,
        notes: [String] = []
    ) {
        self.preamble = preamble; self.hasPrefix = hasPrefix; self.meta = meta
        self.dataset = dataset; self.transferSyntax = transferSyntax; self.notes = notes
    }

    /// True for a Part 10 file: preamble, "DICM" and a meta group.
    public var isPart10: Bool { preamble != nil && hasPrefix && !meta.isEmpty }
}
