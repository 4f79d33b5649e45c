import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream
@testable import DcmToolSupport
import Foundation
import XCTest

/// How `OutputTree.put` creates files: folders made once per run (and again when removed
/// meanwhile), unnamed files where the system allows, named temporary files otherwise,
/// existing files never replaced.
final class OutputTreeWriteTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("outputtree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws {
        TemporaryFiles.unnamedFiles.store(access("/proc/self/fd", X_OK) == 0, ordering: .relaxed)
        try? FileManager.default.removeItem(at: dir)
    }

    func record(sop: String, series: String = "1.2.3.4", text: String = "x") -> Record {
        var ds = DataSet()
        ds.setString(.sopClassUID, "1.2.840.10008.5.1.4.1.1.7", vr: .UI)
        ds.setString(.sopInstanceUID, sop, vr: .UI)
        ds.setString(.studyInstanceUID, "1.2.3", vr: .UI)
        ds.setString(.seriesInstanceUID, series, vr: .UI)
        ds.setString(Tag(0x0008_103E), text, vr: .LO)
        return Record(source: "in-\(sop)", file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian))
    }

    func put(_ tree: inout OutputTree, _ r: Record) throws -> OutputTree.Placement {
        var bulk = SourceBulkDataProvider()
        return try tree.put(r, bulk: &bulk)
    }

    /// Every file below `dir`, relative paths.
    func files() -> [String] {
        (FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []).filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path, isDirectory: &isDir) && !isDir.boolValue
        }.sorted()
    }

    func testAFolderRemovedDuringTheRunIsMadeAgain() throws {
        var tree = try OutputTree(root: dir.appendingPathComponent("out").path)
        XCTAssertEqual(try put(&tree, record(sop: "1.2.3.4.1")), .written(dir.path + "/out/1.2.3/1.2.3.4/1.2.3.4.1.dcm"))
        // Someone clears the output while the run goes on: the next file of that series still
        // finds its folder, although this run made it once already.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("out/1.2.3"))
        XCTAssertEqual(try put(&tree, record(sop: "1.2.3.4.2")), .written(dir.path + "/out/1.2.3/1.2.3.4/1.2.3.4.2.dcm"))
        XCTAssertEqual(files(), ["out/1.2.3/1.2.3.4/1.2.3.4.2.dcm"])
    }

    func testAFailedRecordLeavesNoFolderAndItsFolderIsMadeForTheNext() throws {
        var tree = try OutputTree(root: dir.appendingPathComponent("out").path)
        // A data set the writer refuses (a value too long for its 2-byte length): nothing stays.
        var bad = record(sop: "1.2.3.4.1", series: "9.9")
        bad.file.dataset.insert(Element(tag: Tag(0x0008_1030), vr: .LO, bytes: [UInt8](repeating: 0x41, count: 70_000)))
        XCTAssertThrowsError(try put(&tree, bad))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        XCTAssertEqual(try put(&tree, record(sop: "1.2.3.4.2", series: "9.9")), .written(dir.path + "/out/1.2.3/9.9/1.2.3.4.2.dcm"))
    }

    /// Both ways of creating a file give the same bytes and mode, leave no temporary file,
    /// and refuse an existing file (comparing the bytes).
    func testUnnamedAndNamedFilesGiveTheSameResult() throws {
        var contents: [Data] = []
        for unnamed in [true, false] {
            TemporaryFiles.unnamedFiles.store(unnamed, ordering: .relaxed)
            let root = dir.appendingPathComponent(unnamed ? "unnamed" : "named")
            var tree = try OutputTree(root: root.path)
            let r = record(sop: "1.2.3.4.1")
            guard case .written(let path) = try put(&tree, r) else { return XCTFail("not written") }
            contents.append(try Data(contentsOf: URL(fileURLWithPath: path)))
            let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            XCTAssertEqual(mode, 0o644)
            // The same file again, in a new run: refused as existing, the bytes compared.
            var again = try OutputTree(root: root.path)
            XCTAssertThrowsError(try put(&again, r)) { e in
                XCTAssertEqual((e as? WriteRefusal)?.failureCause, .outputExists)
                XCTAssertTrue("\(e)".contains("exists with the same content"), "\(e)")
            }
            again.skipExisting = true
            XCTAssertEqual(try put(&again, r), .alreadyThere(path))
            var changed = try OutputTree(root: root.path)
            XCTAssertThrowsError(try put(&changed, record(sop: "1.2.3.4.1", text: "other"))) { e in
                XCTAssertTrue("\(e)".contains("exists with different content"), "\(e)")
            }
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), contents.last)
            // A second input with the same SOP Instance UID in one run is named a duplicate.
            XCTAssertThrowsError(try put(&tree, r)) { e in XCTAssertEqual((e as? WriteRefusal)?.failureCause, .duplicate) }
            // --overwrite replaces (through a named temporary file).
            var over = try OutputTree(root: root.path)
            over.overwrite = true
            XCTAssertEqual(try put(&over, record(sop: "1.2.3.4.1", text: "other")), .written(path))
            XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: path)), contents.last)
        }
        XCTAssertEqual(contents[0], contents[1])
        XCTAssertEqual(files().filter { $0.contains(".dcm-write.") }, [])
        XCTAssertEqual(files().count, 2)
    }

    /// Where the kernel or file system has no unnamed files, the first refusal switches the
    /// run to named temporary files; other errors are the folder's and are reported.
    func testARefusedUnnamedFileFallsBackToANamedOne() throws {
        guard TemporaryFiles.unnamedFiles.load(ordering: .relaxed) else { throw XCTSkip("no /proc/self/fd here") }
        let unnamed = try TemporaryFiles.create(in: dir.path)
        XCTAssertNil(unnamed.path)
        close(unnamed.fd)
        XCTAssertThrowsError(
            try TemporaryFiles.create(in: dir.path) { _, _ in
                errno = EACCES; return -1
            }
        ) { e in
            XCTAssertEqual((e as? OutputFailure)?.code, EACCES)
        }
        XCTAssertTrue(TemporaryFiles.unnamedFiles.load(ordering: .relaxed), "a folder's error is no reason to switch")
        var calls = 0
        for _ in 0..<2 {
            let named = try TemporaryFiles.create(in: dir.path) { _, _ in
                calls += 1; errno = EOPNOTSUPP; return -1
            }
            defer { close(named.fd); if let p = named.path { unlink(p) }; ToolLifetime.noteTemporaryFile(nil) }
            let path = try XCTUnwrap(named.path)
            XCTAssertTrue((path as NSString).lastPathComponent.hasPrefix(".dcm-write."), path)
        }
        XCTAssertEqual(calls, 1, "refused once, not tried again")
        XCTAssertFalse(TemporaryFiles.unnamedFiles.load(ordering: .relaxed))
    }
}
