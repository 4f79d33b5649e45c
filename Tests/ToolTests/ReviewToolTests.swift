import Foundation
import SharedTestSupport
import XCTest

/// dcm-review on the bundled samples de-identified by dcm-deid: the report is written, its
/// counts are the run's, and it names nothing outside its directory.
final class ReviewToolTests: XCTestCase {
    func testReviewOfTheSamples() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("review-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("key").path
        XCTAssertEqual(try Tools.run("dcm-pseudo", ["keygen", "-o", key]).status, 0)
        let samples = Corpus.repoRoot.appendingPathComponent("samples").path
        let out = dir.appendingPathComponent("out").path, map = dir.appendingPathComponent("map").path
        let report = dir.appendingPathComponent("write.jsonl").path, html = dir.appendingPathComponent("report").path
        let deid = try Tools.run("dcm-deid", ["-q", samples, out, "--key-file", key, "--mapping-dir", map, "--report", report])
        XCTAssertEqual(deid.status, 0, deid.stderr)
        let r = try Tools.run(
            "dcm-review",
            [
                "-q", samples, "--output", out, "--mapping-dir", map,
                "--write-report", report, "--report", html
            ])
        XCTAssertEqual(r.status, 0, r.stderr)
        let index = try String(contentsOfFile: html + "/index.html", encoding: .utf8)
        let summary = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").last.map(String.init) ?? ""
        let written = try XCTUnwrap(summary.range(of: #""written":(\d+)"#, options: .regularExpression).map { summary[$0].split(separator: ":")[1] })
        XCTAssertTrue(index.contains("data-count=\"files-out\">\(written)<"), "written \(written)")
        XCTAssertTrue(index.contains("data-count=\"paired\">\(written)<"))
        XCTAssertTrue(index.contains("data-count=\"files-in\">6<"))
        XCTAssertFalse(index.contains("http://") || index.contains("https://"))
        XCTAssertTrue(index.contains("series-0001.html"))

        let usage = try Tools.run("dcm-review", [samples, "--report", html])
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.stderr.contains("--output"), usage.stderr)
    }
}
