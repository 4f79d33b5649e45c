import Foundation
@testable import DeidPseudo
import XCTest

final class MappingMergeTests: XCTestCase {
    func testFoldersMergeIntoOneSortedFileWithOneHeader() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("merge-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let a = base + "/a", b = base + "/b", out = base + "/out"
        let wa = try MappingWriter(directory: a)
        try wa.add([
            MappingRow(kind: .uid, old: "1.2.9", new: "2.25.9"), MappingRow(kind: .uid, old: "1.2.1", new: "2.25.1"),
            MappingRow(kind: .patientID, old: "PAT-B", new: "P2")
        ])
        try wa.sync()
        let wb = try MappingWriter(directory: b)
        try wb.add([
            MappingRow(kind: .uid, old: "1.2.1", new: "2.25.1"), MappingRow(kind: .uid, old: "1.2.5", new: "2.25.5"),
            MappingRow(kind: .uid, old: "1.2.9", new: "2.25.OTHER")
        ])
        try wb.sync()
        let reports = try MappingFiles.merge([a, b], into: out)
        let uid = try String(contentsOfFile: out + "/uid_mapping.csv", encoding: .utf8)
        XCTAssertEqual(uid, "id_old,id_new\n1.2.1,2.25.1\n1.2.5,2.25.5\n1.2.9,2.25.9\n")
        let pat = try String(contentsOfFile: out + "/patid_mapping.csv", encoding: .utf8)
        XCTAssertEqual(pat, "id_old,id_new\nPAT-B,P2\n")
        let u = try XCTUnwrap(reports.first { $0.kind == .uid })
        XCTAssertEqual(u.rows, 3)
        XCTAssertEqual(u.duplicates, 1)
        XCTAssertEqual(u.conflicts.map(\.other), ["2.25.OTHER"])
        // The order of the folders does not change the rows, only which side of a conflict wins.
        _ = try MappingFiles.merge([b, a], into: base + "/out2")
        let pat2 = try String(contentsOfFile: base + "/out2/patid_mapping.csv", encoding: .utf8)
        XCTAssertEqual(pat2, pat)
    }
}
