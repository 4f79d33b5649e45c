import Foundation
import SharedTestSupport
import XCTest

/// Messages a user reads: one per failure, file names that cannot play tricks on the
/// terminal, and a summary that says why records failed.
final class MessageTests: ToolTestCase {

    func testControlCharactersInFileNamesAreEscaped() throws {
        let name = "evil\u{1B}[31m\nname.dcm"
        try Data("not dicom at all".utf8).write(to: dir.appendingPathComponent(name))
        let r = try Tools.run("dcm-parse", [dir.path])
        XCTAssertFalse(r.stderr.contains("\u{1B}"), r.stderr)
        XCTAssertTrue(r.stderr.contains("evil\\x1b[31m\\nname.dcm: skipped"), r.stderr)
    }

    /// An input that dcm-parse cannot read is reported by dcm-parse, and dcm-write only
    /// counts it, by cause, beside a record the interlock refuses. The cause dcm-parse gave
    /// comes through the stage between them into the report.
    func testEachFailureIsPrintedOnceAndCountedByCause() throws {
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        var truncated = try Data(contentsOf: Corpus.repoRoot.appendingPathComponent("samples/ct-1.dcm"))
        truncated = truncated.prefix(400)
        try truncated.write(to: input.appendingPathComponent("cut.dcm"))
        try FileManager.default.copyItem(
            at: Corpus.repoRoot.appendingPathComponent("samples/ct-2.dcm"),
            to: input.appendingPathComponent("whole.dcm"))
        let parsed = try Tools.run("dcm-parse", [input.path])
        XCTAssertEqual(parsed.status, 1, parsed.stderr)
        XCTAssertTrue(parsed.stderr.contains("cut.dcm"), parsed.stderr)
        let scrubbed = try Tools.run("dcm-scrub", [], stdin: parsed.output)
        XCTAssertEqual(scrubbed.status, 0, scrubbed.stderr)
        let report = dir.appendingPathComponent("report.jsonl")
        let r = try Tools.run(
            "dcm-write", ["-o", dir.appendingPathComponent("out").path, "--report", report.path], stdin: scrubbed.output)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertFalse(r.stderr.contains("cut.dcm"), "printed again: \(r.stderr)")
        XCTAssertTrue(r.stderr.contains("2 failed (1 malformed, 1 refused by the interlock)"), r.stderr)
        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3, "\(lines)")
        XCTAssertTrue(lines[0].contains(#""stage":"dcm-parse""#) && lines[0].hasSuffix(#","cause":"malformed"}}"#), "\(lines[0])")
        XCTAssertTrue(lines[1].contains(#""stage":"dcm-write""#) && lines[1].hasSuffix(#","cause":"not-deidentified"}}"#), "\(lines[1])")
        XCTAssertTrue(lines[2].hasSuffix(#","causes":{"malformed":1,"not-deidentified":1}}}"#), "\(lines[2])")
    }

    /// Error records written before they carried a cause (here as dcm-json lines, as a
    /// stage of other origin might write them) are still counted by cause, from their
    /// stage and message.
    func testErrorRecordsWithoutCauseAreClassifiedFromTheirMessage() throws {
        let lines = [
            #"{"error":{"source":"a.dcm","stage":"dcm-parse","message":"truncated: value of (7FE0,0010) runs past the end (at byte 400)"}}"#,
            #"{"error":{"source":"b.dcm","stage":"dcm-redact-pixels","message":"pixel data in JPEG XL cannot be decoded here"}}"#,
            #"{"error":{"source":"c.dcm","stage":"dcm-write","message":"out/x.dcm exists with different content (use --overwrite to replace it)"}}"#,
            #"{"error":{"source":"d.dcm","stage":"some-filter","message":"whatever","cause":"a-cause-from-the-future"}}"#
        ]
        let stream = try Tools.run("dcm-json", ["--to-stream"], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(stream.status, 1, stream.stderr)
        let r = try Tools.run("dcm-write", ["-o", dir.appendingPathComponent("out").path], stdin: stream.output)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(
            r.stderr.contains("4 failed (1 malformed, 1 unsupported transfer syntax, 1 already exists, 1 other)"), r.stderr)
    }
}

/// A stage that fails a record says so itself, once.
final class StageFailureMessageTests: ToolTestCase {
    func testAStageNamesTheRecordItFails() throws {
        // A key file that cannot be read fails no record; an image without rows does.
        var ct = try Data(contentsOf: Corpus.repoRoot.appendingPathComponent("samples/ct-1.dcm"))
        // Rows (0028,0010) US 2 bytes: set to 0.
        let rowsTag = Data([0x28, 0x00, 0x10, 0x00, 0x55, 0x53, 0x02, 0x00])
        let at = try XCTUnwrap(ct.range(of: rowsTag))
        ct.replaceSubrange(at.upperBound..<(at.upperBound + 2), with: Data([0, 0]))
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try ct.write(to: input.appendingPathComponent("norows.dcm"))
        let stream = try Tools.run("dcm-parse", [input.path]).output
        let r = try Tools.run("dcm-redact-pixels", [], stdin: stream)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("norows.dcm: "), r.stderr)
        let w = try Tools.run("dcm-write", ["--allow-incomplete", "-o", dir.appendingPathComponent("out").path], stdin: r.output)
        XCTAssertTrue(w.stderr.contains("1 failed (1 undecodable)"), w.stderr)
        XCTAssertFalse(w.stderr.contains("norows.dcm"), "said again: \(w.stderr)")
    }
}
