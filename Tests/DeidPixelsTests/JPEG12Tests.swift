import Foundation
import SharedTestSupport
import XCTest
import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream
@testable import DICOMPixels
@testable import DeidPixels

/// 12-bit JPEG (process 2/4) through libijg12: decoding checked sample for sample against
/// dcmtk's dcmdjpeg, and DCT-domain masking checked to change only the blocks under a box.
final class JPEG12Tests: XCTestCase {
    /// A new engine each time: an engine is not thread safe, so none is shared (static).
    static var engine: OCREngine? { try? OCREngine() }

    // MARK: helpers

    static func tool(_ name: String) throws -> String {
        guard let t = ["/usr/bin/", "/usr/local/bin/"].map({ $0 + name }).first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { throw XCTSkip("\(name) (dcmtk) not installed") }
        return t
    }

    var tmp: URL!
    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("jpeg12-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    func run(_ tool: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
        try p.run(); p.waitUntilExit()
        return p.terminationStatus
    }

    /// `record`'s file written as Part 10, with the meta elements dcmtk wants.
    func write(_ record: Record, to path: String) throws {
        var file = record.file
        file.meta.setString(Tag(0x0002_0002), "1.2.840.10008.5.1.4.1.1.7", vr: .UI)
        file.meta.setString(Tag(0x0002_0003), "1.2.3.4.5", vr: .UI)
        file.meta.setString(.transferSyntaxUID, file.transferSyntax.uid, vr: .UI)
        try Data(Part10Writer().encode(file)).write(to: URL(fileURLWithPath: path))
    }

    /// A record holding `frames` compressed by dcmcjpeg as 12-bit JPEG Extended.
    func compressed12(_ g: ImageGeometry, _ frames: [FrameBuffer], name: String = "in") throws -> Record {
        let cjpeg = try Self.tool("dcmcjpeg")
        let src = tmp.appendingPathComponent("\(name)-native.dcm").path, dst = tmp.appendingPathComponent("\(name)-jpeg.dcm").path
        try write(Gen.record(g, pixels: Gen.native(frames)), to: src)
        XCTAssertEqual(try run(cjpeg, ["+ee", src, dst]), 0, "dcmcjpeg +ee")
        let file = try Part10Reader().read(contentsOf: dst)
        XCTAssertEqual(file.transferSyntax.uid, "1.2.840.10008.1.2.4.51")
        return Record(source: dst, file: file)
    }

    /// dcmdjpeg's decoding of `record`'s pixel data, frame `f`.
    func dcmdjpeg(_ record: Record, frame f: Int = 0, name: String = "ref") throws -> FrameBuffer {
        let djpeg = try Self.tool("dcmdjpeg")
        let src = tmp.appendingPathComponent("\(name)-in.dcm").path, out = tmp.appendingPathComponent("\(name)-out.dcm").path
        try write(record, to: src)
        XCTAssertEqual(try run(djpeg, [src, out]), 0, "dcmdjpeg")
        let ref = try Part10Reader().read(contentsOf: out)
        let rg = try ImageGeometry(ref.dataset)
        return try NativeCodec.frame(try XCTUnwrap(ref.dataset[.pixelData]?.bulk).loadBytes(), index: f, geometry: rg)
    }

    func source(_ r: Record) throws -> FrameSource {
        let g = try ImageGeometry(r.file.dataset)
        let enc = PixelEncoding(r.file.transferSyntax, bitsAllocated: g.bitsAllocated)
        return try FrameSource(
            data: try XCTUnwrap(r.file.dataset[.pixelData]?.bulk).loadBytes(), encoding: enc,
            geometry: g, dataset: r.file.dataset)
    }

    /// Samples differing between two frames (same size and sample count assumed).
    func differences(_ a: FrameBuffer, _ b: FrameBuffer, outside skip: PixelRect? = nil) -> Int {
        var bad = 0
        for y in 0..<a.height {
            for x in 0..<a.width {
                if let skip, skip.intersects(PixelRect(x: x, y: y, width: 1, height: 1)) { continue }
                for s in 0..<a.samples where a.value(x, y, s) != b.value(x, y, s) { bad += 1 }
            }
        }
        return bad
    }

    /// `r` widened to whole blocks of `size` pixels.
    func blockAligned(_ r: PixelRect, _ size: Int) -> PixelRect {
        let x0 = r.x / size * size, y0 = r.y / size * size
        let x1 = (r.maxX + size - 1) / size * size, y1 = (r.maxY + size - 1) / size * size
        return PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// A 12-bit test picture: gradients, noise and hard edges, so every block has AC energy.
    func picture(_ g: ImageGeometry, seed: UInt32 = 99) -> FrameBuffer {
        var fb = FrameBuffer(zeroLike: g)
        var r = seed
        for y in 0..<g.rows {
            for x in 0..<g.columns {
                for s in 0..<g.samplesPerPixel {
                    r = r &* 1103515245 &+ 12345
                    let edge = ((x / 13) + (y / 11)) % 2 == 0 ? 1500 : 0
                    let v = (x * 9 + y * 5 + s * 700) % 2000 + edge + Int(r >> 20) % 300
                    fb.set(x, y, s, Int32(min(4095, v)))
                }
            }
        }
        return fb
    }

    // MARK: without ../shared

    func testSamplePrecisionFromFrameHeader() {
        let sof1: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xC1, 0x00, 0x0B, 12, 0, 8, 0, 8, 1, 1, 0x11, 0]
        XCTAssertEqual(JPEG12Codec.samplePrecision(sof1), 12)
        var sof0 = sof1; sof0[9] = 0xC0; sof0[12] = 8
        XCTAssertEqual(JPEG12Codec.samplePrecision(sof0), 8)
        // A DHT (C4) is not a frame header; a scan before any SOF, or no SOI, gives nil.
        var dht = sof1; dht[9] = 0xC4
        XCTAssertNil(JPEG12Codec.samplePrecision(dht))
        XCTAssertNil(JPEG12Codec.samplePrecision([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0, 0]))
        XCTAssertNil(JPEG12Codec.samplePrecision(Array(sof1.dropFirst(2))))
        XCTAssertNil(JPEG12Codec.samplePrecision(Array(sof1.prefix(12))))
    }

    func testExtendedSyntaxGoesToTheJPEGPathAtAnyBitsAllocated() {
        let ts = TransferSyntax(uid: "1.2.840.10008.1.2.4.51")
        XCTAssertEqual(PixelEncoding(ts, bitsAllocated: 16), .jpeg)
        XCTAssertEqual(PixelEncoding(ts, bitsAllocated: 8), .jpeg)
    }

    func testDamagedDataThrowsInsteadOfExiting() throws {
        let g = ImageGeometry(rows: 8, columns: 8, bitsAllocated: 16, bitsStored: 12)
        // SOF1 header cut short, then end of data: libijg12's error exit must come back as a throw.
        let cut: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC1, 0x00, 0x0B, 12, 0, 8, 0]
        XCTAssertThrowsError(try JPEG12Codec.decode(cut, geometry: g)) { XCTAssertTrue("\($0)".hasPrefix("12-bit JPEG:"), "\($0)") }
        XCTAssertThrowsError(try JPEG12Codec.maskBlocks(cut, rects: [PixelRect(x: 0, y: 0, width: 8, height: 8)], level: 0, geometry: g))
        XCTAssertThrowsError(try JPEG12Codec.decode([1, 2, 3, 4, 5], geometry: g))
        XCTAssertThrowsError(try JPEG12Codec.decode([], geometry: g))
    }

    /// A frame is decoded into a buffer of the header's size: a frame of another size, or
    /// of as many samples in another shape (rows and columns swapped, or gray read as
    /// three components), is refused with both sizes named.
    func testFrameOfAnotherShapeThanTheHeaderIsRefused() throws {
        let g = ImageGeometry(rows: 24, columns: 40, bitsAllocated: 16, bitsStored: 12)
        let record = try compressed12(g, [picture(g)])
        let frame = try Encapsulation.frames(try XCTUnwrap(record.file.dataset[.pixelData]?.bulk).loadBytes(), count: 1)[0]
        XCTAssertEqual(try JPEG12Codec.decode(frame, geometry: g).bytes.count, 24 * 40 * 2)
        for (rows, columns, samples) in [(24, 41, 1), (40, 24, 1), (8, 40, 3)] {
            let other = ImageGeometry(rows: rows, columns: columns, samplesPerPixel: samples, bitsAllocated: 16, bitsStored: 12)
            XCTAssertThrowsError(try JPEG12Codec.decode(frame, geometry: other)) {
                XCTAssertEqual("\($0)", "12-bit JPEG frame is 40x24x1, header says \(columns)x\(rows)x\(samples)")
            }
        }
    }

    /// A generated monochrome image compressed by dcmcjpeg: decoded as dcmdjpeg does, and
    /// masked so that only the blocks under the box change, to the fill, and the result is
    /// still a JPEG that dcmdjpeg reads the same way.
    func testGeneratedMonochromeMatchesDcmdjpegAndMasksOnlyBoxBlocks() throws {
        let g = ImageGeometry(rows: 150, columns: 203, bitsAllocated: 16, bitsStored: 12)
        let record = try compressed12(g, [picture(g)])
        let src = try source(record)
        XCTAssertTrue(src.is12Bit(0))
        let ours = try src.frame(0)
        XCTAssertEqual(differences(ours, try dcmdjpeg(record)), 0, "samples equal dcmdjpeg's")
        let gray = try src.gray(0)
        XCTAssertEqual([gray.width, gray.height], [203, 150])

        let box = PixelRect(x: 21, y: 37, width: 50, height: 19)
        for (fill, level) in [(Int32(0), Int32(0)), (4095, 4095)] {
            var masked = record
            let np = try src.masked([box], fill: [fill])
            masked.file.dataset.insert(
                Element(
                    tag: .pixelData, vr: .OB, value: .bulk(BulkData(bytes: np.bytes, encapsulated: true)),
                    undefinedLength: true))
            let after = try source(masked).frame(0)
            let blocks = blockAligned(box, 8)
            XCTAssertTrue(after.allEqual(blocks, [level]), "every pixel of the box's blocks is \(level)")
            XCTAssertEqual(differences(after, ours, outside: blocks), 0, "nothing outside the box's blocks changes")
            XCTAssertEqual(differences(after, try dcmdjpeg(masked, name: "masked\(level)")), 0, "dcmdjpeg reads the masked JPEG the same")
        }
    }

    /// Colour (dcmcjpeg writes YBR_FULL_422, chroma subsampled): decoded to RGB as dcmdjpeg
    /// does; a black mask is black, and only pixels near the box's 16x16 MCUs change.
    func testGeneratedColourMatchesDcmdjpegAndMasksToBlack() throws {
        let g = ImageGeometry(rows: 96, columns: 120, samplesPerPixel: 3, bitsAllocated: 16, bitsStored: 12, photometric: "RGB")
        let record = try compressed12(g, [picture(g, seed: 5)])
        let cg = try ImageGeometry(record.file.dataset)
        XCTAssertEqual(cg.samplesPerPixel, 3)
        XCTAssertTrue(cg.photometric.hasPrefix("YBR"), cg.photometric)
        let src = try source(record)
        XCTAssertTrue(src.is12Bit(0))
        let ours = try src.frame(0)
        XCTAssertEqual(ours.samples, 3)
        XCTAssertEqual(differences(ours, try dcmdjpeg(record)), 0, "RGB samples equal dcmdjpeg's (\(cg.photometric))")

        // At least one chroma sample inside the box's 16x16 MCUs on every side.
        let box = PixelRect(x: 40, y: 20, width: 30, height: 20)
        let np = try src.masked([box], fill: [0, 2048, 2048])
        var masked = record
        masked.file.dataset.insert(
            Element(
                tag: .pixelData, vr: .OB, value: .bulk(BulkData(bytes: np.bytes, encapsulated: true)),
                undefinedLength: true))
        let after = try source(masked).frame(0)
        XCTAssertTrue(after.allEqual(box, [0, 0, 0]), "box reads black")
        // Upsampling mixes each chroma sample with its neighbours: one sample (2 pixels) of spread.
        XCTAssertEqual(differences(after, ours, outside: blockAligned(box, 16).padded(2)), 0, "rest unchanged")
    }

    /// End to end: burned-in text in a 12-bit JPEG image is found and masked in the DCT
    /// domain; the file stays 12-bit JPEG Extended and the clinical labels are untouched.
    func testRedactorMasksTextIn12BitJPEG() throws {
        guard let engine = Self.engine else { throw XCTSkip("Tesseract's eng model is not installed") }
        let g = ImageGeometry(rows: 512, columns: 512, bitsAllocated: 16, bitsStored: 12)
        let texts = [("MORRIS TED", 40, 30), ("03/15/1962", 40, 90), ("5 cm", 300, 400)]
        let (fb, boxes) = Gen.frame(g, texts: texts, light: true)
        var record = try compressed12(g, [fb])
        let before = try source(record).frame(0)
        let report = try PixelRedactor(options: RedactionOptions(), engine: engine).redact(&record)
        XCTAssertTrue(report.examined)
        XCTAssertGreaterThanOrEqual(report.boxesMasked, 2)
        XCTAssertEqual(record.file.transferSyntax.uid, "1.2.840.10008.1.2.4.51")
        XCTAssertEqual(record.file.dataset.string(Tag(0x0028_0301)), "NO")
        let after = try source(record).frame(0)
        XCTAssertTrue(after.allEqual(boxes[0], [0]), "name masked")
        XCTAssertTrue(after.allEqual(boxes[1], [0]), "date masked")
        XCTAssertEqual(differences(after, before, outside: PixelRect(x: 0, y: 0, width: 512, height: 300)), 0, "\"5 cm\" and the rest kept")
    }

    // MARK: corpus

    /// Every 12-bit JPEG Extended file of the corpus, decoded here and by dcmdjpeg, sample for sample.
    func testCorpusMatchesDcmdjpeg() throws {
        let rows = try Corpus.catalog().filter { ($0.columns["transfer_syntax"] ?? "").contains("JPEG Extended") }
        _ = try Self.tool("dcmdjpeg")
        var exact: [String] = [], other: [String] = []
        for row in rows {
            let name = URL(fileURLWithPath: row.path).lastPathComponent
            let file = try Part10Reader().read(contentsOf: row.path)
            let record = Record(source: row.path, file: file)
            let src = try source(record)
            guard src.is12Bit(0) else { other.append(name); continue }
            let g = try ImageGeometry(file.dataset)
            let ref = try dcmdjpeg(record, name: name)
            for f in 0..<g.frames {
                XCTAssertEqual(
                    differences(try src.frame(f), f == 0 ? ref : try dcmdjpeg(record, frame: f, name: name)), 0,
                    "\(name) frame \(f) equals dcmdjpeg")
            }
            exact.append(name)
        }
        print("12-bit JPEG corpus: compared \(exact); 8-bit, not compared: \(other)")
        XCTAssertGreaterThan(exact.count, 0)
    }

    /// A real 12-bit file: masking changes only the blocks under the box, which read as the fill.
    func testCorpusMaskChangesOnlyBoxBlocks() throws {
        // The catalog is read outside XCTUnwrap: an XCTSkip thrown inside it counts as an error.
        let catalog = try Corpus.catalog()
        let row = try XCTUnwrap(catalog.first { $0.path.hasSuffix("MR1_JPLY") }, "MR1_JPLY in the corpus")
        let record = Record(source: row.path, file: try Part10Reader().read(contentsOf: row.path))
        let src = try source(record)
        XCTAssertTrue(src.is12Bit(0))
        let before = try src.frame(0)
        let boxes = [PixelRect(x: 3, y: 5, width: 90, height: 14), PixelRect(x: 400, y: 470, width: 112, height: 42)]
        let np = try src.masked(boxes, fill: [0])
        var masked = record
        masked.file.dataset.insert(
            Element(
                tag: .pixelData, vr: .OB, value: .bulk(BulkData(bytes: np.bytes, encapsulated: true)),
                undefinedLength: true))
        let after = try source(masked).frame(0)
        let blocks = boxes.map { blockAligned($0, 8) }
        for b in blocks { XCTAssertTrue(after.allEqual(b, [0]), "\(b) is black") }
        var bad = 0
        for y in 0..<before.height {
            for x in 0..<before.width
            where !blocks.contains(where: { $0.intersects(PixelRect(x: x, y: y, width: 1, height: 1)) })
                && after.value(x, y, 0) != before.value(x, y, 0)
            {
                bad += 1
            }
        }
        XCTAssertEqual(bad, 0, "pixels outside the masked blocks unchanged")
        XCTAssertGreaterThan(differences(after, before), 0, "something was masked")
    }
}
