import DICOMCore
import DICOMPart10
import XCTest

/// `Part10Reader.Options.stopAfter`: the top-level data set is read up to a tag and no
/// further (dcm-parse --list-shares --by study reads headers only up to the Study UID).
final class StopAfterTests: XCTestCase {
    /// An implicit VR data set: a sequence (with an item holding a later-numbered tag), the
    /// Study Instance UID, then a Pixel Data element whose length runs past the end.
    func dataSet() -> [UInt8] {
        var b = ByteBuilder()
        b.implicit(0x0008_0016, Fixture.sopClass, vr: "UI")
        b.implicitHeader(0x0008_1115, length: 0xFFFF_FFFF)
        b.item()
        b.implicit(0x0020_000E, "1.2.3.9", vr: "UI")  // nested, after the stop tag: still read
        b.itemDelimiter()
        b.sequenceDelimiter()
        b.implicit(0x0020_000D, "1.2.3.4", vr: "UI")
        b.implicit(0x0020_0010, "ST1")
        b.implicitHeader(0x7FE0_0010, length: 1 << 20)
        b.out += [1, 2, 3, 4]
        return b.out
    }

    func testReadingStopsAfterTheTag() throws {
        XCTAssertThrowsError(try Part10Reader().read(bytes: dataSet()), "the whole set is cut off in the pixels")
        var options = Part10Reader.Options()
        options.stopAfter = .studyInstanceUID
        let file = try Part10Reader(options: options).read(bytes: dataSet())
        XCTAssertEqual(file.dataset.string(.studyInstanceUID), "1.2.3.4")
        XCTAssertEqual(file.dataset.elements.map(\.tag.rawValue), [0x0008_0016, 0x0008_1115, 0x0020_000D])
    }

    func testAnAbsentTagStopsAtTheFirstLaterOne() throws {
        var options = Part10Reader.Options()
        options.stopAfter = Tag(0x0020_0001)  // not present: reading ends before (0020,000D)
        let file = try Part10Reader(options: options).read(bytes: dataSet())
        XCTAssertEqual(file.dataset.elements.map(\.tag.rawValue), [0x0008_0016, 0x0008_1115])
    }
}
