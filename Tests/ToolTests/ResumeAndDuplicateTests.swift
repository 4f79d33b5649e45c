import Foundation
import SharedTestSupport
import XCTest

/// Running again over an output folder, and inputs that name the same instance twice.
final class ResumeAndDuplicateTests: ToolTestCase {

    var samples: String { Corpus.repoRoot.appendingPathComponent("samples").path }

    func testSkipExistingCountsIdenticalFilesAsDone() throws {
        let stream = try Tools.run("dcm-parse", [samples]).output
        let out = dir.appendingPathComponent("out").path
        XCTAssertEqual(try Tools.run("dcm-write", ["--allow-incomplete", "-o", out], stdin: stream).status, 0)
        let again = try Tools.run("dcm-write", ["--allow-incomplete", "-o", out], stdin: stream)
        XCTAssertEqual(again.status, 1, again.stderr)
        XCTAssertTrue(again.stderr.contains("exists with the same content"), again.stderr)
        let resumed = try Tools.run("dcm-write", ["--allow-incomplete", "--skip-existing", "-o", out], stdin: stream)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("6 records in, 0 written, 0 failed, 6 already there"), resumed.stderr)
    }

    func testAChangedFileIsNotTakenAsDone() throws {
        let stream = try Tools.run("dcm-parse", [samples + "/ct-1.dcm"]).output
        let out = dir.appendingPathComponent("out")
        XCTAssertEqual(try Tools.run("dcm-write", ["--allow-incomplete", "-o", out.path], stdin: stream).status, 0)
        let file = try XCTUnwrap((FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String])?
            .first { $0.hasSuffix(".dcm") })
        let handle = try FileHandle(forWritingTo: out.appendingPathComponent(file))
        try handle.seekToEnd(); handle.write(Data([0])); try handle.close()
        let r = try Tools.run("dcm-write", ["--allow-incomplete", "--skip-existing", "-o", out.path], stdin: stream)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("exists with different content"), r.stderr)
    }

    func testTwoInputsWithOneSOPInstanceUIDAreNamed() throws {
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let original = try Data(contentsOf: URL(fileURLWithPath: samples + "/ct-1.dcm"))
        try original.write(to: input.appendingPathComponent("a.dcm"))
        try original.write(to: input.appendingPathComponent("b.dcm"))
        // The same instance with another value: a different-content duplicate.
        var changed = original
        let range = try XCTUnwrap(changed.range(of: Data("Jones^Mary".utf8)))
        changed.replaceSubrange(range, with: Data("Jones^Anne".utf8))
        try changed.write(to: input.appendingPathComponent("c.dcm"))
        let stream = try Tools.run("dcm-parse", [input.path]).output
        let r = try Tools.run("dcm-write", ["--allow-incomplete", "-o", dir.appendingPathComponent("out").path], stdin: stream)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("b.dcm: duplicate SOP Instance UID (same as \(input.path)/a.dcm): "), r.stderr)
        XCTAssertTrue(r.stderr.contains("c.dcm: duplicate SOP Instance UID with different content (first written from \(input.path)/a.dcm): "), r.stderr)
    }
}
