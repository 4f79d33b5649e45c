import DICOMPart10
import Foundation
import XCTest
@testable import DcmToolSupport

/// Shares for parallel runs (issue 16.4): deterministic, order-keeping, studies kept whole
/// with `--by study`, and the Study Instance UID read from the header alone.
final class SharesTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        var template = Array("/tmp/dcm-shares-test.XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw XCTSkip("cannot make a temporary directory")
        }
        dir = String(cString: template)
    }

    override func tearDownWithError() throws {
        if !dir.isEmpty { try? FileManager.default.removeItem(atPath: dir) }
    }

    func testByFileDealsInTurnAndKeepsOrder() {
        let paths = (1...7).map { "in/f\($0)" }
        let shares = ShareSplitter(count: 3, unit: .file, studyOf: { _ in nil }).split(paths)
        XCTAssertEqual(shares, [["in/f1", "in/f4", "in/f7"], ["in/f2", "in/f5"], ["in/f3", "in/f6"]])
        XCTAssertEqual(ShareSplitter(count: 1, unit: .file).split(paths), [paths])
    }

    func testByStudyKeepsStudiesWholeInInputOrderAndBalancesBytes() {
        // Study A is large, B and C small: A alone in one share, B and C together in the other.
        let study: [String: String] = ["a1": "1.2.A", "b1": "1.2.B", "a2": "1.2.A", "c1": "1.2.C", "b2": "1.2.B"]
        let sizes = ["a1": 500, "a2": 500, "b1": 100, "b2": 100, "c1": 150, "junk": 1, "junk2": 1]
        let paths = ["a1", "b1", "junk", "a2", "c1", "b2", "junk2"]
        let splitter = ShareSplitter(count: 2, unit: .study, studyOf: { study[$0] })
        let shares = splitter.split(paths, sizes: sizes)
        XCTAssertEqual(shares.count, 2)
        XCTAssertEqual(shares.flatMap { $0 }.sorted(), paths.sorted(), "every file in exactly one share")
        let a = shares.firstIndex { $0.contains("a1") }!
        XCTAssertEqual(shares[a], ["a1", "a2"])
        XCTAssertEqual(shares[1 - a], ["b1", "junk", "c1", "b2", "junk2"], "input order kept inside a share")
        // The same input gives the same shares, whatever the process.
        XCTAssertEqual(splitter.split(paths, sizes: sizes), shares)
        // More shares than studies: some stay empty, none is dropped.
        let wide = ShareSplitter(count: 6, unit: .study, studyOf: { study[$0] }).split(paths, sizes: sizes)
        XCTAssertEqual(wide.count, 6)
        XCTAssertEqual(wide.filter { !$0.isEmpty }.count, 4)
        XCTAssertEqual(wide.first { $0.contains("b1") }, ["b1", "b2"])
        // Files without a study travel together (their output names may collide).
        XCTAssertEqual(wide.first { $0.contains("junk") }, ["junk", "junk2"])
    }

    func testFNVIsFixed() {
        // Published FNV-1a 64 test vectors: the hash must not change between releases or hosts.
        XCTAssertEqual(ShareSplitter.fnv1a(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(ShareSplitter.fnv1a("a"), 0xaf63_dc4c_8601_ec8c)
    }

    /// A Part 10 file (explicit VR little endian): SOP Class, a private block of `privateBytes`
    /// bytes, the Study Instance UID, then Pixel Data declared far longer than the file.
    func writeFile(_ name: String, study: String, privateBytes: Int) throws -> String {
        var b = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)
        func short(_ g: UInt16, _ e: UInt16, _ vr: String, _ v: [UInt8]) {
            var v = v; if v.count % 2 == 1 { v.append(vr == "UI" ? 0 : 0x20) }
            b += [UInt8(g & 0xFF), UInt8(g >> 8), UInt8(e & 0xFF), UInt8(e >> 8)] + Array(vr.utf8)
            b += [UInt8(v.count & 0xFF), UInt8(v.count >> 8)] + v
        }
        func long(_ g: UInt16, _ e: UInt16, _ vr: String, length: Int, _ v: [UInt8]) {
            b += [UInt8(g & 0xFF), UInt8(g >> 8), UInt8(e & 0xFF), UInt8(e >> 8)] + Array(vr.utf8) + [0, 0]
            b += withUnsafeBytes(of: UInt32(length).littleEndian) { Array($0) } + v
        }
        short(0x0002, 0x0010, "UI", Array("1.2.840.10008.1.2.1".utf8))
        short(0x0008, 0x0016, "UI", Array("1.2.840.10008.5.1.4.1.1.7".utf8))
        short(0x0009, 0x0010, "LO", Array("TEST".utf8))
        long(0x0009, 0x1001, "OB", length: privateBytes, [UInt8](repeating: 7, count: privateBytes))
        short(0x0020, 0x000D, "UI", Array(study.utf8))
        long(0x7FE0, 0x0010, "OW", length: 1 << 24, [1, 2, 3, 4])
        let path = dir + "/" + name
        try Data(b).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testStudyUIDReadFromTheHeaderOnly() throws {
        // The pixel data is cut off: a whole-file read fails, the header read does not reach it.
        let small = try writeFile("small", study: "1.2.3.4", privateBytes: 10)
        XCTAssertThrowsError(try Part10Reader().read(contentsOf: small))
        XCTAssertEqual(ShareSplitter.studyInstanceUID(ofFileAt: small), "1.2.3.4")
        // A header longer than the first read: the rest is read too.
        let long = try writeFile("long", study: "1.2.3.5", privateBytes: ShareSplitter.headerPrefix + 1000)
        XCTAssertEqual(ShareSplitter.studyInstanceUID(ofFileAt: long), "1.2.3.5")
        // Not DICOM, or missing: no study (the file becomes a share of its own).
        let text = dir + "/text"
        try Data("hello, not DICOM".utf8).write(to: URL(fileURLWithPath: text))
        XCTAssertNil(ShareSplitter.studyInstanceUID(ofFileAt: text))
        XCTAssertNil(ShareSplitter.studyInstanceUID(ofFileAt: dir + "/absent"))
    }

    func testListsAreWrittenForEveryShare() throws {
        XCTAssertEqual(ShareLists.render(["a b", "c"], nul: false), Array("a b\nc\n".utf8))
        XCTAssertEqual(ShareLists.render(["a\nb"], nul: true), Array("a\nb\0".utf8))
        XCTAssertNil(ShareLists.render(["a\nb"], nul: false), "a newline in a path needs -0")
        try ShareLists.write([["x", "y"], [], ["z"]], to: dir + "/lists", nul: false)
        XCTAssertEqual(try String(contentsOfFile: dir + "/lists/share-1", encoding: .utf8), "x\ny\n")
        XCTAssertEqual(try String(contentsOfFile: dir + "/lists/share-2", encoding: .utf8), "")
        XCTAssertEqual(try String(contentsOfFile: dir + "/lists/share-3", encoding: .utf8), "z\n")
        XCTAssertEqual(try InputWalker.readList(dir + "/lists/share-1", nul: false), ["x", "y"])
    }
}
