import XCTest
import DICOMCore

final class TagTests: XCTestCase {
    func testHexAndDescription() {
        XCTAssertEqual(Tag.pixelData.hex, "7FE00010")
        XCTAssertEqual(Tag.pixelData.description, "(7fe0,0010)")
        XCTAssertEqual(Tag(group: 0x0008, element: 0x0005).hex, "00080005")
        XCTAssertEqual(Tag(group: 0x0008, element: 0x0005).description, "(0008,0005)")
        XCTAssertEqual(Tag(0xFFFE_E0DD).hex, "FFFEE0DD")
    }

    func testParseHex() {
        XCTAssertEqual(Tag(hex: "7FE00010"), .pixelData)
        XCTAssertEqual(Tag(hex: "7fe00010"), .pixelData)
        XCTAssertNil(Tag(hex: "7FE0001"))
        XCTAssertNil(Tag(hex: "7FE000100"))
        XCTAssertNil(Tag(hex: "7FE0001G"))
    }

    func testGroupElementAndOrder() {
        let t = Tag(group: 0x0029, element: 0x1010)
        XCTAssertEqual(t.rawValue, 0x0029_1010)
        XCTAssertEqual(t.group, 0x0029)
        XCTAssertEqual(t.element, 0x1010)
        XCTAssertLessThan(Tag.patientName, Tag.patientID)
        XCTAssertLessThan(Tag(0x0009_FFFF), Tag(0x000A_0000))
    }

    func testPrivate() {
        for group: UInt16 in [0x0001, 0x0003, 0x0005, 0x0007] {
            XCTAssertFalse(Tag(group: group, element: 0x0010).isPrivate, "group \(group)")
            XCTAssertFalse(Tag(group: group, element: 0x0010).isPrivateCreator)
        }
        XCTAssertFalse(Tag.patientName.isPrivate)
        XCTAssertTrue(Tag(group: 0x0009, element: 0x0010).isPrivate)
        XCTAssertTrue(Tag(group: 0x0029, element: 0x1010).isPrivate)
        XCTAssertTrue(Tag(group: 0x0029, element: 0x0010).isPrivateCreator)
        XCTAssertTrue(Tag(group: 0x0029, element: 0x00FF).isPrivateCreator)
        XCTAssertFalse(Tag(group: 0x0029, element: 0x0100).isPrivateCreator)
        XCTAssertFalse(Tag(group: 0x0029, element: 0x1010).isPrivateCreator)
    }

    func testPrivateCreatorTag() {
        XCTAssertEqual(Tag(group: 0x0029, element: 0x1010).privateCreatorTag, Tag(group: 0x0029, element: 0x0010))
        XCTAssertEqual(Tag(group: 0x0029, element: 0xFF01).privateCreatorTag, Tag(group: 0x0029, element: 0x00FF))
        XCTAssertNil(Tag(group: 0x0029, element: 0x0010).privateCreatorTag)
        XCTAssertNil(Tag.patientName.privateCreatorTag)
    }

    func testGroupLength() {
        XCTAssertTrue(Tag(group: 0x0008, element: 0x0000).isGroupLength)
        XCTAssertFalse(Tag.patientName.isGroupLength)
    }
}
