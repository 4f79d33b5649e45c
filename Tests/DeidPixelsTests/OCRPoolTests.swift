import XCTest
import DICOMCore
import DICOMStream
@testable import DICOMPixels
@testable import DeidPixels

/// Reading on several engines at once must find what one engine finds.
final class OCRPoolTests: XCTestCase {
    func testTwoEnginesReadAsOne() throws {
        guard let a = try? OCREngine(), let b = try? OCREngine() else { throw XCTSkip("Tesseract's eng model is not installed") }
        let g = ImageGeometry(rows: 512, columns: 512)
        let texts = [("MORRIS TED", 40, 30), ("03/15/1962", 40, 90), ("5 cm", 300, 400), ("L", 440, 200), ("ID 4711235", 260, 470)]
        let (fb, boxes) = Gen.frame(g, texts: texts, light: true)
        var one = Gen.record(g, pixels: Gen.native([fb]))
        var two = one
        let r1 = try PixelRedactor(options: RedactionOptions(), engine: a).redact(&one)
        let pool = PixelRedactor(options: RedactionOptions(), engine: a, helpers: [b])
        XCTAssertEqual(pool.pool.engines.count, 2)
        let r2 = try pool.redact(&two)
        XCTAssertGreaterThan(r1.boxesMasked, 0)
        XCTAssertEqual(r2.wordsFound, r1.wordsFound)
        XCTAssertEqual(r2.boxesMasked, r1.boxesMasked)
        XCTAssertEqual(try two.file.dataset[.pixelData]?.bulk?.loadBytes(), try one.file.dataset[.pixelData]?.bulk?.loadBytes(), "same pixels masked")
        let out = try FrameSource(
            data: try XCTUnwrap(two.file.dataset[.pixelData]?.bulk).loadBytes(),
            encoding: .native, geometry: g, dataset: two.file.dataset
        ).frame(0)
        XCTAssertTrue(out.allEqual(boxes[0], [0]), "name masked")
        XCTAssertTrue(out.sameRegion(boxes[2].padded(4), as: fb), "\"5 cm\" kept")
    }

    /// Results come back in job order whichever worker ran them.
    func testResultsInJobOrder() throws {
        guard let a = try? OCREngine(), let b = try? OCREngine() else { throw XCTSkip("Tesseract's eng model is not installed") }
        let g = ImageGeometry(rows: 512, columns: 512)
        let texts = [("MORRIS TED", 40, 30), ("03/15/1962", 40, 160), ("ID 4711235", 260, 300), ("5 cm", 300, 440)]
        let (fb, _) = Gen.frame(g, texts: texts, light: true)
        let gray = GrayRenderer.render(fb, photometric: "MONOCHROME2", palette: nil)
        let redactor = PixelRedactor(options: RedactionOptions(), engine: a)
        let pictures = redactor.regionPictures(gray, regions: TextPreCheck().regions(gray))
        XCTAssertGreaterThanOrEqual(pictures.count, 4)
        let jobs = pictures.map { OCRJob(image: $0.image, sparse: true, scale: $0.scale, origin: $0.origin) }
        let text = { (r: [[OCRWord]]) in r.map { $0.map(\.text).joined(separator: " ") } }
        let serial = text(OCRPool(engines: [a]).run(jobs))
        XCTAssertTrue(serial.contains("MORRIS TED"), "\(serial)")
        XCTAssertEqual(text(OCRPool(engines: [a, b]).run(jobs)), serial)
    }
}
