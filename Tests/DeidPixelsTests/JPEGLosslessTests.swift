import SharedTestSupport
import Foundation
import XCTest
import DICOMCore
import DICOMObject
import DICOMPart10
@testable import DICOMPixels
@testable import DeidPixels

/// A deliberately plain process-14 encoder for fixtures: every difference category has a
/// 5-bit code equal to the category.
enum LosslessFixture {
    struct BitWriter {
        var out: [UInt8] = []
        var acc = 0, n = 0
        mutating func put(_ v: Int, _ bits: Int) {
            for k in stride(from: bits - 1, through: 0, by: -1) {
                acc = acc << 1 | (v >> k) & 1; n += 1
                if n == 8 { out.append(UInt8(acc)); if acc == 0xFF { out.append(0) }; acc = 0; n = 0 }
            }
        }
        mutating func flush() { while n != 0 { put(1, 1) } }
    }

    static func u16(_ v: Int) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }

    /// Encodes planes (`width * height` samples each, low `pt` bits ignored).
    static func encode(
        _ planes: [[Int]], width: Int, height: Int, precision: Int, predictor: Int = 1, pt: Int = 0,
        restart: Int = 0, interleaved: Bool = true
    ) -> [UInt8] {
        var s: [UInt8] = [0xFF, 0xD8]
        var sof: [UInt8] = [UInt8(precision)] + u16(height) + u16(width) + [UInt8(planes.count)]
        for c in planes.indices { sof += [UInt8(c + 1), 0x11, 0] }
        s += [0xFF, 0xC3] + u16(sof.count + 2) + sof
        var dht: [UInt8] = [0x00] + [0, 0, 0, 0, 17] + [UInt8](repeating: 0, count: 11)
        dht += (0...16).map { UInt8($0) }
        s += [0xFF, 0xC4] + u16(dht.count + 2) + dht
        if restart > 0 { s += [0xFF, 0xDD, 0, 4] + u16(restart) }
        let groups: [[Int]] = interleaved ? [Array(planes.indices)] : planes.indices.map { [$0] }
        for comps in groups {
            var sos: [UInt8] = [UInt8(comps.count)]
            for c in comps { sos += [UInt8(c + 1), 0x00] }
            sos += [UInt8(predictor), 0, UInt8(pt)]
            s += [0xFF, 0xDA] + u16(sos.count + 2) + sos
            var w = BitWriter()
            var left = restart, rst = 0, firstRow = 0, firstX = 0
            let r = comps.map { c in planes[c].map { $0 >> pt } }
            for y in 0..<height {
                for x in 0..<width {
                    if restart > 0 {
                        if left == 0 {
                            w.flush(); w.out += [0xFF, UInt8(0xD0 + rst % 8)]; rst += 1
                            left = restart; firstRow = y; firstX = x
                        }
                        left -= 1
                    }
                    for p in r {
                        let i = y * width + x
                        var pred: Int
                        if y == firstRow {
                            pred = x == firstX ? 1 << (precision - pt - 1) : p[i - 1]
                        } else if x == 0 {
                            pred = p[i - width]
                        } else {
                            let a = p[i - 1], b = p[i - width], c = p[i - width - 1]
                            pred = [a, b, c, a + b - c, a + ((b - c) >> 1), b + ((a - c) >> 1), (a + b) >> 1][predictor - 1]
                        }
                        var d = (p[i] - pred) & 0xFFFF
                        if d >= 32768 { d -= 65536 }
                        if d == -32768 || d == 32768 { w.put(16, 5); continue }
                        let cat = d == 0 ? 0 : Int.bitWidth - abs(d).leadingZeroBitCount
                        w.put(cat, 5)
                        if cat > 0 { w.put(d > 0 ? d : d + (1 << cat) - 1, cat) }
                    }
                }
            }
            w.flush()
            s += w.out
        }
        return s + [0xFF, 0xD9]
    }

    /// Noise with flat runs and full-range jumps (so category 16 and long codes appear).
    static func planes(_ count: Int, width: Int, height: Int, precision: Int, pt: Int = 0, seed: UInt32 = 7) -> [[Int]] {
        var r = seed
        let maxV = (1 << precision) - 1
        return (0..<count).map { _ in
            (0..<(width * height)).map { i in
                r = r &* 1103515245 &+ 12345
                let v: Int
                switch (i / 5) % 4 {
                case 0: v = 0
                case 1: v = maxV
                case 2: v = Int(r >> 8) & maxV
                default: v = (i * 37) & maxV
                }
                return (v >> pt) << pt
            }
        }
    }
}

final class JPEGLosslessTests: XCTestCase {
    func testTinyEightBitImage() throws {
        let px = [10, 12, 11, 200, 0, 255, 128, 127, 1, 2, 3, 4, 250, 5, 66, 67]
        let stream = LosslessFixture.encode([px], width: 4, height: 4, precision: 8)
        let img = try JPEGLosslessCodec.decodeImage(stream)
        XCTAssertEqual(img.width, 4); XCTAssertEqual(img.height, 4); XCTAssertEqual(img.precision, 8)
        XCTAssertEqual(img.planes, [px.map(Int32.init)])
        let fb = try JPEGLosslessCodec.decode(stream, geometry: ImageGeometry(rows: 4, columns: 4))
        XCTAssertEqual(fb.bytes, px.map { UInt8($0) })
    }

    func testEveryPredictorPrecisionPointTransformAndRestart() throws {
        let w = 23, h = 9
        for precision in [2, 8, 12, 16] {
            for predictor in 1...7 {
                for (pt, restart) in [(0, 0), (0, w), (1, 5), (precision > 8 ? 3 : 1, 2 * w)] {
                    let planes = LosslessFixture.planes(1, width: w, height: h, precision: precision, pt: pt, seed: UInt32(predictor))
                    let stream = LosslessFixture.encode(
                        planes, width: w, height: h, precision: precision,
                        predictor: predictor, pt: pt, restart: restart)
                    let img = try JPEGLosslessCodec.decodeImage(stream)
                    XCTAssertEqual(
                        img.planes, planes.map { $0.map(Int32.init) },
                        "P=\(precision) predictor \(predictor) Pt=\(pt) restart \(restart)")
                }
            }
        }
    }

    func testColourInterleavedAndPerComponentScans() throws {
        let w = 17, h = 6
        let g = ImageGeometry(rows: h, columns: w, samplesPerPixel: 3, bitsAllocated: 8, photometric: "RGB")
        let planes = LosslessFixture.planes(3, width: w, height: h, precision: 8)
        for interleaved in [true, false] {
            let stream = LosslessFixture.encode(planes, width: w, height: h, precision: 8, predictor: 4, restart: 3, interleaved: interleaved)
            let fb = try JPEGLosslessCodec.decode(stream, geometry: g)
            for y in 0..<h {
                for x in 0..<w {
                    for s in 0..<3 {
                        XCTAssertEqual(fb.value(x, y, s), Int32(planes[s][y * w + x]), "interleaved \(interleaved) at \(x),\(y),\(s)")
                    }
                }
            }
        }
    }

    func testRejectsOtherProcessesAndDamage() throws {
        let good = LosslessFixture.encode([[1, 2, 3, 4]], width: 2, height: 2, precision: 8)
        var sof1 = good
        let at = try XCTUnwrap(sof1.indices.first { sof1[$0] == 0xFF && sof1[$0 + 1] == 0xC3 })
        sof1[at + 1] = 0xC1
        XCTAssertThrowsError(try JPEGLosslessCodec.decodeImage(sof1))
        XCTAssertThrowsError(try JPEGLosslessCodec.decodeImage(Array(good.prefix(30))))
        XCTAssertThrowsError(try JPEGLosslessCodec.decode(good, geometry: ImageGeometry(rows: 3, columns: 2)))
        XCTAssertEqual(PixelEncoding(TransferSyntax(uid: "1.2.840.10008.1.2.4.57"), bitsAllocated: 16), .jpegLossless)
        XCTAssertEqual(PixelEncoding(TransferSyntax(uid: "1.2.840.10008.1.2.4.70"), bitsAllocated: 8), .jpegLossless)
    }

    /// No lossless JPEG encoder here: a masked image comes back native, marked Explicit VR Little Endian.
    func testMaskedFramesBecomeExplicitLittleEndian() throws {
        let w = 12, h = 8
        let g = ImageGeometry(rows: h, columns: w, frames: 2, bitsAllocated: 16, bitsStored: 12)
        let frames = [
            LosslessFixture.planes(1, width: w, height: h, precision: 12, seed: 1),
            LosslessFixture.planes(1, width: w, height: h, precision: 12, seed: 2)
        ]
        let data = Encapsulation.encapsulate(frames.map { LosslessFixture.encode($0, width: w, height: h, precision: 12) }, offsetTable: true)
        let source = try FrameSource(data: data, encoding: .jpegLossless, geometry: g, dataset: DataSet())
        let rect = PixelRect(x: 2, y: 1, width: 4, height: 3)
        let np = try source.masked([rect], fill: [4095])
        XCTAssertFalse(np.encapsulated)
        XCTAssertEqual(np.transferSyntax, .explicitVRLittleEndian)
        XCTAssertEqual(np.bytes.count, w * h * 2 * 2)
        for f in 0..<2 {
            let fb = try NativeCodec.frame(np.bytes, index: f, geometry: g)
            for y in 0..<h {
                for x in 0..<w {
                    let inside = x >= rect.x && x < rect.maxX && y >= rect.y && y < rect.maxY
                    XCTAssertEqual(fb.value(x, y, 0), inside ? 4095 : Int32(frames[f][0][y * w + x]), "frame \(f) at \(x),\(y)")
                }
            }
        }
    }

    /// End to end: burned-in name read, masked, and the file rewritten as Explicit VR Little Endian.
    func testRedactorConvertsMaskedImage() throws {
        let engine = try OCREngine.installedOrSkip()
        let g = ImageGeometry(rows: 200, columns: 320, bitsAllocated: 16, bitsStored: 12)
        let (fb, boxes) = Gen.frame(g, texts: [("MORRIS TED", 30, 40)])
        let plane = (0..<(g.rows * g.columns)).map { Int(fb.value($0 % g.columns, $0 / g.columns, 0)) }
        let stream = LosslessFixture.encode([plane], width: g.columns, height: g.rows, precision: 12, predictor: 1)
        let ts = TransferSyntax(uid: "1.2.840.10008.1.2.4.70")
        var record = Gen.record(g, pixels: Encapsulation.encapsulate([stream], offsetTable: false), ts: ts)
        let report = try PixelRedactor(options: RedactionOptions(), engine: engine).redact(&record)
        XCTAssertTrue(report.examined)
        XCTAssertGreaterThan(report.boxesMasked, 0)
        XCTAssertEqual(record.file.transferSyntax, .explicitVRLittleEndian)
        XCTAssertEqual(record.file.meta.string(.transferSyntaxUID), TransferSyntax.explicitVRLittleEndian.uid)
        XCTAssertEqual(report.convertedTo, TransferSyntax.explicitVRLittleEndian.name)
        let px = try XCTUnwrap(record.file.dataset[.pixelData])
        XCTAssertFalse(px.undefinedLength)
        let out = try NativeCodec.frame(try XCTUnwrap(px.bulk).loadBytes(), index: 0, geometry: g)
        XCTAssertFalse(out.sameRegion(boxes[0], as: fb), "name masked")
        XCTAssertTrue(out.sameRegion(PixelRect(x: 0, y: 150, width: 320, height: 50), as: fb), "rest kept")
    }

    /// Lossless JPEG fragments under a native transfer syntax (seen in the wild): read with
    /// the JPEG decoder, kept byte for byte when nothing is masked, written native when masked.
    func testEncapsulatedFramesUnderNativeLabel() throws {
        let engine = try OCREngine.installedOrSkip()
        let g = ImageGeometry(rows: 200, columns: 320, bitsAllocated: 16, bitsStored: 12)
        for text in ["MORRIS TED", "5 cm"] {
            let (fb, boxes) = Gen.frame(g, texts: [(text, 30, 40)])
            let plane = (0..<(g.rows * g.columns)).map { Int(fb.value($0 % g.columns, $0 / g.columns, 0)) }
            let stream = LosslessFixture.encode([plane], width: g.columns, height: g.rows, precision: 12, predictor: 1)
            let wrapped = Encapsulation.encapsulate([stream], offsetTable: false)
            var record = Gen.record(g, pixels: wrapped, ts: .explicitVRLittleEndian)
            let report = try PixelRedactor(options: RedactionOptions(), engine: engine).redact(&record)
            XCTAssertTrue(report.examined, text)
            XCTAssertEqual(record.file.transferSyntax, .explicitVRLittleEndian)
            let px = try XCTUnwrap(record.file.dataset[.pixelData]?.bulk).loadBytes()
            if text == "5 cm" {
                XCTAssertEqual(report.boxesMasked, 0)
                XCTAssertEqual(px, wrapped, "unmasked data kept as it was")
            } else {
                XCTAssertGreaterThan(report.boxesMasked, 0)
                XCTAssertEqual(px.count, g.nativeFrameBytes, "masked data written native")
                let out = try NativeCodec.frame(px, index: 0, geometry: g)
                XCTAssertFalse(out.sameRegion(boxes[0], as: fb), "name masked")
                XCTAssertTrue(out.sameRegion(PixelRect(x: 0, y: 150, width: 320, height: 50), as: fb), "rest kept")
            }
        }
        // Data that is neither native-sized nor encapsulated is still refused.
        var bad = Gen.record(g, pixels: (0..<64).map { UInt8($0) })
        XCTAssertThrowsError(try PixelRedactor(options: RedactionOptions(), engine: engine).redact(&bad))
    }

    // MARK: corpus

    /// Every process-14 file in the corpus, decoded here and by dcmtk's dcmdjpeg, sample for sample.
    func testCorpusMatchesDcmdjpeg() throws {
        let rows = try Corpus.catalog().filter { ($0.columns["transfer_syntax"] ?? "").contains("Process 14") }
        XCTAssertGreaterThan(rows.count, 0)
        let tool = ["/usr/bin/dcmdjpeg", "/usr/local/bin/dcmdjpeg"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let tool else { throw XCTSkip("dcmdjpeg (dcmtk) not installed") }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("jpegll-\(getpid())")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        var exact = 0, skipped: [String] = []
        for (n, row) in rows.enumerated() {
            let name = URL(fileURLWithPath: row.path).lastPathComponent
            guard let file = try? Part10Reader().read(contentsOf: row.path),
                let bulk = file.dataset[.pixelData]?.bulk, let g = try? ImageGeometry(file.dataset)
            else {
                skipped.append("\(name) (no readable image)"); continue
            }
            let enc = PixelEncoding(file.transferSyntax, bitsAllocated: g.bitsAllocated)
            guard enc == .jpegLossless else { skipped.append("\(name) (syntax \(file.transferSyntax.uid))"); continue }
            let out = tmp.appendingPathComponent("\(n).dcm").path
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = [row.path, out]
            p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
            try p.run(); p.waitUntilExit()
            guard p.terminationStatus == 0, let ref = try? Part10Reader().read(contentsOf: out),
                let refBulk = ref.dataset[.pixelData]?.bulk, let rg = try? ImageGeometry(ref.dataset)
            else {
                skipped.append("\(name) (dcmdjpeg cannot decode it)"); continue
            }
            let source = try FrameSource(data: try bulk.loadBytes(), encoding: enc, geometry: g, dataset: file.dataset)
            let refData = try refBulk.loadBytes()
            var same = true
            for f in 0..<g.frames {
                let ours = try source.frame(f)
                let theirs = try NativeCodec.frame(refData, index: f, geometry: rg)
                var bad = 0
                for y in 0..<g.rows {
                    for x in 0..<g.columns {
                        for s in 0..<g.samplesPerPixel
                        where ours.value(x, y, s) != theirs.value(x, y, s) { bad += 1 }
                    }
                }
                if bad > 0 { same = false; XCTFail("\(name) frame \(f): \(bad) samples differ from dcmdjpeg") }
            }
            if same { exact += 1 }
        }
        print("JPEG Lossless corpus: \(exact) of \(rows.count) decode exactly; not compared: \(skipped)")
        XCTAssertGreaterThan(exact, 0)
    }
}
