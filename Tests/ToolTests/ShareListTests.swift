import Foundation
import SharedTestSupport
import XCTest

/// `dcm-parse --list-shares` (issue 16.4) on the bundled samples, where ct-1, ct-2 and
/// sr-report are one study and the MR and SC files other studies.
final class ShareListTests: ToolTestCase {
    var samples: String { Corpus.repoRoot.appendingPathComponent("samples").path }

    func lines(_ d: Data) -> [String] { String(decoding: d, as: UTF8.self).split(separator: "\n").map(String.init) }

    func testByStudyKeepsAStudyInOneShareAndListsEveryFileOnce() throws {
        let all = try Tools.run("dcm-parse", ["--list-shares", "3", "--by", "study", samples])
        XCTAssertEqual(all.status, 0, all.stderr)
        let rows = lines(all.output).map { $0.split(separator: "\t", maxSplits: 1).map(String.init) }
        let files = try FileManager.default.contentsOfDirectory(atPath: samples).filter { $0.hasSuffix(".dcm") }
        XCTAssertEqual(rows.map { ($0[1] as NSString).lastPathComponent }.sorted(), files.sorted())
        let shareOf = Dictionary(uniqueKeysWithValues: rows.map { (($0[1] as NSString).lastPathComponent, $0[0]) })
        XCTAssertEqual(shareOf["ct-1.dcm"], shareOf["ct-2.dcm"])
        XCTAssertEqual(shareOf["ct-1.dcm"], shareOf["sr-report.dcm"])

        // --shares-dir writes what --share prints, for every share; the same on a second run.
        let dirPath = dir.appendingPathComponent("shares").path
        XCTAssertEqual(try Tools.run("dcm-parse", ["--list-shares", "3", "--by", "study", "--shares-dir", dirPath, samples]).status, 0)
        for k in 1...3 {
            let listed = try Data(contentsOf: URL(fileURLWithPath: dirPath + "/share-\(k)"))
            let printed = try Tools.run("dcm-parse", ["--list-shares", "3", "--by", "study", "--share", "\(k)", samples])
            XCTAssertEqual(printed.output, listed)
            XCTAssertEqual(lines(listed), rows.filter { $0[0] == "\(k)" }.map { $0[1] })
        }
    }

    func testByFileAndBadArguments() throws {
        let one = try Tools.run("dcm-parse", ["--list-shares", "2", "--share", "1", "-0", samples])
        XCTAssertEqual(one.status, 0, one.stderr)
        let paths = one.output.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(paths.map { ($0 as NSString).lastPathComponent }, ["ct-1.dcm", "mr-deflated.dcm", "sc-bigendian.dcm"])
        XCTAssertEqual(try Tools.run("dcm-parse", ["--list-shares", "2", "--share", "3", samples]).status, 2)
        XCTAssertEqual(try Tools.run("dcm-parse", ["--list-shares", "0", samples]).status, 2)
        XCTAssertEqual(try Tools.run("dcm-parse", ["--list-shares", "2", "--by", "series", samples]).status, 2)
        XCTAssertEqual(try Tools.run("dcm-parse", ["--list-shares", "2"]).status, 2, "standard input cannot be shared")
    }
}
