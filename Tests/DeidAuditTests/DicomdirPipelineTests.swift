import DICOMCore
import DICOMObject
import DICOMPart10
import Foundation
import DcmToolSupport
import XCTest
@testable import DeidAudit

/// Issue 13.2 end to end, with the built tools: a CD whose DICOMDIR names files by Patient
/// ID goes through dcm-deid --dicomdir; the old DICOMDIR is not copied, a new one lists the
/// written files under their PS3.10 names and holds nothing of the original identity.
final class DicomdirPipelineTests: XCTestCase {
    func testACDWithItsDicomdirBecomesAFileSetWithANewDicomdir() throws {
        guard let bin = Subprocess.ownDirectory() else { throw XCTSkip("cannot find the build directory") }
        for t in ["dcm-deid", "dcm-parse", "dcm-scrub", "dcm-pseudo", "dcm-redact-pixels", "dcm-write", "dcm-audit"]
        where access(bin + "/" + t, X_OK) != 0 {
            throw XCTSkip("\(t) is not built next to the tests (swift build --build-tests builds it)")
        }
        let dir = try AuditFixture.temporaryDirectory()
        defer { AuditFixture.removeTree(dir) }
        try AuditFixture.write(AuditFixture.original(), to: dir + "/in/PAT12345/IM1")
        var patient = DataSet(), image = DataSet()
        patient.setString(.patientID, "PAT12345", vr: .LO)
        patient.setString(.patientName, "Doe^Johnathan", vr: .PN)
        image.setString(Tag(0x0004_1500), "PAT12345\\IM1", vr: .CS)
        let cd = try BasicDirectory.encode(
            roots: [DirectoryRecord(type: "PATIENT", keys: patient, children: [DirectoryRecord(type: "IMAGE", keys: image)])],
            fileSetID: "CD", meta: .init(sopInstanceUID: "1.2.3", implementationClassUID: "1.2.4", implementationVersionName: "X"))
        try Data(cd).write(to: URL(fileURLWithPath: dir + "/in/DICOMDIR"))

        func sh(_ command: String) -> (Int32, String) {
            let r = Subprocess.run(["/bin/sh", "-c", command], mergeStderr: true)
            return (r.termination.status, String(decoding: r.output, as: UTF8.self))
        }
        XCTAssertEqual(sh("'\(bin)/dcm-pseudo' keygen --output '\(dir)/k.key'").0, 0)
        let (status, log) = sh("'\(bin)/dcm-deid' '\(dir)/in' '\(dir)/out' --key-file '\(dir)/k.key' --dicomdir")
        // A skipped DICOMDIR is a notice: the run succeeds.
        XCTAssertEqual(status, 0, log)
        XCTAssertTrue(log.contains("\(dir)/in/DICOMDIR: skipped: DICOMDIR"), log)
        XCTAssertTrue(log.contains("DICOMDIR: 1 files listed, 0 left out"), log)

        let fm = FileManager.default
        let written = (fm.enumerator(atPath: dir + "/out")?.allObjects as? [String] ?? []).filter {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: dir + "/out/" + $0, isDirectory: &isDir) && !isDir.boolValue
        }.sorted()
        XCTAssertEqual(written.count, 2, "\(written)")
        XCTAssertTrue(written.contains("DICOMDIR"))
        let imagePath = try XCTUnwrap(written.first { $0 != "DICOMDIR" })
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/out/DICOMDIR"))
        for secret in ["PAT12345", "Doe", AuditFixture.originalSOP, AuditFixture.originalStudy] {
            XCTAssertNil(bytes.range(of: Data(secret.utf8)), "\(secret) in the new DICOMDIR")
        }
        let items = try XCTUnwrap(Part10Reader().read(bytes: Array(bytes)).dataset[BasicDirectory.recordSequenceTag]?.items)
        XCTAssertEqual(items.compactMap { $0.string(BasicDirectory.recordTypeTag) }, ["PATIENT", "STUDY", "SERIES", "IMAGE"])
        XCTAssertEqual(items[3].strings(BasicDirectory.referencedFileIDTag).joined(separator: "/"), imagePath)
        let written1 = try Part10Reader().read(contentsOf: dir + "/out/" + imagePath)
        XCTAssertEqual(items[0].string(.patientID), written1.dataset.string(.patientID))
        XCTAssertEqual(items[3].string(BasicDirectory.referencedSOPInstanceTag), written1.dataset.string(.sopInstanceUID))

        // The leak audit reads DICOMDIRs on both sides and finds nothing.
        let audit = sh("'\(bin)/dcm-audit' --original '\(dir)/in' --output '\(dir)/out'")
        XCTAssertEqual(audit.0, 0, audit.1)
        // Under --strict the skip is an error.
        XCTAssertEqual(sh("'\(bin)/dcm-parse' --strict '\(dir)/in/DICOMDIR' > /dev/null").0, 1)
    }
}
