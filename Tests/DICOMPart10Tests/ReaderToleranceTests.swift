import DICOMCore
import DICOMObject
import DICOMPart10
import XCTest

/// Writer bugs seen in real files that the reader tolerates without losing a byte.
final class ReaderToleranceTests: XCTestCase {
    func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) } }

    /// An odd-length last fragment followed by a pad byte its length does not count.
    func testUncountedPadByteAfterOddFragment() throws {
        var b = le16(0x0008) + le16(0x0060) + Array("CS".utf8) + le16(2) + Array("OT".utf8)
        b += le16(0x7FE0) + le16(0x0010) + Array("OB".utf8) + [0, 0] + le32(0xFFFF_FFFF)
        b += le16(0xFFFE) + le16(0xE000) + le32(0)                        // empty offset table
        b += le16(0xFFFE) + le16(0xE000) + le32(3) + [0xFF, 0xD9, 0x01]  // odd fragment
        b += [0x00]                                                       // the uncounted pad byte
        b += le16(0xFFFE) + le16(0xE0DD) + le32(0)
        let file = try Part10Reader().read(bytes: b)
        XCTAssertEqual(file.dataset[.pixelData]?.bulk?.encapsulated, true)
        XCTAssertEqual(try Part10Writer().encode(file), b)

        var broken = b
        broken.removeLast(8)
        broken += [0xAB, 0xCD, 0xEF, 0x01, 0, 0, 0, 0]                   // no delimiter anywhere
        XCTAssertThrowsError(try Part10Reader().read(bytes: broken))
    }
}
