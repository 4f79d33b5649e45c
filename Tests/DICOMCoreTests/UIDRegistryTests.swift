import XCTest
@testable import DICOMCore

final class UIDRegistryTests: XCTestCase {
    func testSOPClassNames() {
        XCTAssertEqual(UIDRegistry.sopClassName("1.2.840.10008.5.1.4.1.1.2"), "CT Image Storage")
        XCTAssertEqual(UIDRegistry.sopClassName("1.2.840.10008.5.1.4.1.1.2\0"), "CT Image Storage")
        XCTAssertEqual(UIDRegistry.sopClassName("1.2.840.10008.5.1.4.1.1.4"), "MR Image Storage")
        XCTAssertNil(UIDRegistry.sopClassName("1.2.840.10008.1.2.1"))  // a transfer syntax
        XCTAssertNil(UIDRegistry.sopClassName("1.3.12.2.1107.5.9.1"))  // private
        XCTAssertNil(UIDRegistry.sopClassName(""))
        XCTAssertEqual(
            UIDRegistry.sopClassNames.count,
            generatedSOPClassText.split(separator: "\n").count)
    }

    func testWellKnown() {
        XCTAssertTrue(UIDRegistry.isWellKnown("1.2.840.10008.1.2.1"))
        XCTAssertTrue(UIDRegistry.isWellKnown("1.2.840.10008.1.2.1\0"))
        XCTAssertTrue(UIDRegistry.isWellKnown("1.2.840.10008.5.1.4.1.1.2"))
        XCTAssertTrue(UIDRegistry.isWellKnown("1.2.840.10008.1.4.1.1"))  // Talairach frame of reference
        XCTAssertTrue(UIDRegistry.isWellKnown("1.3.12.2.1107.5.9.1"))  // Siemens CSA Non-Image
        XCTAssertTrue(UIDRegistry.isWellKnown("1.2.840.113619.5.2"))  // GE private transfer syntax
    }

    func testInstanceUIDsAreNotWellKnown() {
        XCTAssertFalse(UIDRegistry.isWellKnown("1.2.3.4.5"))
        XCTAssertFalse(UIDRegistry.isWellKnown("2.25.329800735698586629295641978511506172918"))
        XCTAssertFalse(UIDRegistry.isWellKnown(""))
        XCTAssertFalse(UIDRegistry.isWellKnown("1.2.840.10008"))
        XCTAssertFalse(UIDRegistry.isWellKnown("1.2.840.100081.2"))
        // Same vendor root as a private SOP class, but an instance.
        XCTAssertFalse(UIDRegistry.isWellKnown("1.3.12.2.1107.5.1.4.10016.30000023072501543220300000001"))
        XCTAssertFalse(UIDRegistry.isWellKnown("1.2.840.113619.2.55.3.2831164355.763.1234567890.1"))
    }
}
