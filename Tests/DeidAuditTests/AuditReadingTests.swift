import DICOMCore
import DICOMObject
import DICOMPart10
import Foundation
import SharedTestSupport
import DcmToolSupport
import XCTest
@testable import DeidAudit

/// What the audit read: never "no leak found" after reading nothing, and with --ocr at
/// least what the pixel stage reads, listing what it could not read.
final class AuditReadingTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws { dir = try AuditFixture.temporaryDirectory() }
    override func tearDown() { AuditFixture.removeTree(dir) }

    func tool(_ name: String) throws -> String {
        guard let d = Subprocess.ownDirectory(), access(d + "/" + name, X_OK) == 0 else {
            throw XCTSkip("\(name) is not built next to the tests (swift build --build-tests builds it)")
        }
        return d + "/" + name
    }

    func sh(_ command: String) -> (Int32, String) {
        let r = Subprocess.run(["/bin/sh", "-c", command], mergeStderr: true)
        return (r.termination.status, String(decoding: r.output, as: UTF8.self))
    }

    /// A missing or empty output folder, or an empty stream, is a fatal error (exit 2),
    /// not a clean audit.
    func testReadingNothingIsFatal() throws {
        let audit = try tool("dcm-audit")
        try AuditFixture.write(AuditFixture.original(), to: dir + "/orig/a.dcm")
        mkdir(dir + "/empty", 0o755)
        let run = "'\(audit)' --no-verify --original '\(dir)/orig'"
        for (output, stdin) in [("'\(dir)/empty'", ""), ("'\(dir)/missing'", ""), ("-", " < /dev/null")] {
            let (status, out) = sh("\(run) --output \(output)\(stdin)")
            XCTAssertEqual(status, 2, "\(output): \(out)")
            XCTAssertFalse(out.contains("no leak found"), out)
            XCTAssertTrue(out.contains("nothing audited") || out.contains("the stream is empty"), out)
        }
        // An output read: the usual statuses (the original itself leaks everything).
        XCTAssertEqual(sh("\(run) --output '\(dir)/orig'").0, 1)
    }

    /// An image the audit cannot decode is listed, not silently passed.
    func testUndecodableImageIsListed() throws {
        guard (try? PixelOCR()) != nil else { throw XCTSkip("Tesseract's eng model is not installed") }
        try AuditFixture.write(AuditFixture.original(), to: dir + "/orig/a.dcm")
        var out = AuditFixture.cleanOutput()
        out.transferSyntax = TransferSyntax(uid: "1.2.840.10008.1.2.4.50")
        out.meta.setString(.transferSyntaxUID, "1.2.840.10008.1.2.4.50", vr: .UI)
        for (t, v) in [(0x0028_0002, 1), (0x0028_0010, 8), (0x0028_0011, 8), (0x0028_0100, 8), (0x0028_0101, 8), (0x0028_0103, 0)] {
            out.dataset.insert(Element(tag: Tag(UInt32(t)), vr: .US, bytes: [UInt8(v), 0]))
        }
        out.dataset.setString(Tag(0x0028_0004), "MONOCHROME2", vr: .CS)
        // Encapsulated: empty offset table, one fragment that is no JPEG stream.
        let item: [UInt8] = [0xFE, 0xFF, 0x00, 0xE0]
        let px = item + [0, 0, 0, 0] + item + [4, 0, 0, 0] + [1, 2, 3, 4] + [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]
        out.dataset.insert(Element(tag: .pixelData, vr: .OB, value: .bulk(BulkData(bytes: px, encapsulated: true)), undefinedLength: true))
        try AuditFixture.write(out, to: dir + "/out/a.dcm")
        var options = Audit.Options()
        options.verify = false; options.ocr = true
        let summary = Audit(options: options).run(originals: [dir + "/orig"], outputs: [dir + "/out"])
        XCTAssertEqual(summary.outputs, 1)
        XCTAssertEqual(summary.ocrFailed, 1)
        XCTAssertEqual(summary.ocrUnreliable.count, 1)
        XCTAssertTrue(summary.ocrUnreliable.first?.why.hasPrefix("not decoded") ?? false, "\(summary.ocrUnreliable)")
    }

    /// A legible patient name burned into noisy radiographs (dev set, DX, 800x800): the
    /// pixel stage reads it, so the audit must too. dcmj2pnm's rendering read by the
    /// tesseract command found nothing here.
    func testNameOnNoisyRadiographsIsFound() throws {
        let series = Corpus.sharedDir.appendingPathComponent("eval/dev/input/p002/st01/se01").path
        guard FileManager.default.fileExists(atPath: series) else {
            throw XCTSkip("../shared/eval/dev not found (set DCM_SHARED): skipped")
        }
        guard (try? PixelOCR()) != nil else { throw XCTSkip("Tesseract's eng model is not installed") }
        var options = Audit.Options()
        options.verify = false; options.ocr = true
        var audit = Audit(options: options)
        var inPixels: [String: Set<ValueKind>] = [:]
        audit.onLeak = { l in if l.origin == .ocr { inPixels[l.output, default: []].insert(l.kind) } }
        // The originals audited against themselves: their pixels still hold the name.
        let summary = audit.run(originals: [series], outputs: [series])
        XCTAssertEqual(summary.outputs, 3)
        XCTAssertEqual(summary.ocrFiles, 3)
        XCTAssertEqual(inPixels.count, 3, "\(inPixels)")
        for (file, kinds) in inPixels { XCTAssertTrue(kinds.contains(.name), "\(file): \(kinds)") }
    }
}
