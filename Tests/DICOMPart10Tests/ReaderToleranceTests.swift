import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream
import XCTest

/// Writer bugs seen in real files that the reader tolerates without losing a byte.
final class ReaderToleranceTests: XCTestCase {
    func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) } }

    /// An odd-length last fragment followed by a pad byte its length does not count.
    func testUncountedPadByteAfterOddFragment() throws {
        var b = le16(0x0008) + le16(0x0060) + Array("CS".utf8) + le16(2) + Array("OT".utf8)
        b += le16(0x7FE0) + le16(0x0010) + Array("OB".utf8) + [0, 0] + le32(0xFFFF_FFFF)
        b += le16(0xFFFE) + le16(0xE000) + le32(0)  // empty offset table
        b += le16(0xFFFE) + le16(0xE000) + le32(3) + [0xFF, 0xD9, 0x01]  // odd fragment
        b += [0x00]  // the uncounted pad byte
        b += le16(0xFFFE) + le16(0xE0DD) + le32(0)
        let file = try Part10Reader().read(bytes: b)
        XCTAssertEqual(file.dataset[.pixelData]?.bulk?.encapsulated, true)
        XCTAssertEqual(try Part10Writer().encode(file), b)

        var broken = b
        broken.removeLast(8)
        broken += [0xAB, 0xCD, 0xEF, 0x01, 0, 0, 0, 0]  // no delimiter anywhere
        XCTAssertThrowsError(try Part10Reader().read(bytes: broken))
    }

    /// VR bytes that name no VR (two spaces: fo-dicom's GH179A) are followed by a 2-byte
    /// length, as DCMTK reads them; the element gets its dictionary VR and is written back
    /// with the same bytes, through the stream too.
    func testUnknownVRCodeWithShortLength() throws {
        var b = le16(0x0028) + le16(0x0103) + Array("US".utf8) + le16(2) + le16(1)
        b += le16(0x0028) + le16(0x0120) + [0x20, 0x20] + le16(2) + le16(0xFC18)  // Pixel Padding Value -1000
        b += le16(0x0028) + le16(0x1050) + Array("DS".utf8) + le16(2) + Array("-2".utf8)
        let file = try Part10Reader().read(bytes: b)
        let e = try XCTUnwrap(file.dataset[Tag(0x0028_0120)])
        XCTAssertEqual(e.vr, .SS)
        XCTAssertEqual(e.wireVRCode, 0x2020)
        XCTAssertEqual(e.bytes, le16(0xFC18))
        XCTAssertEqual(file.dataset[Tag(0x0028_1050)]?.bytes, Array("-2".utf8))
        XCTAssertTrue(file.notes.contains { $0.contains("name no VR") }, "\(file.notes)")
        XCTAssertEqual(try Part10Writer().encode(file), b)
        XCTAssertEqual(try Part10Writer().encode(try RecordTrip.throughStream(file)), b)

        // A 4-byte implicit length that fits is still read as an implicit VR element.
        let implicit = le16(0x0028) + le16(0x0120) + le32(2) + le16(7)
        let f2 = try Part10Reader().read(bytes: le16(0x0008) + le16(0x0060) + Array("CS".utf8) + le16(2) + Array("OT".utf8) + implicit)
        XCTAssertEqual(f2.dataset[Tag(0x0028_0120)]?.wireVRCode, 0)
        XCTAssertEqual(f2.dataset[Tag(0x0028_0120)]?.bytes, le16(7))
    }

    /// The last item of a defined-length sequence claims more bytes than the sequence has
    /// left (pydicom's DICOMDIR-nooffset: elements removed, lengths left): read to the
    /// sequence's end and written back with the same claim.
    func testItemLongerThanItsSequence() throws {
        let el1 = le16(0x0004) + le16(0x1430) + Array("CS".utf8) + le16(6) + Array("STUDY ".utf8)
        let el2 = le16(0x0004) + le16(0x1430) + Array("CS".utf8) + le16(6) + Array("IMAGE ".utf8)
        let item1 = le16(0xFFFE) + le16(0xE000) + le32(UInt32(el1.count)) + el1
        let item2 = le16(0xFFFE) + le16(0xE000) + le32(UInt32(el2.count + 24)) + el2  // 24 bytes too many
        var b = le16(0x0004) + le16(0x1130) + Array("CS".utf8) + le16(4) + Array("TEST".utf8)
        b += le16(0x0004) + le16(0x1220) + Array("SQ".utf8) + [0, 0] + le32(UInt32(item1.count + item2.count)) + item1 + item2
        let file = try Part10Reader().read(bytes: b)
        let items = try XCTUnwrap(file.dataset[Tag(0x0004_1220)]?.items)
        XCTAssertEqual(items.count, 2)
        XCTAssertEqual(items[1].lengthOverrun, 24)
        XCTAssertEqual(items[1][Tag(0x0004_1430)]?.bytes, Array("IMAGE ".utf8))
        XCTAssertEqual(try Part10Writer().encode(file), b)
        XCTAssertEqual(try Part10Writer().encode(try RecordTrip.throughStream(file)), b)

        // With an element after the sequence, the claim would swallow it: the true length is written.
        var grown = file
        grown.dataset.setString(Tag(0x0012_0062), "YES", vr: .CS)
        let written = try Part10Writer().encode(grown)
        let again = try Part10Reader().read(bytes: written)
        XCTAssertEqual(again.dataset[Tag(0x0004_1220)]?.items?.last?.lengthOverrun, 0)
        XCTAssertEqual(again.dataset.string(Tag(0x0012_0062)), "YES")

        // Elements that do not end where the sequence does are still an error.
        var cut = b
        cut.removeLast(3)
        cut.replaceSubrange(
            (b.count - item1.count - item2.count - 4)..<(b.count - item1.count - item2.count),
            with: le32(UInt32(item1.count + item2.count - 3)))
        XCTAssertThrowsError(try Part10Reader().read(bytes: cut))
    }
}

/// A file through the stream's record header, by both of its decoders.
enum RecordTrip {
    static func throughStream(_ f: DICOMFile) throws -> DICOMFile {
        let (json, bulk) = RecordCodec.encode(Record(source: "trip", file: f))
        XCTAssertTrue(bulk.isEmpty)
        let fast = try RecordCodec.decode(json).file
        let slow = try json.withUnsafeBytes { try RecordCodec.decode(JSONParser.parse($0)) }.file
        XCTAssertEqual(try Part10Writer().encode(fast), try Part10Writer().encode(slow))
        return fast
    }
}
