import Foundation
import SharedTestSupport
import XCTest
import DICOMCore
import DICOMEncoding
import DICOMObject
import DICOMPart10
import DICOMStream
import DICOMDeid
@testable import DeidPseudo

/// Small data sets built in code, so the tests mean something without ../shared.
enum Fixture {
    static let keyA = try! PseudonymKey(bytes: Array(repeating: 0xA5, count: 32))
    static let keyB = try! PseudonymKey(bytes: Array(repeating: 0x5A, count: 32))

    static func pseudonymizer(_ key: PseudonymKey = keyA, _ tweak: (inout PseudonymizerConfig) -> Void = { _ in }) -> Pseudonymizer {
        var c = PseudonymizerConfig(key: key)
        tweak(&c)
        return try! Pseudonymizer(config: c)
    }

    static func text(_ tag: UInt32, _ vr: VR, _ value: String) -> Element {
        Element(tag: Tag(tag), vr: vr, bytes: TextValue.encode(value, vr: vr, charset: .defaultRepertoire))
    }

    static func seq(_ tag: UInt32, _ items: [DataSet]) -> Element {
        Element(tag: Tag(tag), vr: .SQ, value: .items(items))
    }

    static func ds(_ elements: [Element]) -> DataSet {
        var d = DataSet()
        for e in elements { d.insert(e) }
        return d
    }

    static let ctImage = "1.2.840.10008.5.1.4.1.1.2"

    /// A CT-like instance of patient `patientID` in study `study`, referencing `refs`.
    static func instance(
        patientID: String = "PAT-001", name: String = "DOE^JOHN", study: String = "1.2.3.4.100",
        series: String = "1.2.3.4.100.1", sop: String, studyDate: String = "20140321",
        refs: [String] = []
    ) -> Record {
        var items: [DataSet] = []
        for r in refs {
            items.append(ds([text(0x0008_1150, .UI, ctImage), text(0x0008_1155, .UI, r)]))
        }
        var elements: [Element] = [
            text(0x0008_0005, .CS, "ISO_IR 100"),
            text(0x0008_0016, .UI, ctImage),
            text(0x0008_0018, .UI, sop),
            text(0x0008_0020, .DA, studyDate),
            text(0x0008_0030, .TM, "101500"),
            text(0x0008_002A, .DT, studyDate + "101500.25-0500"),
            text(0x0008_0060, .CS, "CT"),
            text(0x0010_0010, .PN, name),
            text(0x0010_0020, .LO, patientID),
            text(0x0010_0030, .DA, "19700102"),
            text(0x0010_1010, .AS, "044Y"),
            text(0x0020_000D, .UI, study),
            text(0x0020_000E, .UI, series),
            text(0x0020_0052, .UI, study + ".9")
        ]
        if !items.isEmpty { elements.append(seq(0x0008_1140, items)) }
        var meta = DataSet()
        meta.insert(Element(tag: .fileMetaInformationVersion, vr: .OB, bytes: [0, 1]))
        meta.insert(text(0x0002_0002, .UI, ctImage))
        meta.insert(text(0x0002_0003, .UI, sop))
        meta.insert(text(0x0002_0010, .UI, TransferSyntax.explicitVRLittleEndian.uid))
        let file = DICOMFile(meta: meta, dataset: ds(elements), transferSyntax: .explicitVRLittleEndian)
        return Record(source: "fixture-\(sop)", file: file)
    }

    /// A temporary directory, removed at the end of the test.
    static func tempDir(_ test: XCTestCase) throws -> String {
        let dir = NSTemporaryDirectory() + "dcm-pseudo-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }
}

extension DataSet {
    func text(_ tag: UInt32) -> String? { string(Tag(tag), charset: declaredCharacterSet ?? .defaultRepertoire) }
    func item(_ tag: UInt32, _ i: Int) -> DataSet? {
        guard let items = self[Tag(tag)]?.items, i < items.count else { return nil }
        return items[i]
    }
}

/// Access to ../shared (corpus, eval set); tests that need it skip when it is absent.
enum Shared {
    static var dir: URL { Corpus.sharedDir }

    /// Paths of the eval set's input files (real DICOM with planted identities).
    static func evalInputs() throws -> [String] {
        let root = dir.appendingPathComponent("eval/dev/input").path
        guard let e = FileManager.default.enumerator(atPath: root) else {
            throw XCTSkip("../shared/eval/dev/input not found (set DCM_SHARED): skipped")
        }
        var out: [String] = []
        while let p = e.nextObject() as? String {
            let full = root + "/" + p
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue { out.append(full) }
        }
        if out.isEmpty { throw XCTSkip("../shared/eval/dev/input is empty: skipped") }
        return out.sorted()
    }

    /// Corpus files from CATALOG.tsv.
    static func corpus() throws -> [(path: String, columns: [String: String])] {
        let base = dir.appendingPathComponent("corpus")
        guard let text = try? String(contentsOf: base.appendingPathComponent("CATALOG.tsv"), encoding: .utf8) else {
            throw XCTSkip("../shared/corpus not found (set DCM_SHARED): skipped")
        }
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var cols: [String: String] = [:]
            for (i, h) in header.enumerated() where i < f.count { cols[h] = f[i] }
            return (base.appendingPathComponent(cols["path"] ?? "").path, cols)
        }
    }
}

/// The tool binaries built next to the test bundle (swift build / swift test put them there).
enum Binaries {
    static func directory() -> URL? { Tools.directory() }

    static func require() throws -> URL {
        guard let d = directory() else {
            throw XCTSkip("dcm-parse, dcm-pseudo and dcm-write are not built next to the tests (swift build first, or set DCM_BIN_DIR)")
        }
        return d
    }

    /// Runs `/bin/sh -c script`; returns exit status and stderr.
    @discardableResult
    static func sh(_ script: String, env: [String: String] = [:]) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        var e = ProcessInfo.processInfo.environment
        for (k, v) in env { e[k] = v }
        p.environment = e
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
