import DICOMCore
import DICOMObject
import DICOMPart10
#if canImport(Glibc)
import Glibc
#endif

/// A fresh DICOMDIR for a tree of files: PATIENT, STUDY, SERIES and one leaf record per
/// file (PS3.3 F.4, F.5), their keys taken from the files as written (de-identified), never
/// from an input DICOMDIR. Only a few keys per level are kept in memory, so a large tree
/// costs a few hundred bytes per file. Everything is sorted, so the same tree always gives
/// the same bytes.
public struct FileSetIndex {
    /// A leaf record waiting for its place in the hierarchy.
    struct Leaf {
        var patientID: String, studyUID: String, seriesUID: String
        var instanceNumber: Int?
        var fileID: [String]
        var record: DirectoryRecord
    }
    var leaves: [Leaf] = []
    var patients: [String: DataSet] = [:]
    var studies: [String: DataSet] = [:]
    var series: [String: DataSet] = [:]
    var instances: [String: [String]] = [:]

    public init() {}

    /// Number of files listed.
    public var count: Int { leaves.count }

    /// Adds the file at `fileID` (its PS3.10 components); returns why it is left out, if it is.
    public mutating func add(_ file: DICOMFile, fileID: [String]) -> String? {
        let ds = file.dataset
        if BasicDirectory.isDirectory(file) { return "a DICOMDIR is not listed in another" }
        let sopClass = ds.string(.sopClassUID) ?? file.meta.string(.mediaStorageSOPClassUID) ?? ""
        let sopInstance = ds.string(.sopInstanceUID) ?? file.meta.string(.mediaStorageSOPInstanceUID) ?? ""
        guard !sopClass.isEmpty, !sopInstance.isEmpty else { return "no SOP Class or SOP Instance UID" }
        guard let studyUID = ds.string(.studyInstanceUID), !studyUID.isEmpty,
            let seriesUID = ds.string(.seriesInstanceUID), !seriesUID.isEmpty
        else { return "no Study or Series Instance UID" }
        guard let type = FileSetIndex.recordType(sopClass: sopClass, dataset: ds) else {
            return "no directory record type for SOP class \(sopClass)"
        }
        if let other = instances[sopInstance] {
            return "same SOP Instance UID as \(other.joined(separator: "/")), which is listed"
        }
        instances[sopInstance] = fileID
        let patientID = ds.string(.patientID, charset: ds.declaredCharacterSet ?? .defaultRepertoire) ?? ""
        let patientKey = patientID.isEmpty ? FileSetIndex.unknownPatientID : patientID
        if patients[patientKey] == nil {
            var keys = FileSetIndex.copy(FileSetIndex.patientKeys, from: ds)
            keys.setString(.patientID, patientKey, vr: .LO)
            patients[patientKey] = keys
        }
        if studies[studyUID] == nil {
            var keys = FileSetIndex.copy(FileSetIndex.studyKeys, from: ds)
            // Type 1 here, Type 2 in the images and often emptied by de-identification: the
            // file's other (equally shifted) dates stand in, as in dcmmkdir, else a dummy
            // value (PS3.15 "D") rather than dcmmkdir's date of today, which is not reproducible.
            for (tag, alternatives, dummy) in [
                (UInt32(0x0008_0020), [UInt32(0x0008_0021), 0x0008_0022, 0x0008_0023], "19000101"),
                (0x0008_0030, [0x0008_0031, 0x0008_0032, 0x0008_0033], "000000")
            ] {
                let value = alternatives.lazy.compactMap { ds.string(Tag($0)) }.first { !$0.isEmpty } ?? dummy
                FileSetIndex.fill(&keys, Tag(tag), value)
            }
            studies[studyUID] = keys
        }
        if series[seriesUID] == nil { series[seriesUID] = FileSetIndex.copy(FileSetIndex.seriesKeys, from: ds) }
        var keys = FileSetIndex.copy(FileSetIndex.leafKeys[type] ?? FileSetIndex.leafKeys["IMAGE"]!, from: ds)
        // A verified SR document's record holds when it was verified (1C): the last verifier's time.
        if type == "SR DOCUMENT", ds.string(Tag.verificationFlag) == "VERIFIED",
            let when = ds[Tag.verifyingObserverSequence]?.items?.last?[Tag.verificationDateTime]
        {
            keys.insert(when)
        }
        keys.setString(BasicDirectory.referencedFileIDTag, fileID.joined(separator: "\\"), vr: .CS)
        keys.setString(BasicDirectory.referencedSOPClassTag, sopClass, vr: .UI)
        keys.setString(BasicDirectory.referencedSOPInstanceTag, sopInstance, vr: .UI)
        keys.setString(
            BasicDirectory.referencedTransferSyntaxTag,
            file.meta.string(.transferSyntaxUID) ?? file.transferSyntax.uid, vr: .UI)
        let number = ds.string(Tag.instanceNumber).flatMap { Int($0) }
        leaves.append(
            Leaf(
                patientID: patientKey, studyUID: studyUID, seriesUID: seriesUID,
                instanceNumber: number, fileID: fileID, record: DirectoryRecord(type: type, keys: keys)))
        return nil
    }

    /// The records, sorted: patients by Patient ID, studies by Study Instance UID, series by
    /// Series Number then UID, files by Instance Number then file ID. Type 1 keys the files
    /// lack (de-identification empties Study ID, for one) are filled with values made from
    /// the tree itself, as `dcmmkdir --invent` does: never from anything outside it.
    /// (Study Date and Time are filled in `add`.)
    public func records() -> [DirectoryRecord] {
        var tree: [String: [String: [String: [Leaf]]]] = [:]
        for l in leaves { tree[l.patientID, default: [:]][l.studyUID, default: [:]][l.seriesUID, default: []].append(l) }
        func numberKey(_ s: DataSet, _ t: Tag) -> Int { s.string(t).flatMap { Int($0) } ?? Int.max }
        return tree.keys.sorted().map { pid in
            let studyMap = tree[pid]!
            let studyRecords = studyMap.keys.sorted().map { suid -> DirectoryRecord in
                var sk = studies[suid]!
                FileSetIndex.fill(&sk, .studyInstanceUID, suid)
                FileSetIndex.fill(&sk, Tag.studyID, String(FileSetID.component(for: suid)))
                let seriesMap = studyMap[suid]!
                let order = seriesMap.keys.sorted {
                    (numberKey(series[$0]!, Tag.seriesNumber), $0) < (numberKey(series[$1]!, Tag.seriesNumber), $1)
                }
                let seriesRecords = order.enumerated().map { (n, seuid) -> DirectoryRecord in
                    var ek = series[seuid]!
                    FileSetIndex.fill(&ek, .seriesInstanceUID, seuid)
                    FileSetIndex.fill(&ek, Tag.seriesNumber, String(n + 1))
                    FileSetIndex.fill(&ek, .modality, "OT")
                    let files = seriesMap[seuid]!.sorted {
                        ($0.instanceNumber ?? Int.max, $0.fileID.joined(separator: "/")) < (
                            $1.instanceNumber ?? Int.max, $1.fileID.joined(separator: "/")
                        )
                    }
                    let leafRecords = files.enumerated().map { (k, l) -> DirectoryRecord in
                        var r = l.record
                        FileSetIndex.fill(&r.keys, Tag.instanceNumber, String(k + 1))
                        return r
                    }
                    return DirectoryRecord(type: "SERIES", keys: ek, children: leafRecords)
                }
                return DirectoryRecord(type: "STUDY", keys: sk, children: seriesRecords)
            }
            return DirectoryRecord(type: "PATIENT", keys: patients[pid]!, children: studyRecords)
        }
    }

    /// The Patient ID of the PATIENT record for files without one (Type 1 in the record).
    public static let unknownPatientID = "UNKNOWN"

    /// Sets `tag` to `value` when the record lacks it or has it empty.
    static func fill(_ keys: inout DataSet, _ tag: Tag, _ value: String) {
        if let e = keys[tag], let b = e.bytes, b.contains(where: { $0 != 0x20 && $0 != 0 }) { return }
        keys.setString(tag, value, vr: DataDictionary.vr(for: tag))
    }

    /// The record keys of PS3.3 F.5 the files provide: Type 1 and 2 (and 1C where the file
    /// has them); Type 2 keys absent from the file are written empty. Specific Character Set
    /// comes along whenever the file declares one.
    static func copy(_ keys: [UInt32], from ds: DataSet) -> DataSet {
        var out = DataSet()
        if let cs = ds[.specificCharacterSet], cs.bytes?.contains(where: { $0 != 0x20 && $0 != 0 }) == true { out.insert(cs) }
        for raw in keys {
            let t = Tag(raw)
            if let e = ds[t] {
                out.insert(e)
            } else if !optionalKeys.contains(raw) {
                let vr = DataDictionary.vr(for: t)
                out.insert(vr == .SQ ? Element(tag: t, vr: .SQ, value: .items([])) : Element(tag: t, vr: vr, bytes: []))
            }
        }
        return out
    }

    static let patientKeys: [UInt32] = [0x0010_0010, 0x0010_0020]
    static let studyKeys: [UInt32] = [0x0008_0020, 0x0008_0030, 0x0008_0050, 0x0008_1030, 0x0020_000D, 0x0020_0010]
    static let seriesKeys: [UInt32] = [0x0008_0060, 0x0020_000E, 0x0020_0011]
    /// 1C keys: copied when the file has them, not written empty.
    static let optionalKeys: Set<UInt32> = [0x0008_1115, 0x0008_9092]
    static let contentDateTime: [UInt32] = [0x0008_0023, 0x0008_0033]
    static let labelled: [UInt32] = [0x0008_0023, 0x0008_0033, 0x0020_0013, 0x0070_0080, 0x0070_0081, 0x0070_0084]
    /// Keys of each leaf record type (PS3.3 F.5).
    static let leafKeys: [String: [UInt32]] = [
        "IMAGE": [0x0020_0013],
        "SR DOCUMENT": contentDateTime + [0x0020_0013, 0x0040_A043, 0x0040_A491, 0x0040_A493],
        "KEY OBJECT DOC": contentDateTime + [0x0020_0013, 0x0040_A043],
        "PRESENTATION": [0x0008_1115, 0x0020_0013, 0x0070_0080, 0x0070_0081, 0x0070_0082, 0x0070_0083, 0x0070_0084],
        "WAVEFORM": contentDateTime + [0x0020_0013],
        "RT DOSE": [0x0020_0013, 0x3004_000A],
        "RT STRUCTURE SET": [0x0020_0013, 0x3006_0002, 0x3006_0008, 0x3006_0009],
        "RT PLAN": [0x0020_0013, 0x300A_0002, 0x300A_0006, 0x300A_0007],
        "RT TREAT RECORD": [0x0020_0013, 0x3008_0250, 0x3008_0251],
        "ENCAP DOC": contentDateTime + [0x0020_0013, 0x0040_A043, 0x0042_0010, 0x0042_0012],
        "REGISTRATION": labelled,
        "FIDUCIAL": labelled,
        "VALUE MAP": labelled,
        "SPECTROSCOPY": [
            0x0008_0008, 0x0008_0023, 0x0008_0033, 0x0008_9092, 0x0020_0013, 0x0028_0008,
            0x0028_0010, 0x0028_0011, 0x0028_9001, 0x0028_9002
        ],
        "RAW DATA": contentDateTime + [0x0020_0013]
    ]

    /// The leaf record type of a SOP class (PS3.3 F.4, F.5), from its registered name; an
    /// unknown class with pixel data is an IMAGE; anything else has no record here.
    static func recordType(sopClass: String, dataset ds: DataSet) -> String? {
        let name = UIDRegistry.sopClassName(sopClass) ?? ""
        let byName: [(String, String)] = [
            ("Key Object Selection", "KEY OBJECT DOC"), ("Spectroscopy", "SPECTROSCOPY"),
            ("Presentation State", "PRESENTATION"), ("Waveform", "WAVEFORM"), ("RT Dose", "RT DOSE"),
            ("RT Structure Set", "RT STRUCTURE SET"), ("RT Plan", "RT PLAN"), ("RT Ion Plan", "RT PLAN"),
            ("Treatment Record", "RT TREAT RECORD"), ("Encapsulated", "ENCAP DOC"),
            ("Deformable Spatial Registration", "REGISTRATION"), ("Spatial Registration", "REGISTRATION"),
            ("Spatial Fiducials", "FIDUCIAL"), ("Real World Value Mapping", "VALUE MAP"),
            ("Raw Data", "RAW DATA"), ("SR Storage", "SR DOCUMENT"), ("Procedure Log", "SR DOCUMENT"),
            ("Image Storage", "IMAGE"), ("Segmentation Storage", "IMAGE"), ("Parametric Map", "IMAGE")
        ]
        for (part, type) in byName where name.contains(part) {
            // Surface Segmentation has no pixels and a record type of its own.
            if type == "IMAGE" && name.contains("Surface") { break }
            return type
        }
        if ds[.pixelData] != nil || ds[.floatPixelData] != nil || ds[.doubleFloatPixelData] != nil { return "IMAGE" }
        return nil
    }
}
