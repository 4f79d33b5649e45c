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
    /// The byte path for ASCII names gives what the scalar mapping gives, control characters,
    /// line breaks and non-ASCII text included.
    func testSafeNamesByteByByteAsByScalar() {
        let names = [
            "1.2.840.113619.2.55", "AB/../C D", "x_y-z.9", "", "\r\n\t\0", "Ünïcødé^Näme", "日本語", "a\u{301}b",
            "\u{7F}~!@#$%^&*()", "...", "e\u{0301}\r\nf"
        ]
        for v in names {
            let byScalar = String(
                String.UnicodeScalarView(
                    v.unicodeScalars.map { s -> Unicode.Scalar in
                        switch s.value {
                        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2E, 0x2D, 0x5F: return s
                        default: return "_"
                        }
                    }))
            XCTAssertEqual(OutputTree.safeName(v), byScalar, v)
            XCTAssertEqual(OutputTree.safeName(v).unicodeScalars.count, v.unicodeScalars.count)
        }
        XCTAssertEqual(OutputTree.safeName("\r\n"), "__", "a line break is two scalars")
    }
}
