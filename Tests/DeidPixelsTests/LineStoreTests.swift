import CTesseractLineStore
import DICOMPart10
import DICOMStream
import SharedTestSupport
import XCTest
@testable import DICOMPixels
@testable import DeidPixels

/// Tesseract's in-memory line images are kept uncompressed (CTesseractLineStore): its calls
/// must reach this process's pixWriteMem, and what it reads must not change.
final class LineStoreTests: XCTestCase {
    override func tearDown() { dcm_line_store_set_raw(1) }

    /// Two lines of text over a speckled ground, read in both page modes: every line image
    /// Tesseract stores goes through the raw store (so the interposition is in effect in
    /// this binary), and the words, boxes, confidences and lines are those read with
    /// leptonica's PNG.
    func testReadingsAreThoseOfPNGLineImages() throws {
        let engine = try OCREngine.installedOrSkip()
        engine.cache = nil
        let w = 460, h = 120
        // A fixed speckle (a linear congruential sequence), so every run reads the same.
        var seed: UInt32 = 12345
        var px = (0..<(w * h)).map { _ -> UInt8 in
            seed = seed &* 1_103_515_245 &+ 12345
            return UInt8(200 + Int(seed >> 16) % 40)
        }
        for (text, y) in [("MORRIS TED", 15), ("ID 4711235", 65)] {
            Glyphs.draw(text, x0: 20, y0: y, scale: 2) { x, y in px[y * w + x] = 40 }
        }
        let picture = GrayImage(width: w, height: h, pixels: px)
        for sparse in [true, false] {
            dcm_line_store_set_raw(1)
            let before = dcm_line_store_raw_count()
            let raw = engine.words(in: picture, sparse: sparse)
            XCTAssertGreaterThan(dcm_line_store_raw_count(), before, "Tesseract's pixWriteMem calls did not reach the store")
            dcm_line_store_set_raw(0)
            let off = dcm_line_store_raw_count()
            let png = engine.words(in: picture, sparse: sparse)
            XCTAssertEqual(dcm_line_store_raw_count(), off)
            XCTAssertTrue(raw.map(\.text).joined(separator: " ").contains("MORRIS"), "\(raw.map(\.text))")
            XCTAssertEqual(raw.map(\.text), png.map(\.text))
            XCTAssertEqual(raw.map(\.box), png.map(\.box))
            XCTAssertEqual(raw.map(\.confidence), png.map(\.confidence))
            XCTAssertEqual(raw.map { $0.line - raw[0].line }, png.map { $0.line - png[0].line })
        }
    }

    /// Real images with burned-in text, through the whole redactor: the same boxes and the
    /// same pixel data either way.
    func testCorpusRedactionsAreUnchanged() throws {
        let engine = try OCREngine.installedOrSkip()
        let entries = try Corpus.catalog().filter { $0.columns["burned_text"] == "yes" }.prefix(3)
        XCTAssertFalse(entries.isEmpty)
        var compared = 0
        for e in entries {
            guard let file = try? Part10Reader().read(contentsOf: e.path) else { continue }
            var results: [(Int, [UInt8]?)] = []
            for raw: Int32 in [1, 0] {
                dcm_line_store_set_raw(raw)
                engine.cache = nil
                var record = Record(source: e.path, file: file)
                let report = try PixelRedactor(options: RedactionOptions(), engine: engine).redact(&record)
                results.append((report.boxesMasked, try record.file.dataset[.pixelData]?.bulk?.loadBytes()))
            }
            XCTAssertEqual(results[0].0, results[1].0, e.path)
            XCTAssertTrue(results[0].1 == results[1].1, e.path)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 0)
    }
}
