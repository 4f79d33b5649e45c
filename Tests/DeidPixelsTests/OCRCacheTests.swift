import SharedTestSupport
import XCTest
import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream
@testable import DICOMPixels
@testable import DeidPixels

/// The OCR cache answers a picture met again with the reading Tesseract gave it: what is
/// masked and decided is exactly what a fresh read gives, with fewer Tesseract calls.
final class OCRCacheTests: XCTestCase {
    func engines() throws -> (cached: OCREngine, fresh: OCREngine) {
        guard let a = try? OCREngine(), let b = try? OCREngine() else { throw XCTSkip("Tesseract's eng model is not installed") }
        a.cache = OCRCache()
        b.cache = nil
        return (a, b)
    }

    static func pixels(_ r: Record) throws -> [UInt8]? { try r.file.dataset[.pixelData]?.bulk?.loadBytes() }

    /// One frame read twice: the second read makes no Tesseract call and masks the same
    /// pixels, as an engine without a cache does.
    func testSameFrameReadTwiceIsReadOnce() throws {
        let (cached, fresh) = try engines()
        let g = ImageGeometry(rows: 512, columns: 512)
        let texts = [("MORRIS TED", 40, 30), ("03/15/1962", 40, 90), ("5 cm", 300, 400), ("ID 4711235", 260, 470)]
        let (fb, boxes) = Gen.frame(g, texts: texts, light: true)
        let original = Gen.record(g, pixels: Gen.native([fb]))
        let redactor = PixelRedactor(options: RedactionOptions(), engine: cached)
        var first = original, second = original, reference = original
        let r1 = try redactor.redact(&first)
        let calls = cached.recognitions
        XCTAssertGreaterThan(calls, 0)
        let r2 = try redactor.redact(&second)
        XCTAssertEqual(cached.recognitions, calls, "the second read of the same frame calls Tesseract no more")
        XCTAssertEqual(cached.cache?.counts.hits, calls, "every call of the second read answered by the cache")
        let r0 = try PixelRedactor(options: RedactionOptions(), engine: fresh).redact(&reference)
        XCTAssertGreaterThan(r1.boxesMasked, 0)
        for r in [r2, r0] {
            XCTAssertEqual(r.wordsFound, r1.wordsFound)
            XCTAssertEqual(r.boxesMasked, r1.boxesMasked)
        }
        XCTAssertEqual(try Self.pixels(second), try Self.pixels(first))
        XCTAssertEqual(try Self.pixels(reference), try Self.pixels(first), "same pixels masked as without the cache")
        XCTAssertNotEqual(try Self.pixels(first), try Self.pixels(original))
        let out = try FrameSource(
            data: try XCTUnwrap(Self.pixels(second)), encoding: .native, geometry: g,
            dataset: second.file.dataset
        ).frame(0)
        XCTAssertTrue(out.allEqual(boxes[0], [0]), "name masked from the cached reading")
    }

    /// Words, boxes (mapped by each call's own scale and origin) and line numbers (which
    /// go on from the engine's previous call) are those of a fresh read; another setting
    /// or a single changed pixel is another key.
    func testCachedWordsEqualFreshWords() throws {
        let (cached, fresh) = try engines()
        let g = ImageGeometry(rows: 512, columns: 512)
        let (fb, _) = Gen.frame(g, texts: [("MORRIS TED", 40, 30), ("ID 4711235", 260, 300)], light: true)
        let gray = GrayRenderer.render(fb, photometric: "MONOCHROME2", palette: nil)
        let finder = try OCREngine()
        finder.cache = nil
        let pictures = PixelRedactor(options: RedactionOptions(), engine: finder).regionPictures(gray, regions: TextPreCheck().regions(gray))
        let a = try XCTUnwrap(pictures.first { p in finder.words(in: p.image).contains { $0.text.contains("MORRIS") } }).image
        var b = a
        b.pixels[0] ^= 1
        let calls: [(GrayImage, Bool, PictureScale, (x: Double, y: Double))] = [
            (a, true, 1, (0, 0)), (b, true, 1, (0, 0)), (a, true, 2, (5, 7)), (a, false, 1, (0, 0)), (a, true, 1, (3, 0))
        ]
        for (img, sparse, scale, origin) in calls {
            let w1 = cached.words(in: img, sparse: sparse, scale: scale, origin: origin)
            let w0 = fresh.words(in: img, sparse: sparse, scale: scale, origin: origin)
            XCTAssertEqual(w1, w0)
            if sparse { XCTAssertTrue(w1.contains { $0.text.contains("MORRIS") }, "\(w1.map(\.text))") }
        }
        XCTAssertEqual(cached.recognitions, 3, "the first picture, its changed copy, and the automatic mode")
        XCTAssertEqual(fresh.recognitions, calls.count)
        XCTAssertEqual(cached.cache?.counts.entries, 3)
    }

    /// The cache keeps at most its bound, dropping the least recently used first.
    func testBoundedLeastRecentlyUsed() {
        let cache = OCRCache(maxEntries: 8)
        func key(_ i: Int) -> OCRCache.Key {
            OCRCache.key(GrayImage(width: 4, height: 4, pixels: [UInt8](repeating: UInt8(i), count: 16)), settings: "t")
        }
        let reading = OCRReading(words: [], lines: 0)
        for i in 0..<8 { cache.insert(key(i), reading) }
        XCTAssertNotNil(cache.reading(key(0)), "key 0 used last")
        for i in 8..<12 { cache.insert(key(i), reading) }
        XCTAssertLessThanOrEqual(cache.counts.entries, 8)
        XCTAssertNotNil(cache.reading(key(0)))
        XCTAssertNotNil(cache.reading(key(11)))
        XCTAssertNil(cache.reading(key(1)), "the least recently used went first")
        let small = OCRCache(maxEntries: 100, maxBytes: 1000)
        for i in 0..<100 {
            small.insert(
                key(i),
                OCRReading(
                    words: [.init(text: String(repeating: "x", count: 100), left: 0, top: 0, right: 1, bottom: 1, confidence: 90, line: 1)], lines: 1)
            )
        }
        XCTAssertLessThanOrEqual(small.counts.entries, 1000 / 212 + 1, "bounded in bytes too")
    }

    /// Corpus images with burned-in text, every frame read and the whole set twice over
    /// with one cache, give exactly what an engine without a cache gives.
    func testCorpusImagesSameWithAndWithoutCache() throws {
        let (cached, fresh) = try engines()
        // A cine, a two-frame ultrasound, a CT with its annotation, the same image under
        // two LUTs, a text-dense ultrasound.
        let names = ["GREYSCALE_CINE", "OBXXXX1A_2frame", "CT-MONO2-16-ankle", "mlut_18", "vlut_04", "US1_UNCR"]
        let entries = try Corpus.catalog().filter { e in
            e.columns["burned_text"] == "yes" && names.contains { e.path.hasSuffix($0 + ".dcm") }
        }
        XCTAssertEqual(entries.count, names.count)
        var options = RedactionOptions()
        options.frames = .every
        let withCache = PixelRedactor(options: options, engine: cached)
        let without = PixelRedactor(options: options, engine: fresh)
        var compared = 0, masked = 0
        for e in entries {
            guard let file = try? Part10Reader().read(contentsOf: e.path) else { continue }
            let original = Record(source: e.path, file: file)
            var a = original, b = original, c = original
            guard let ra = try? withCache.redact(&a) else { continue }
            let rb = try withCache.redact(&b)
            let rc = try without.redact(&c)
            let name = (e.path as NSString).lastPathComponent
            for (r, x) in [(rb, b), (rc, c)] {
                XCTAssertEqual(r.boxesMasked, ra.boxesMasked, name)
                XCTAssertEqual(r.wordsFound, ra.wordsFound, name)
                XCTAssertEqual(try Self.pixels(x), try Self.pixels(a), name)
                XCTAssertEqual(x.file.transferSyntax, a.file.transferSyntax, name)
            }
            compared += 1
            if ra.boxesMasked > 0 { masked += 1 }
        }
        XCTAssertEqual(compared, names.count)
        XCTAssertGreaterThanOrEqual(masked, 2, "some images masked")
        let counts = try XCTUnwrap(cached.cache?.counts)
        XCTAssertLessThan(cached.recognitions, fresh.recognitions, "pictures repeated within and across images read once")
        XCTAssertGreaterThanOrEqual(counts.hits, cached.recognitions, "the second pass answered wholly by the cache")
        print(
            "OCR cache over \(compared) corpus images read twice: \(counts.hits) hits, \(counts.misses) misses; Tesseract calls \(cached.recognitions) with the cache, \(fresh.recognitions) without"
        )
    }
}
