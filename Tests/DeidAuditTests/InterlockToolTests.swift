import Foundation
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
        sh("'\(bin)/dcm-parse' '\(Self.samples)' | '\(bin)/dcm-scrub' | '\(bin)/dcm-pseudo' --key-file '\(work)/key'"
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
        let (status, err) = sh("'\(bin)/dcm-parse' '\(Self.samples)' | '\(bin)/dcm-scrub' --no-clean-pixel-data"
                               + " | '\(bin)/dcm-pseudo' --key-file '\(work)/key' | '\(bin)/dcm-write' -q -o '\(work)/o'")
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(files(work + "/o").count, 6)
        let (s2, e2) = sh("'\(bin)/dcm-parse' '\(Self.samples)' | '\(bin)/dcm-scrub' | '\(bin)/dcm-pseudo' --key-file '\(work)/key'"
                          + " | '\(bin)/dcm-write' --allow-incomplete -o '\(work)/o2' 2>&1")
        XCTAssertEqual(s2, 0, e2)
        XCTAssertEqual(files(work + "/o2").count, 6)
        XCTAssertTrue(e2.contains("5 written without complete de-identification"), e2)
    }

    /// An image the read policy chooses not to read is done, with the reason in the record.
    func testPolicySkipIsDoneWithItsReason() {
        let (status, out) = sh("'\(bin)/dcm-parse' '\(Self.samples)' | '\(bin)/dcm-scrub' | '\(bin)/dcm-pseudo' --key-file '\(work)/key'"
                               + " | '\(bin)/dcm-redact-pixels' --policy flagged -j 1 | '\(bin)/dcm-json' --record")
        XCTAssertEqual(status, 0, out)
        XCTAssertTrue(out.contains("\"clean-pixels\":\"not read: not-flagged\""), out)
        let (s2, e2) = pipe(" | '\(bin)/dcm-redact-pixels' --policy flagged -j 1", into: "o")
        XCTAssertEqual(s2, 0, e2)
        XCTAssertEqual(files(work + "/o").count, 6)
    }
}
