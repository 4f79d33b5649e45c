import Foundation
import SharedTestSupport
import XCTest

/// A record leaves dcm-pseudo only after its mapping rows are on disk: when they cannot be
/// saved, no record goes on to be written.
final class MappingDurabilityTests: ToolTestCase {
    func testNoRecordLeavesWhenTheMappingRowsCannotBeSaved() throws {
        let key = dir.appendingPathComponent("key").path
        XCTAssertEqual(try Tools.run("dcm-pseudo", ["keygen", "-o", key]).status, 0)
        let samples = Corpus.repoRoot.appendingPathComponent("samples").path
        let parsed = try Tools.run("dcm-parse", [samples])
        XCTAssertEqual(parsed.status, 0, parsed.stderr)
        let scrubbed = try Tools.run("dcm-scrub", [], stdin: parsed.output)
        XCTAssertEqual(scrubbed.status, 0, scrubbed.stderr)

        // A mapping folder whose UID file is a full disk.
        let full = dir.appendingPathComponent("full")
        try FileManager.default.createDirectory(at: full, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: full.appendingPathComponent("uid_mapping.csv").path,
            withDestinationPath: "/dev/full")
        let refused = try Tools.run("dcm-pseudo", ["--key-file", key, "--mapping-dir", full.path], stdin: scrubbed.output)
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("uid_mapping.csv"), refused.stderr)
        let out = dir.appendingPathComponent("out")
        let written = try Tools.run("dcm-write", ["--allow-incomplete", "-o", out.path], stdin: refused.output)
        XCTAssertEqual(written.status, 2, "no end-of-stream frame: \(written.stderr)")
        let files = FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []
        XCTAssertEqual(files.filter { $0.hasSuffix(".dcm") }, [], "no file without its mapping rows")

        // The same with a usable folder: every record goes, every row is there.
        let good = dir.appendingPathComponent("good")
        let ok = try Tools.run("dcm-pseudo", ["--key-file", key, "--mapping-dir", good.path], stdin: scrubbed.output)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let rows = try String(contentsOf: good.appendingPathComponent("uid_mapping.csv"), encoding: .utf8)
        XCTAssertGreaterThan(rows.split(separator: "\n").count, 6)
    }
}
