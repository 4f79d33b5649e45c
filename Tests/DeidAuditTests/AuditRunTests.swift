import DICOMCore
import DICOMPart10
import XCTest
@testable import DeidAudit

/// The whole audit over files on disk: originals and outputs in directories, pairing
/// through a uid_mapping.csv, non-DICOM files among the outputs.
final class AuditRunTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = try AuditFixture.temporaryDirectory()
        try AuditFixture.write(AuditFixture.original(), to: dir + "/orig/a.dcm")
        try AuditFixture.write(AuditFixture.cleanOutput(), to: dir + "/clean/x/1.dcm")
        try AuditFixture.write(AuditFixture.leakyOutput(), to: dir + "/leaky/x/1.dcm")
        AuditFixture.writeText("id_old,id_new\n\(AuditFixture.originalSOP),\(AuditFixture.newSOP)\n", to: dir + "/leaky/uid_mapping.csv")
    }

    override func tearDown() { AuditFixture.removeTree(dir) }

    func testCleanDirectoryPasses() {
        var options = Audit.Options()
        options.verify = false
        var leaks: [Leak] = []
        var audit = Audit(options: options)
        audit.onLeak = { leaks.append($0) }
        let s = audit.run(originals: [dir + "/orig"], outputs: [dir + "/clean"])
        XCTAssertEqual(s.originals, 1)
        XCTAssertEqual(s.outputs, 1)
        XCTAssertEqual(s.leaks, 0)
        XCTAssertEqual(leaks, [])
        XCTAssertGreaterThan(s.valuesByKind[.name] ?? 0, 0)
    }

    func testLeakyDirectoryIsReportedAndPaired() throws {
        var options = Audit.Options()
        options.verify = false
        options.uidMap = try UIDMapping.newToOld(path: dir + "/leaky/uid_mapping.csv")
        XCTAssertEqual(options.uidMap, [AuditFixture.newSOP: AuditFixture.originalSOP])
        var leaks: [Leak] = []
        var audit = Audit(options: options)
        audit.onLeak = { leaks.append($0) }
        let s = audit.run(originals: [dir + "/orig"], outputs: [dir + "/leaky"])
        // The CSV is not DICOM: skipped, not counted.
        XCTAssertEqual(s.outputs, 1)
        XCTAssertEqual(s.outputsPaired, 1)
        XCTAssertEqual(s.outputsWithLeaks, 1)
        XCTAssertEqual(s.leaks, leaks.count)
        XCTAssertEqual(s.leaksByKind[.date], 2)
        XCTAssertTrue(leaks.allSatisfy { $0.output == dir + "/leaky/x/1.dcm" })
        let json = String(decoding: s.json.serialized(), as: UTF8.self)
        XCTAssertTrue(json.contains("\"outputs_with_leaks\":1"), json)
    }

    func testDciodvfyComparesOriginalAndOutput() throws {
        guard Dciodvfy() != nil else { throw XCTSkip("dciodvfy not installed") }
        var options = Audit.Options()
        options.uidMap = [AuditFixture.newSOP: AuditFixture.originalSOP]
        let s = Audit(options: options).run(originals: [dir + "/orig"], outputs: [dir + "/leaky"])
        let v = try XCTUnwrap(s.verify)
        XCTAssertEqual(v.pairs, 1)
        XCTAssertEqual(v.failures, 0)
        // The fixtures lack the same mandatory modules, so errors are mostly shared: only the
        // differences count as new.
        XCTAssertGreaterThan(v.originalErrors, 0)
        XCTAssertLessThanOrEqual(v.newErrors.values.reduce(0, +), v.outputErrors)
    }
}

final class DciodvfyTests: XCTestCase {
    func testNormalizeDropsValuesItemNumbersAndUIDs() {
        XCTAssertEqual(
            Dciodvfy.normalize("Value invalid for this VR - (0x0010,0x0010) PN Patient's Name  PN [1] = <Doe^John> - Bad"),
            "Value invalid for this VR - (0x0010,0x0010) PN Patient's Name  PN  = <value> - Bad")
        XCTAssertEqual(
            Dciodvfy.normalize("</ContentSequence(0040,a730)[6]/ReferencedSOPSequence(0008,1199)[1]> - Missing"),
            "</ContentSequence(0040,a730)/ReferencedSOPSequence(0008,1199)> - Missing")
        XCTAssertEqual(Dciodvfy.normalize("Referenced 1.2.3.4.5 not listed"), "Referenced <uid> not listed")
    }

    func testSummaryCountsOnlyNewMessages() {
        var v = VerifySummary()
        v.add(original: ["a", "b"], output: ["a", "b"])
        v.add(original: ["a"], output: ["a", "a", "c"])
        XCTAssertEqual(v.pairs, 2)
        XCTAssertEqual(v.filesWithNewErrors, 1)
        XCTAssertEqual(v.newErrors, ["a": 1, "c": 1])
        var u = VerifySummary()
        u.addUnpaired(originals: [["a"], ["b"]], outputs: [["a"], ["a", "c"]])
        XCTAssertEqual(u.newErrors, ["a": 1, "c": 1])
        XCTAssertEqual(u.filesWithNewErrors, 2)
    }
}
