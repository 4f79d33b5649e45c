import DICOMCore
import DICOMObject
@testable import DcmToolSupport
import XCTest

final class OutputTreeTests: XCTestCase {
    func ds(_ pairs: [(UInt32, VR, String)]) -> DataSet {
        var d = DataSet()
        for (t, vr, v) in pairs { d.setString(Tag(t), v, vr: vr) }
        return d
    }

    func testLayoutValuesAreReducedAndMissingOnesGetAStableDigest() throws {
        let tree = try OutputTree(root: "/tmp/x")
        let full = ds([(0x0020_000D, .UI, "1.2.3"), (0x0020_000E, .UI, "1.2.3.4"), (0x0008_0018, .UI, "1.2.3.4.5")])
        XCTAssertEqual(tree.relativePath(for: full), "1.2.3/1.2.3.4/1.2.3.4.5.dcm")

        // Two different UID-less records (say, two DICOMDIRs) get different names, and the
        // same record always the same name.
        let a = ds([(0x0004_1130, .CS, "DISK A")]), b = ds([(0x0004_1130, .CS, "DISK B")])
        let pa = tree.relativePath(for: a), pb = tree.relativePath(for: b)
        XCTAssertNotEqual(pa, pb)
        XCTAssertEqual(pa, tree.relativePath(for: a))
        XCTAssertTrue(pa.hasPrefix("unknown-"), pa)
        XCTAssertEqual(pa.split(separator: "/").count, 3)
        XCTAssertEqual(a.contentDigest, ds([(0x0004_1130, .CS, "DISK A")]).contentDigest)

        let odd = try OutputTree(root: "/tmp/x", layout: "{PatientID}/{Modality}.dcm")
        XCTAssertEqual(
            odd.relativePath(for: ds([(0x0010_0020, .LO, "AB/../C D"), (0x0008_0060, .CS, "..")])).split(separator: "/").first,
            "AB_.._C_D")
    }
}
