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
        let file = try XCTUnwrap(
            (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String])?
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
        XCTAssertTrue(
            r.stderr.contains("c.dcm: duplicate SOP Instance UID with different content (first written from \(input.path)/a.dcm): "), r.stderr)
    }
}

/// A resumed dcm-deid run does not read again the images whose files are there.
final class ResumeTests: ToolTestCase {
    func testDcmDeidSkipExistingReadsNoImageTwice() throws {
        let samples = Corpus.repoRoot.appendingPathComponent("samples").path
        let key = dir.appendingPathComponent("key").path
        XCTAssertEqual(try Tools.run("dcm-pseudo", ["keygen", "-o", key]).status, 0)
        let out = dir.appendingPathComponent("out").path
        let first = try Tools.run("dcm-deid", ["--key-file", key, samples, out])
        XCTAssertEqual(first.status, 0, first.stderr)
        // Interrupted: one file lost.
        let files = (FileManager.default.enumerator(atPath: out)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".dcm") }.sorted()
        XCTAssertEqual(files.count, 6)
        // The structured report holds no pixel data: the other five are images.
        let removedIsReport =
            try Data(contentsOf: URL(fileURLWithPath: out + "/" + files[0]))
            .range(of: Data("1.2.840.10008.5.1.4.1.1.88".utf8)) != nil
        try FileManager.default.removeItem(atPath: out + "/" + files[0])
        let again = try Tools.run("dcm-deid", ["--key-file", key, "--skip-existing", "--redact-opt", "-v", samples, out])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("6 records in, 1 written, 0 failed, 5 already there"), again.stderr)
        XCTAssertEqual(
            again.stderr.components(separatedBy: "not read (its output exists)").count - 1, removedIsReport ? 5 : 4,
            "the images whose files are there are not read: \(again.stderr)")
        // Without --skip-existing at dcm-write, an unread image is refused, never written.
        let stream = try Tools.run("dcm-parse", [samples]).output
        let scrubbed = try Tools.run("dcm-scrub", [], stdin: stream).output
        let pseudo = try Tools.run("dcm-pseudo", ["--key-file", key], stdin: scrubbed).output
        let skipped = try Tools.run("dcm-redact-pixels", ["--skip-existing", out], stdin: pseudo).output
        let refused = try Tools.run("dcm-write", ["-o", out], stdin: skipped)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("its output exists"), refused.stderr)
    }
}
