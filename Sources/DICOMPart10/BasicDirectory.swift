import DICOMCore
import DICOMObject

/// The Basic Directory IOD (PS3.3 F.3), the DICOMDIR of a file-set (PS3.10 8).
public enum BasicDirectory {
    /// Media Storage Directory Storage: the SOP class of a DICOMDIR.
    public static let sopClassUID = "1.2.840.10008.1.3.10"
    public static let fileSetIDTag = Tag.fileSetID
    public static let firstRootRecordTag = Tag.offsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity
    public static let lastRootRecordTag = Tag.offsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity
    public static let consistencyFlagTag = Tag.fileSetConsistencyFlag
    public static let recordSequenceTag = Tag.directoryRecordSequence
    public static let nextRecordTag = Tag.offsetOfTheNextDirectoryRecord
    public static let inUseFlagTag = Tag.recordInUseFlag
    public static let lowerLevelTag = Tag.offsetOfReferencedLowerLevelDirectoryEntity
    public static let recordTypeTag = Tag.directoryRecordType
    public static let referencedFileIDTag = Tag.referencedFileID
    public static let referencedSOPClassTag = Tag.referencedSOPClassUIDInFile
    public static let referencedSOPInstanceTag = Tag.referencedSOPInstanceUIDInFile
    public static let referencedTransferSyntaxTag = Tag.referencedTransferSyntaxUIDInFile

    /// Whether `file` is a DICOMDIR: declared so in its meta group, or (without one) a data
    /// set that holds directory records. Its records name files by paths on the source
    /// media, often made of Patient IDs, so a de-identifying tool must never copy them.
    public static func isDirectory(_ file: DICOMFile) -> Bool {
        if file.meta.string(.mediaStorageSOPClassUID) == sopClassUID { return true }
        if file.dataset.string(.sopClassUID) == sopClassUID { return true }
        return file.dataset[recordSequenceTag] != nil || file.dataset[firstRootRecordTag] != nil
    }
}

/// One directory record (PS3.3 F.3.2.2) and the records of the level below it.
public struct DirectoryRecord: Sendable {
    /// Directory Record Type (0004,1430), e.g. PATIENT, STUDY, SERIES, IMAGE.
    public var type: String
    /// The record's keys and, for records that reference a file, Referenced File ID and the
    /// Referenced ... in File attributes; not the offsets, which the encoder computes.
    public var keys: DataSet
    /// The lower-level records, in the order they are written.
    public var children: [DirectoryRecord]

    public init(type: String, keys: DataSet = DataSet(), children: [DirectoryRecord] = []) {
        self.type = type; self.keys = keys; self.children = children
    }
}

extension BasicDirectory {
    /// What goes into the file meta group of a DICOMDIR.
    public struct MetaInfo: Sendable {
        public var sopInstanceUID: String
        public var implementationClassUID: String
        public var implementationVersionName: String
        public init(sopInstanceUID: String, implementationClassUID: String, implementationVersionName: String) {
            self.sopInstanceUID = sopInstanceUID; self.implementationClassUID = implementationClassUID
            self.implementationVersionName = implementationVersionName
        }
    }

    /// Encodes a DICOMDIR (explicit VR little endian, defined lengths) holding `roots` and
    /// their descendants depth first, each record followed by its lower-level records.
    /// Offsets count from the first byte of the file (the preamble), as PS3.3 F.3.2.1 asks.
    public static func encode(roots: [DirectoryRecord], fileSetID: String, meta info: MetaInfo) throws -> [UInt8] {
        // Depth-first order; each entry knows its next sibling and first child by index.
        var flat: [(keys: DataSet, type: String, next: Int?, child: Int?)] = []
        func add(_ records: [DirectoryRecord]) -> Int? {
            var previous: Int? = nil
            var first: Int? = nil
            for r in records {
                let i = flat.count
                flat.append((r.keys, r.type, nil, nil))
                if let p = previous { flat[p].next = i } else { first = i }
                flat[i].child = add(r.children)
                previous = i
            }
            return first
        }
        _ = add(roots)
        var lastRoot: Int? = nil
        if !roots.isEmpty { var i = 0; while let n = flat[i].next { i = n }; lastRoot = i }

        func item(_ k: Int, offsets: [UInt32]) -> DataSet {
            var ds = flat[k].keys
            ds.insert(ulElement(nextRecordTag, flat[k].next.map { offsets[$0] } ?? 0))
            ds.insert(ulElement(lowerLevelTag, flat[k].child.map { offsets[$0] } ?? 0))
            // Retired since 2004, but dciodvfy and older readers still require it; DCMTK writes it.
            ds.insert(Element(tag: inUseFlagTag, vr: .US, bytes: [0xFF, 0xFF]))
            ds.setString(recordTypeTag, flat[k].type, vr: .CS)
            return ds
        }
        func file(items: [DataSet], first: UInt32, last: UInt32) -> DICOMFile {
            var meta = DataSet()
            meta.insert(Element(tag: .fileMetaInformationGroupLength, vr: .UL, bytes: [0, 0, 0, 0]))
            meta.insert(Element(tag: .fileMetaInformationVersion, vr: .OB, bytes: [0, 1]))
            meta.setString(.mediaStorageSOPClassUID, sopClassUID, vr: .UI)
            meta.setString(.mediaStorageSOPInstanceUID, info.sopInstanceUID, vr: .UI)
            meta.setString(.transferSyntaxUID, TransferSyntax.explicitVRLittleEndian.uid, vr: .UI)
            meta.setString(.implementationClassUID, info.implementationClassUID, vr: .UI)
            meta.setString(.implementationVersionName, info.implementationVersionName, vr: .SH)
            var ds = DataSet()
            ds.setString(fileSetIDTag, fileSetID, vr: .CS)
            ds.insert(ulElement(firstRootRecordTag, first))
            ds.insert(ulElement(lastRootRecordTag, last))
            ds.insert(Element(tag: consistencyFlagTag, vr: .US, bytes: [0, 0]))
            ds.insert(Element(tag: recordSequenceTag, vr: .SQ, value: .items(items)))
            return DICOMFile(meta: meta, dataset: ds, transferSyntax: .explicitVRLittleEndian)
        }
        var options = Part10Writer.Options()
        options.updateGroupLengths = true
        let writer = Part10Writer(options: options)
        // Offsets are 4-byte values, so the sizes do not depend on them: measure, then fill in.
        let head = try writer.encode(file(items: [], first: 0, last: 0)).count
        let zeros = [UInt32](repeating: 0, count: flat.count)
        var offsets: [UInt32] = []
        var at = head
        for k in flat.indices {
            guard let o = UInt32(exactly: at) else { throw DICOMWriteError("DICOMDIR larger than 4 GiB") }
            offsets.append(o)
            let bare = DICOMFile(
                preamble: nil, hasPrefix: false, dataset: item(k, offsets: zeros),
                transferSyntax: .explicitVRLittleEndian)
            at += 8 + (try writer.encode(bare).count)
        }
        let bytes = try writer.encode(
            file(
                items: flat.indices.map { item($0, offsets: offsets) },
                first: flat.isEmpty ? 0 : offsets[0],
                last: lastRoot.map { offsets[$0] } ?? 0))
        guard bytes.count == at else { throw DICOMWriteError("DICOMDIR offsets do not match its encoding") }
        return bytes
    }

    static func ulElement(_ tag: Tag, _ v: UInt32) -> Element {
        Element(tag: tag, vr: .UL, bytes: (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) })
    }
}
