import DcmToolSupport
import DICOMCore
import DICOMStream
import XCTest

/// dcm-write's count of failures by cause: the cause a record carries, else the one its
/// stage and message show.
final class FailureTallyTests: XCTestCase {
    func testCountsByCarriedCause() {
        var t = FailureTally()
        // The message would say otherwise: the carried cause wins.
        t.add(ErrorRecord(source: "a", stage: "dcm-parse", message: "truncated: x", cause: .unsupportedSyntax))
        t.add(ErrorRecord(source: "b", stage: "dcm-write", message: "m", cause: .notDeidentified))
        t.add(ErrorRecord(source: "c", stage: "dcm-write", message: "m", cause: .notDeidentified))
        t.add(ErrorRecord(source: "d", stage: "dcm-pseudo", message: "m", cause: .unmappedPatient))
        XCTAssertEqual(t.total, 4)
        XCTAssertEqual(t.counts, [.unsupportedSyntax: 1, .notDeidentified: 2, .unmappedPatient: 1])
        XCTAssertEqual(t.summary, "1 unsupported transfer syntax, 1 not in the patient mapping, 2 refused by the interlock")
        XCTAssertEqual(
            String(decoding: t.json.serialized(), as: UTF8.self),
            #"{"unsupported-syntax":1,"unmapped-patient":1,"not-deidentified":2}"#)
    }

    /// Records from before causes (or of other origin) are classified from their words.
    func testRecordsWithoutCauseAreClassifiedFromTheirMessage() {
        func cause(_ stage: String, _ message: String) -> FailureCause {
            FailureTally.cause(of: ErrorRecord(source: "x", stage: stage, message: message, cause: nil))
        }
        XCTAssertEqual(cause("dcm-parse", "truncated: value runs past the end (at byte 9)"), .malformed)
        XCTAssertEqual(cause("dcm-parse", "I/O error: cannot read x"), .unreadable)
        XCTAssertEqual(cause("dcm-parse", "not DICOM: no DICM prefix"), .notDICOM)
        XCTAssertEqual(cause("dcm-redact-pixels", "frame 0: JPEG: bad Huffman table"), .undecodablePixels)
        XCTAssertEqual(cause("dcm-redact-pixels", "pixel data in MPEG2 cannot be decoded here"), .unsupportedSyntax)
        XCTAssertEqual(cause("dcm-write", "not de-identified: dcm-scrub did not run (pass --allow-incomplete to write it anyway)"), .notDeidentified)
        XCTAssertEqual(cause("dcm-write", "duplicate SOP Instance UID (same as a): o/b not written again"), .duplicate)
        XCTAssertEqual(cause("dcm-write", "o/b exists with different content (use --overwrite to replace it)"), .outputExists)
        XCTAssertEqual(cause("dcm-pseudo", "PatientID is not in the patient mapping (--require-mapping)"), .unmappedPatient)
        XCTAssertEqual(cause("someone-else", "it broke"), .other)
        // A cause this version does not know counts as none.
        var future = ErrorRecord(source: "x", stage: "dcm-write", message: "o/b exists (x)", cause: nil)
        future.causeName = "from-the-future"
        XCTAssertEqual(FailureTally.cause(of: future), .outputExists)
    }
}
