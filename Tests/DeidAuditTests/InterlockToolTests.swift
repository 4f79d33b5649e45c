import DICOMCore
import DICOMObject
import DICOMPart10
import Foundation
import DcmToolSupport
import XCTest
@testable import DeidAudit

/// The safety interlock through the built tools, on the bundled samples (five images and
/// one structured report): no image is written unless dcm-redact-pixels examined it.
final class InterlockToolTests: XCTestCase {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../samples").standardized.path

    var bin = ""
    var work = ""

    override func setUpWithError() throws {
        guard let dir = Subprocess.ownDirectory() else { throw XCTSkip("cannot find the build directory") }
        for t in ["dcm-parse", "dcm-scrub", "dcm-pseudo", "dcm-redact-pixels", "dcm-write", "dcm-deid"]
        where access(dir + "/" + t, X_OK) != 0 {
            throw XCTSkip("\(t) is not built next to the tests (swift build --build-tests builds it)")
        }
        bin = dir
        work = try AuditFixture.temporaryDirectory()
        XCTAssertEqual(sh("'\(bin)/dcm-pseudo' keygen -o '\(work)/key'").0, 0)
    }

    override func tearDown() { if !work.isEmpty { AuditFixture.removeTree(work) } }

    func sh(_ command: String) -> (Int32, String) {
        let r = Subprocess.run(["/bin/sh", "-c", command], mergeStderr: true)
        return (r.termination.status, String(decoding: r.output, as: UTF8.self))
    }

    func files(_ dir: String) -> [String] {
        (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".dcm") }
    }

    func pipe(_ stages: String, into out: String) -> (Int32, String) {
        sh(
            "'\(bin)/dcm-parse' '\(Self.samples)' | '\(bin)/dcm-scrub' | '\(bin)/dcm-pseudo' --key-file '\(work)/key'"
                + stages + " | '\(bin)/dcm-write' -q -o '\(work)/\(out)'")
    }

    /// Skipping the pixel stage: every image is refused (exit 1, not written) with a message
    /// that says what to do; the report, which has no pixels, is written.
    func testImagesAreRefusedWithoutThePixelStage() {
        let (status, err) = pipe("", into: "o")
        XCTAssertEqual(status, 1, err)
        XCTAssertEqual(files(work + "/o").count, 1, "only the structured report")
        XCTAssertTrue(err.contains("clean-pixels") && err.contains("run dcm-redact-pixels"), err)
        XCTAssertTrue(err.contains("6 records in, 1 written, 5 failed"), err)
    }

    func testImagesAreWrittenWithThePixelStage() {
        let (status, err) = pipe(" | '\(bin)/dcm-redact-pixels' -j 1", into: "o")
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(files(work + "/o").count, 6)
        let (deid, deidErr) = sh("'\(bin)/dcm-deid' --key-file '\(work)/key' --write-opt -q '\(Self.samples)' '\(work)/d'")
        XCTAssertEqual(deid, 0, deidErr)
        XCTAssertEqual(files(work + "/d").count, 6)
    }

    /// The two ways out: opting out of Clean Pixel Data in dcm-scrub, or --allow-incomplete.
    func testOptingOut() {
        let (status, err) = sh(
            "'\(bin)/dcm-parse' '\(Self.samples)' | '\(bin)/dcm-scrub' --no-clean-pixel-data"
                + " | '\(bin)/dcm-pseudo' --key-file '\(work)/key' | '\(bin)/dcm-write' -q -o '\(work)/o'")
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(files(work + "/o").count, 6)
        let (s2, e2) = sh(
            "'\(bin)/dcm-parse' '\(Self.samples)' | '\(bin)/dcm-scrub' | '\(bin)/dcm-pseudo' --key-file '\(work)/key'"
                + " | '\(bin)/dcm-write' --allow-incomplete -o '\(work)/o2' 2>&1")
        XCTAssertEqual(s2, 0, e2)
        XCTAssertEqual(files(work + "/o2").count, 6)
        XCTAssertTrue(e2.contains("5 written without complete de-identification"), e2)
    }

    /// `--undecodable pass` lets an image through unexamined: dcm-write refuses it, and says
    /// why, unless --allow-incomplete.
    func testUndecodablePassedImageIsRefused() throws {
        var f = AuditFixture.original()
        let mpeg2 = "1.2.840.10008.1.2.4.100"
        f.transferSyntax = TransferSyntax(uid: mpeg2)
        f.meta.setString(.transferSyntaxUID, mpeg2, vr: .UI)
        for (t, v) in [(0x0028_0002, 1), (0x0028_0010, 8), (0x0028_0011, 8), (0x0028_0100, 8), (0x0028_0101, 8), (0x0028_0103, 0)] {
            f.dataset.insert(Element(tag: Tag(UInt32(t)), vr: .US, bytes: [UInt8(v), 0]))
        }
        f.dataset.setString(Tag(0x0028_0004), "MONOCHROME2", vr: .CS)
        f.dataset.setString(Tag(0x0008_0060), "OT", vr: .CS)
        let item: [UInt8] = [0xFE, 0xFF, 0x00, 0xE0]
        let px = item + [0, 0, 0, 0] + item + [4, 0, 0, 0] + [0, 0, 1, 0xB3] + [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]
        f.dataset.insert(Element(tag: .pixelData, vr: .OB, value: .bulk(BulkData(bytes: px, encapsulated: true)), undefinedLength: true))
        try AuditFixture.write(f, to: work + "/in/video.dcm")
        let head =
            "'\(bin)/dcm-parse' '\(work)/in' | '\(bin)/dcm-scrub' | '\(bin)/dcm-pseudo' --key-file '\(work)/key'"
            + " | '\(bin)/dcm-redact-pixels' --undecodable pass -j 1"
        let (status, err) = sh(head + " | '\(bin)/dcm-write' -o '\(work)/o'")
        XCTAssertEqual(status, 1, err)
        XCTAssertEqual(files(work + "/o"), [])
        XCTAssertTrue(err.contains("clean-pixels (undecodable") && err.contains("passed unexamined"), err)
        let (s2, e2) = sh(head + " | '\(bin)/dcm-write' --allow-incomplete -o '\(work)/o2'")
        XCTAssertEqual(s2, 0, e2)
        XCTAssertEqual(files(work + "/o2").count, 1)
    }

    /// An image the read policy chooses not to read is done, with the reason in the record.
    func testPolicySkipIsDoneWithItsReason() {
        let (status, out) = sh(
            "'\(bin)/dcm-parse' '\(Self.samples)' | '\(bin)/dcm-scrub' | '\(bin)/dcm-pseudo' --key-file '\(work)/key'"
                + " | '\(bin)/dcm-redact-pixels' --policy flagged -j 1 | '\(bin)/dcm-json' --record")
        XCTAssertEqual(status, 0, out)
        XCTAssertTrue(out.contains("\"clean-pixels\":\"not read: not-flagged\""), out)
        let (s2, e2) = pipe(" | '\(bin)/dcm-redact-pixels' --policy flagged -j 1", into: "o")
        XCTAssertEqual(s2, 0, e2)
        XCTAssertEqual(files(work + "/o").count, 6)
    }
}
