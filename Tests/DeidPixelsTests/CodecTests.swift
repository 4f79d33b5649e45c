import SharedTestSupport
import XCTest
import DICOMCore
@testable import DICOMPixels
@testable import DeidPixels

final class CodecTests: XCTestCase {
    func pattern(_ g: ImageGeometry) -> FrameBuffer {
        var fb = FrameBuffer(zeroLike: g)
        let (lo, hi) = fb.range
        var r: UInt32 = 12345
        for y in 0..<g.rows {
            for x in 0..<g.columns {
                for s in 0..<g.samplesPerPixel {
                    r = r &* 1103515245 &+ 12345
                    // Runs and noise both, so RLE takes both paths.
                    let v = (x / 7) % 3 == 0 ? Int64(lo) + Int64(y % 5) : Int64(lo) + Int64(r >> 8) % (Int64(hi) - Int64(lo) + 1)
                    fb.set(x, y, s, Int32(v))
                }
            }
        }
        return fb
    }

    func testRLERoundTripsEverySampleSize() throws {
        for (bits, spp, signed) in [(8, 1, false), (16, 1, true), (8, 3, false), (16, 3, false), (32, 1, false)] {
            let g = ImageGeometry(
                rows: 37, columns: 301, samplesPerPixel: spp, bitsAllocated: bits, signed: signed,
                photometric: spp == 3 ? "RGB" : "MONOCHROME2")
            let fb = pattern(g)
            let decoded = try RLECodec.decode(RLECodec.encode(fb), geometry: g)
            XCTAssertEqual(decoded.bytes, fb.bytes, "RLE \(bits)-bit x\(spp)")
        }
    }

    func testEncapsulationRoundTrip() throws {
        let frames: [[UInt8]] = [[1, 2, 3], [4, 5, 6, 7], [8]]
        for table in [true, false] {
            let enc = Encapsulation.encapsulate(frames, offsetTable: table)
            let back = try Encapsulation.frames(enc, count: 3)
            // Odd fragments are padded with one zero byte.
            XCTAssertEqual(back, [[1, 2, 3, 0], [4, 5, 6, 7], [8, 0]])
        }
        XCTAssertThrowsError(try Encapsulation.frames([0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0, 0, 0], count: 1))
    }

    /// An odd-length fragment followed by a pad byte its length does not count (seen in the
    /// wild: dcmdump stops there) still yields its frames.
    func testOddFragmentWithUncountedPadByte() throws {
        func item(_ b: [UInt8]) -> [UInt8] {
            [0xFE, 0xFF, 0x00, 0xE0] + (0..<4).map { UInt8(truncatingIfNeeded: b.count >> (8 * $0)) } + b
        }
        let bytes =
            item([]) + item([1, 2]) + [] + item([3, 4, 5]) + [0] + item([6, 7, 8]) + [0]
            + [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]
        XCTAssertEqual(try Encapsulation.frames(bytes, count: 3), [[1, 2], [3, 4, 5], [6, 7, 8]])
        // A stray byte that is not such a pad is still an error.
        let bad = item([]) + item([3, 4, 5]) + [7] + item([6])
        XCTAssertThrowsError(try Encapsulation.frames(bad, count: 2))
    }

    func testJPEG2000AndJPEGLSAreLossless() throws {
        for (bits, spp, signed) in [(8, 1, false), (16, 1, false), (16, 1, true), (8, 3, false)] {
            var g = ImageGeometry(
                rows: 40, columns: 53, samplesPerPixel: spp, bitsAllocated: bits, signed: signed,
                photometric: spp == 3 ? "RGB" : "MONOCHROME2")
            if bits == 16 { g.bitsStored = 12 }
            let fb = pattern(g)
            let j2k = try JPEG2000Codec.decode(JPEG2000Codec.encodeLossless(fb), geometry: g)
            XCTAssertTrue(j2k.sameRegion(PixelRect(x: 0, y: 0, width: g.columns, height: g.rows), as: fb), "J2K \(bits) \(spp) \(signed)")
            let jls = try JPEGLSCodec.decode(JPEGLSCodec.encodeLossless(fb), geometry: g)
            XCTAssertTrue(jls.sameRegion(PixelRect(x: 0, y: 0, width: g.columns, height: g.rows), as: fb), "JLS \(bits) \(spp) \(signed)")
        }
    }

    /// A single native frame of exactly a frame's size is read without a copy of its
    /// bytes (a large frame is not duplicated), and masking what was read leaves the data
    /// read from as it was.
    func testSingleNativeFrameSharesItsBytes() throws {
        let g = ImageGeometry(rows: 3, columns: 4, bitsAllocated: 16)
        let data = (0..<24).map { UInt8($0) }
        var fb = try NativeCodec.frame(data, index: 0, geometry: g)
        let shared = fb.bytes.withUnsafeBufferPointer { a in data.withUnsafeBufferPointer { $0.baseAddress == a.baseAddress } }
        XCTAssertTrue(shared)
        fb.fill([PixelRect(x: 0, y: 0, width: 1, height: 1)], with: [0x0909])
        XCTAssertEqual(Array(fb.bytes.prefix(3)), [9, 9, 2])
        XCTAssertEqual(data, (0..<24).map { UInt8($0) })
        // Frames of a longer data set (or with a pad byte) are their own bytes.
        let two = ImageGeometry(rows: 3, columns: 4, frames: 2, bitsAllocated: 16)
        XCTAssertEqual(try NativeCodec.frame(data + data.map { $0 + 100 }, index: 1, geometry: two).bytes, data.map { $0 + 100 })
        XCTAssertEqual(try NativeCodec.frame(data + [0], index: 0, geometry: g).bytes, data)
    }

    func testNativeLayouts() throws {
        // Planar RGB: R plane, G plane, B plane.
        let g = ImageGeometry(rows: 2, columns: 2, samplesPerPixel: 3, bitsAllocated: 8, planar: true, photometric: "RGB")
        let data: [UInt8] = [1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24]
        var fb = try NativeCodec.frame(data, index: 0, geometry: g)
        XCTAssertEqual([fb.value(1, 0, 0), fb.value(1, 0, 1), fb.value(1, 0, 2)], [2, 12, 22])
        fb.fill([PixelRect(x: 1, y: 1, width: 1, height: 1)], with: [0, 0, 0])
        var out = data
        NativeCodec.store(fb, into: &out, index: 0, geometry: g)
        XCTAssertEqual(out, [1, 2, 3, 0, 11, 12, 13, 0, 21, 22, 23, 0])
        // YBR_FULL_422: Y0 Y1 Cb Cr; masking one pixel masks its pair.
        let y = ImageGeometry(rows: 1, columns: 4, samplesPerPixel: 3, bitsAllocated: 8, photometric: "YBR_FULL_422")
        var yfb = try NativeCodec.frame([10, 20, 100, 110, 30, 40, 120, 130], index: 0, geometry: y)
        XCTAssertEqual(yfb.value(3, 0, 0), 40)
        XCTAssertEqual(yfb.value(3, 0, 1), 120)
        yfb.fill([PixelRect(x: 3, y: 0, width: 1, height: 1)], with: [0, 128, 128])
        XCTAssertEqual(yfb.bytes, [10, 20, 100, 110, 0, 0, 128, 128])
        // 12 bits stored in 16 with other bits set: values are masked and sign extended.
        let s = ImageGeometry(rows: 1, columns: 1, bitsAllocated: 16, bitsStored: 12, signed: true)
        XCTAssertEqual(try NativeCodec.frame([0xFF, 0xFF], index: 0, geometry: s).value(0, 0, 0), -1)
        // One-bit frames that do not start on a byte boundary.
        let b = ImageGeometry(rows: 1, columns: 3, frames: 3, bitsAllocated: 1)
        XCTAssertEqual(try NativeCodec.frame([0b1010_1100, 0b1], index: 1, geometry: b).bytes, [1, 0, 1])
    }

    /// Masking in the DCT domain leaves every block outside the box exactly as decoded before.
    func testJPEGBlockMaskingKeepsOtherBlocks() throws {
        let entries = try Corpus.catalog().filter { $0.path.hasSuffix("GH538-jpeg1.dcm") }
        guard let e = entries.first else { throw XCTSkip("GH538-jpeg1.dcm not in the corpus") }
        let file = try DICOMPart10.Part10Reader().read(contentsOf: e.path)
        guard let bulk = file.dataset[.pixelData]?.bulk else { return XCTFail("no pixel data") }
        let frame = try Encapsulation.frames(try bulk.loadBytes(), count: 1)[0]
        let before = try JPEGCodec.decodeGray(frame)
        let box = PixelRect(x: 37, y: 21, width: 50, height: 9)
        let after = try JPEGCodec.decodeGray(try JPEGCodec.maskBlocks(frame, rects: [box], level: 0))
        XCTAssertEqual(after.width, before.width)
        // Blocks are 8x8 in luminance units scaled by subsampling: at most 16x16 here.
        let covered = PixelRect(x: 32, y: 16, width: 64, height: 16)
        var changedOutside = 0, inside = 0
        for y in 0..<before.height {
            for x in 0..<before.width {
                let i = y * before.width + x
                let inCover = x >= covered.x && x < covered.maxX && y >= covered.y && y < covered.maxY
                if !inCover && before.pixels[i] != after.pixels[i] { changedOutside += 1 }
                if x >= box.x && x < box.maxX && y >= box.y && y < box.maxY { inside = max(inside, Int(after.pixels[i])) }
            }
        }
        XCTAssertEqual(changedOutside, 0)
        XCTAssertLessThanOrEqual(inside, 2, "masked blocks decode black")
    }
}
import DICOMPart10

final class BlankPixelsTests: XCTestCase {
    func testOneRepeatedByteHoldsNoImage() {
        XCTAssertTrue(BlankPixels.isBlank([UInt8](repeating: 0, count: 256), encapsulated: false))
        XCTAssertTrue(BlankPixels.isBlank([], encapsulated: false))
        XCTAssertFalse(BlankPixels.isBlank([0, 0, 1, 0], encapsulated: false))
        let zeros = Encapsulation.encapsulate([[UInt8](repeating: 0, count: 64), [0, 0]], offsetTable: true)
        XCTAssertTrue(BlankPixels.isBlank(zeros, encapsulated: true), "offset table values do not count")
        let image = Encapsulation.encapsulate([[0xFF, 0xD8, 0xFF, 0xD9]], offsetTable: false)
        XCTAssertFalse(BlankPixels.isBlank(image, encapsulated: true))
        XCTAssertFalse(BlankPixels.isBlank([0xFE, 0xFF, 0x00, 0xE0, 0x40, 0, 0, 0], encapsulated: true), "item overruns")
        XCTAssertFalse(BlankPixels.isBlank([0, 0, 0, 0, 0, 0, 0, 0], encapsulated: true), "not items")
    }
}
