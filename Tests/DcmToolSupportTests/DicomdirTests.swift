import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream
import Foundation
import SharedTestSupport
import XCTest
@testable import DcmToolSupport

/// DICOMDIRs: never copied from the input (issue 13.2: an input DICOMDIR's Referenced File
/// IDs are made of the original Patient IDs), and built afresh from an output tree.
final class DicomdirTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        var template = Array("/tmp/dcm-dicomdir-test.XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw XCTSkip("cannot make a temporary directory")
        }
        dir = String(cString: template)
    }

    override func tearDownWithError() throws {
        if !dir.isEmpty { try? FileManager.default.removeItem(atPath: dir) }
    }

    /// A DICOMDIR as media writers make them: file IDs built of the Patient ID.
    static func sourceDirectory(patientID: String) throws -> [UInt8] {
        var keys = DataSet()
        keys.setString(BasicDirectory.referencedFileIDTag, "\(patientID)\\STUDY1\\IM1", vr: .CS)
        keys.setString(Tag(0x0020_0013), "1", vr: .IS)
        var patient = DataSet()
        patient.setString(.patientID, patientID, vr: .LO)
        let root = DirectoryRecord(type: "PATIENT", keys: patient, children: [DirectoryRecord(type: "IMAGE", keys: keys)])
        return try BasicDirectory.encode(
            roots: [root], fileSetID: "CD",
            meta: .init(
                sopInstanceUID: "1.2.3.4", implementationClassUID: "1.2.3.5", implementationVersionName: "X"))
    }

    /// A small image file with the keys a DICOMDIR needs; Study ID left empty, as the
    /// de-identification profiles leave it.
    static func image(
        patient: String, study: String, series: String, instance: String, number: Int,
        modality: String = "OT", sopClass: String = "1.2.840.10008.5.1.4.1.1.7",
        studyDate: String = "20200102"
    ) -> DICOMFile {
        var ds = DataSet()
        ds.setString(.sopClassUID, sopClass, vr: .UI)
        ds.setString(.sopInstanceUID, instance, vr: .UI)
        ds.setString(Tag(0x0008_0020), studyDate, vr: .DA)
        ds.setString(Tag(0x0008_0021), "20190203", vr: .DA)
        ds.setString(Tag(0x0008_0030), "101500", vr: .TM)
        ds.setString(Tag(0x0008_0050), "", vr: .SH)
        ds.setString(.modality, modality, vr: .CS)
        ds.setString(.patientName, patient, vr: .PN)
        ds.setString(.patientID, patient, vr: .LO)
        ds.setString(.studyInstanceUID, study, vr: .UI)
        ds.setString(.seriesInstanceUID, series, vr: .UI)
        ds.setString(Tag(0x0020_0010), "", vr: .SH)
        ds.setString(Tag(0x0020_0011), "1", vr: .IS)
        ds.setString(Tag(0x0020_0013), String(number), vr: .IS)
        ds.insert(Element(tag: .pixelData, vr: .OW, bytes: [UInt8](repeating: 0, count: 8)))
        return DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian)
    }

    // MARK: inputs

    func testADicomdirInputIsSkippedNotPassedOn() throws {
        let path = dir + "/DICOMDIR"
        try Data(Self.sourceDirectory(patientID: "SECRET01")).write(to: URL(fileURLWithPath: path))
        let input = InputFile(path: path, root: dir)
        guard case .directory(let why) = ParseDriver().parse(input) else {
            return XCTFail("a DICOMDIR input became a record: its file IDs would reach the output")
        }
        XCTAssertFalse(why.contains("SECRET01"))
        // Under another name too: it is recognised by its SOP class, not its file name.
        let renamed = dir + "/disk.dcm"
        try FileManager.default.copyItem(atPath: path, toPath: renamed)
        guard case .directory = ParseDriver().parse(InputFile(path: renamed, root: dir)) else {
            return XCTFail("a renamed DICOMDIR became a record")
        }
        // Inspection (dcm-json) still reads it.
        guard case .record(let r) = ParseDriver(passDirectories: true).parse(input) else { return XCTFail("not read") }
        XCTAssertNotNil(r.file.dataset[BasicDirectory.recordSequenceTag])
    }

    func testCorpusDicomdirsAreAllSkipped() throws {
        let dirs = try Corpus.catalog().filter { $0.columns["sop_class"] == "Media Storage Directory Storage" }
        XCTAssertGreaterThan(dirs.count, 5)
        for e in dirs {
            let outcome = ParseDriver().parse(InputFile(path: e.path, root: e.path))
            switch outcome {
            case .directory, .failed: break  // a damaged one fails to read; never a record
            case .record: XCTFail("\(e.path) passed on as a record")
            case .notDICOM(let why): XCTFail("\(e.path): \(why)")
            }
        }
    }

    func testTheWriterRefusesADicomdirRecordFromAnyStream() throws {
        let file = try Part10Reader().read(bytes: Self.sourceDirectory(patientID: "SECRET01"))
        var tree = try OutputTree(root: dir)
        var bulk = SourceBulkDataProvider()
        XCTAssertThrowsError(try tree.write(Record(source: "x", file: file), bulk: &bulk)) { e in
            XCTAssertTrue("\(e)".contains("DICOMDIR"), "\(e)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
    }

    // MARK: file IDs

    func testFileIDComponentsAreDeterministicAndConformant() {
        let a = FileSetID.component(for: "2.25.1234")
        XCTAssertEqual(a, FileSetID.component(for: "2.25.1234"))
        XCTAssertNotEqual(a, FileSetID.component(for: "2.25.1235"))
        XCTAssertNotNil(FileSetID.components(of: a))
        XCTAssertEqual(a.count, 8)
        // Many UIDs differing in their last digits: distinct names.
        let names = Set((0..<20000).map { FileSetID.component(for: "1.2.826.0.1.3680043.8.498.\($0)") })
        XCTAssertEqual(names.count, 20000)
        XCTAssertEqual(FileSetID.components(of: "AB/C_1/12345678"), ["AB", "C_1", "12345678"])
        for bad in ["a/B", "AB/123456789", "A.DCM", "", "A//B", "1/2/3/4/5/6/7/8/9"] {
            XCTAssertNil(FileSetID.components(of: bad), bad)
        }
        let tree = try? OutputTree(root: dir, layout: OutputTree.fileSetLayout)
        let rel = tree?.relativePath(for: Self.image(patient: "P", study: "1.2", series: "1.2.3", instance: "1.2.3.4", number: 1).dataset)
        XCTAssertEqual(rel.flatMap(FileSetID.components(of:))?.count, 3)
    }

    // MARK: building

    /// Writes files through `OutputTree` as dcm-write --dicomdir does; returns their paths.
    func writeTree() throws -> [String] {
        var tree = try OutputTree(root: dir, layout: OutputTree.fileSetLayout)
        var paths: [String] = []
        var bulk = SourceBulkDataProvider()
        let files = [
            Self.image(patient: "PSEUDO2", study: "2.25.20", series: "2.25.21", instance: "2.25.211", number: 2, studyDate: ""),
            Self.image(patient: "PSEUDO1", study: "2.25.10", series: "2.25.11", instance: "2.25.112", number: 2, modality: "CT"),
            Self.image(patient: "PSEUDO1", study: "2.25.10", series: "2.25.11", instance: "2.25.111", number: 1, modality: "CT"),
            Self.image(patient: "PSEUDO1", study: "2.25.10", series: "2.25.12", instance: "2.25.121", number: 1)
        ]
        for f in files { paths.append(try tree.write(Record(source: "-", file: f), bulk: &bulk)) }
        return paths
    }

    func testDicomdirListsTheTreeWithOffsetsAndFileIDsThatResolve() throws {
        let paths = try writeTree()
        // Not listed: a name that is no PS3.10 file ID; not DICOM: a report.
        try FileManager.default.copyItem(atPath: paths[0], toPath: dir + "/copy.dcm")
        try Data("summary\n".utf8).write(to: URL(fileURLWithPath: dir + "/REPORT"))
        var problems: [(String, Bool)] = []
        let summary = try FileSetWriter.write(root: dir) { p, _, leftOut in problems.append((p, leftOut)) }
        XCTAssertEqual(summary.listed, 4)
        XCTAssertEqual(summary.leftOut, 1)
        XCTAssertEqual(summary.notDICOM, 1)
        XCTAssertEqual(problems.filter(\.1).map(\.0), [dir + "/copy.dcm"])

        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/DICOMDIR")))
        let file = try Part10Reader().read(bytes: bytes)
        XCTAssertTrue(BasicDirectory.isDirectory(file))
        let items = try XCTUnwrap(file.dataset[BasicDirectory.recordSequenceTag]?.items)
        // Item offsets, by walking the sequence the same way the encoder test does.
        var offsets: [Int: Int] = [:]
        for (i, o) in directoryItemOffsets(bytes).enumerated() { offsets[o] = i }
        XCTAssertEqual(offsets.count, items.count)
        func follow(_ o: UInt32?) -> Int? { o.flatMap { $0 == 0 ? nil : offsets[Int($0)] } }
        func siblings(from first: Int?) -> [Int] {
            var out: [Int] = []; var i = first
            while let k = i { out.append(k); i = follow(items[k].uint(BasicDirectory.nextRecordTag)) }
            return out
        }
        func type(_ i: Int) -> String { items[i].string(BasicDirectory.recordTypeTag) ?? "" }
        let patients = siblings(from: follow(file.dataset.uint(BasicDirectory.firstRootRecordTag)))
        XCTAssertEqual(patients.map { items[$0].string(.patientID) ?? "" }, ["PSEUDO1", "PSEUDO2"])
        XCTAssertEqual(follow(file.dataset.uint(BasicDirectory.lastRootRecordTag)), patients.last)
        var listed: [String] = []
        for p in patients {
            XCTAssertEqual(type(p), "PATIENT")
            for s in siblings(from: follow(items[p].uint(BasicDirectory.lowerLevelTag))) {
                XCTAssertEqual(type(s), "STUDY")
                // Study ID is Type 1: made from the tree when the file has it empty.
                XCTAssertEqual(items[s].string(Tag(0x0020_0010))?.count, 8)
                // Study Date too (Type 1 here): the Series Date stands in when it is empty.
                XCTAssertEqual(items[s].string(Tag(0x0008_0020)), p == patients[0] ? "20200102" : "20190203")
                for e in siblings(from: follow(items[s].uint(BasicDirectory.lowerLevelTag))) {
                    XCTAssertEqual(type(e), "SERIES")
                    var numbers: [String] = []
                    for i in siblings(from: follow(items[e].uint(BasicDirectory.lowerLevelTag))) {
                        XCTAssertEqual(type(i), "IMAGE")
                        numbers.append(items[i].string(Tag(0x0020_0013)) ?? "")
                        let id = items[i].strings(BasicDirectory.referencedFileIDTag)
                        let target = try Part10Reader().read(contentsOf: dir + "/" + id.joined(separator: "/"))
                        XCTAssertEqual(target.dataset.string(.sopInstanceUID), items[i].string(BasicDirectory.referencedSOPInstanceTag))
                        XCTAssertEqual(target.dataset.string(.seriesInstanceUID), items[e].string(.seriesInstanceUID))
                        XCTAssertEqual(items[i].string(BasicDirectory.referencedTransferSyntaxTag), TransferSyntax.explicitVRLittleEndian.uid)
                        listed.append(id.joined(separator: "/"))
                    }
                    XCTAssertEqual(numbers, numbers.sorted())
                }
            }
        }
        XCTAssertEqual(listed.sorted(), paths.map { String($0.dropFirst(dir.count + 1)) }.sorted())

        // Rebuilt: the same bytes.
        try FileSetWriter.write(root: dir) { _, _, _ in }
        XCTAssertEqual(bytes, Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/DICOMDIR"))))
        try checkWithReferenceTools(dir + "/DICOMDIR", files: listed)
    }

    /// dcmdump reads the DICOMDIR, DCMTK's own DICOMDIR checks pass, dciodvfy finds no error.
    func checkWithReferenceTools(_ path: String, files: [String]) throws {
        func run(_ args: [String]) -> (Int32, String)? {
            let p = Process()
            p.currentDirectoryURL = URL(fileURLWithPath: dir)
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = args
            let pipe = Pipe()
            p.standardOutput = pipe; p.standardError = pipe
            guard (try? p.run()) != nil else { return nil }
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: out, as: UTF8.self))
        }
        var ran = 0
        if let (status, out) = run(["dcmdump", "-q", "+P", "0004,1430", path]), status != 127 {
            ran += 1
            XCTAssertEqual(status, 0, out)
            XCTAssertEqual(out.components(separatedBy: "IMAGE").count - 1, 4, out)
        }
        if let (status, out) = run(["dciodvfy", "-new", path]), status != 127 {
            ran += 1
            let errors = out.split(separator: "\n").filter { $0.hasPrefix("Error") }
            XCTAssertEqual(errors, [], out)
        }
        // Last, as it rewrites the DICOMDIR: dcmmkdir reads it and finds every file in it already,
        // under the same patient, study and series keys (else it warns of inconsistencies).
        if let (status, out) = run(["dcmmkdir", "+A", "+I", "-nb", "-Nxc", "-Nec", "-Nrc"] + files), status != 127 {
            ran += 1
            XCTAssertEqual(status, 0, out)
            let lines = out.split(separator: "\n")
            XCTAssertEqual(lines.filter { $0.contains("directory record for this SOP instance already exists") }.count, files.count, out)
            XCTAssertEqual(lines.count, files.count, out)
        }
        if ran == 0 { throw XCTSkip("dcmdump, dciodvfy and dcmmkdir not installed: reference checks skipped") }
    }
}

/// The item offsets of a DICOMDIR's record sequence (same walk as in DICOMPart10Tests).
func directoryItemOffsets(_ b: [UInt8]) -> [Int] {
    func u32(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 | Int(b[i + 3]) << 24 }
    let seqHeader: [UInt8] = [0x04, 0x00, 0x20, 0x12, 0x53, 0x51, 0, 0]
    guard let at = (0..<(b.count - 8)).first(where: { Array(b[$0..<$0 + 8]) == seqHeader }) else { return [] }
    var pos = at + 12, out: [Int] = []
    let end = pos + u32(at + 8)
    while pos < end { out.append(pos); pos += 8 + u32(pos + 4) }
    return out
}

final class FileSetIndexTests: XCTestCase {
    func testRecordTypesFollowTheSOPClass() {
        let image = DataSet(elements: [Element(tag: .pixelData, vr: .OW, bytes: [0, 0])])
        let cases: [(String, DataSet, String?)] = [
            ("1.2.840.10008.5.1.4.1.1.2", DataSet(), "IMAGE"),  // CT Image
            ("1.2.840.10008.5.1.4.1.1.66.4", image, "IMAGE"),  // Segmentation
            ("1.2.840.10008.5.1.4.1.1.88.11", DataSet(), "SR DOCUMENT"),  // Basic Text SR
            ("1.2.840.10008.5.1.4.1.1.88.59", DataSet(), "KEY OBJECT DOC"),
            ("1.2.840.10008.5.1.4.1.1.11.1", DataSet(), "PRESENTATION"),  // Grayscale Softcopy PS
            ("1.2.840.10008.5.1.4.1.1.481.2", DataSet(), "RT DOSE"),
            ("1.2.840.10008.5.1.4.1.1.481.3", DataSet(), "RT STRUCTURE SET"),
            ("1.2.840.10008.5.1.4.1.1.481.8", DataSet(), "RT PLAN"),  // RT Ion Plan
            ("1.2.840.10008.5.1.4.1.1.104.1", DataSet(), "ENCAP DOC"),  // Encapsulated PDF
            ("1.2.840.10008.5.1.4.1.1.9.1.1", DataSet(), "WAVEFORM"),  // 12-lead ECG
            ("1.2.840.10008.5.1.4.1.1.4.2", DataSet(), "SPECTROSCOPY"),
            ("1.2.840.10008.5.1.4.1.1.66.1", DataSet(), "REGISTRATION"),
            ("1.2.840.10008.5.1.4.1.1.66.5", DataSet(), nil),  // Surface Segmentation
            ("1.2.840.10008.5.1.4.39.1", DataSet(), nil),  // Color Palette: not under a series
            ("1.2.3.4.5", image, "IMAGE"),  // private class with pixels
            ("1.2.3.4.5", DataSet(), nil)
        ]
        for (uid, ds, type) in cases {
            XCTAssertEqual(FileSetIndex.recordType(sopClass: uid, dataset: ds), type, uid)
        }
    }

    func testLeafKeysComeFromTheFileAndType2KeysAreWrittenEmpty() throws {
        var file = DicomdirTests.image(
            patient: "P", study: "2.25.1", series: "2.25.2", instance: "2.25.3", number: 7,
            sopClass: "1.2.840.10008.5.1.4.1.1.88.11")
        file.dataset.remove(.pixelData)
        file.dataset.setString(Tag(0x0040_A491), "COMPLETE", vr: .CS)
        file.dataset.setString(Tag(0x0040_A493), "UNVERIFIED", vr: .CS)
        file.dataset.setString(Tag(0x0008_0023), "20200102", vr: .DA)
        file.dataset.setString(Tag(0x0008_0033), "101500", vr: .TM)
        file.dataset.setString(Tag(0x0008_1030), "secret description kept out", vr: .LO)
        var index = FileSetIndex()
        XCTAssertNil(index.add(file, fileID: ["A", "B", "C"]))
        XCTAssertNotNil(index.add(file, fileID: ["A", "B", "D"]), "a second file of one SOP instance")
        let study = try XCTUnwrap(index.records().first?.children.first)
        // Study Description is a Type 2 key of the STUDY record: it is copied as written.
        XCTAssertEqual(study.keys.string(Tag(0x0008_1030)), "secret description kept out")
        let leaf = try XCTUnwrap(study.children.first?.children.first)
        XCTAssertEqual(leaf.type, "SR DOCUMENT")
        XCTAssertEqual(leaf.keys.string(Tag(0x0040_A491)), "COMPLETE")
        XCTAssertEqual(leaf.keys.string(Tag(0x0020_0013)), "7")
        // Concept Name Code Sequence is absent from the file: present, empty.
        XCTAssertEqual(leaf.keys[Tag(0x0040_A043)]?.items?.count, 0)
        // Nothing beyond the record's keys: no Patient Name at this level, no description.
        XCTAssertNil(leaf.keys[.patientName])
        XCTAssertNil(leaf.keys[Tag(0x0008_1030)])
        XCTAssertEqual(leaf.keys.strings(BasicDirectory.referencedFileIDTag), ["A", "B", "C"])
    }

    func testLayoutsThatGiveFileIDs() throws {
        XCTAssertTrue(try OutputTree(root: "/x", layout: OutputTree.fileSetLayout).givesFileIDs)
        XCTAssertTrue(try OutputTree(root: "/x", layout: "DICOM/{PatientID:ID}/{SOPInstanceUID:ID}").givesFileIDs)
        XCTAssertFalse(try OutputTree(root: "/x", layout: OutputTree.defaultLayout).givesFileIDs)
        XCTAssertFalse(try OutputTree(root: "/x", layout: "{SOPInstanceUID:ID}.dcm").givesFileIDs)
    }
}
