import CZlib
import DICOMPixels
import DeidPixels
@testable import DeidReview
import XCTest

final class PNGTests: XCTestCase {
    /// The IDAT payload inflated back to filtered rows.
    func rows(_ png: [UInt8]) -> [UInt8]? {
        var i = 8
        var idat: [UInt8] = []
        while i + 8 <= png.count {
            let n = Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3])
            let type = String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self)
            let body = Array(png[(i + 4)..<(i + 8 + n)])
            let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
            let stored = UInt(png[i + 8 + n]) << 24 | UInt(png[i + 9 + n]) << 16 | UInt(png[i + 10 + n]) << 8 | UInt(png[i + 11 + n])
            guard UInt(crc) == stored else { return nil }
            if type == "IDAT" { idat += png[(i + 8)..<(i + 8 + n)] }
            i += 12 + n
        }
        var size = uLong(1 << 20)
        var out = [UInt8](repeating: 0, count: Int(size))
        let rc = out.withUnsafeMutableBufferPointer { o in
            idat.withUnsafeBufferPointer { uncompress(o.baseAddress, &size, $0.baseAddress, uLong($0.count)) }
        }
        return rc == Z_OK ? Array(out.prefix(Int(size))) : nil
    }

    /// Filtered rows back to pixels (filters none, Sub, Up: what the encoder uses).
    func unfilter(_ raw: [UInt8], stride: Int, channels: Int) -> [UInt8] {
        var out: [UInt8] = []
        for y in 0..<(raw.count / (stride + 1)) {
            let f = raw[y * (stride + 1)]
            XCTAssertTrue(f <= 2, "filter \(f)")
            for i in 0..<stride {
                let v = raw[y * (stride + 1) + 1 + i]
                switch f {
                case 1: out.append(v &+ (i >= channels ? out[y * stride + i - channels] : 0))
                case 2: out.append(v &+ (y > 0 ? out[(y - 1) * stride + i] : 0))
                default: out.append(v)
                }
            }
        }
        return out
    }

    func testSmoothPicturesAreFilteredAndSmaller() {
        let w = 128, h = 96
        let px = (0..<(w * h)).map { UInt8(truncatingIfNeeded: ($0 % w) + ($0 / w)) }
        let png = PNG.encode(width: w, height: h, channels: 1, pixels: px)
        let r = rows(png)!
        XCTAssertEqual(unfilter(r, stride: w, channels: 1), px)
        XCTAssertTrue(stride(from: 0, to: r.count, by: w + 1).contains { r[$0] != 0 }, "some row filtered")
    }

    func testEncodedPNGDecodesToItsRows() {
        let px: [UInt8] = (0..<(5 * 3 * 3)).map { UInt8($0 * 5) }
        let png = PNG.encode(width: 5, height: 3, channels: 3, pixels: px)
        XCTAssertEqual(PNG.size(png)?.width, 5)
        XCTAssertEqual(PNG.size(png)?.height, 3)
        let r = rows(png)!
        XCTAssertEqual(r.count, 3 * (1 + 15))
        XCTAssertEqual(unfilter(r, stride: 15, channels: 3), px)
        XCTAssertNil(PNG.size([1, 2, 3]))
    }

    func testThumbnailIsShrunkAndOutlinesTheBox() {
        let g = GrayImage(width: 800, height: 400, pixels: [UInt8](repeating: 100, count: 800 * 400))
        let t = Thumbnail.png(g, boxes: [PixelRect(x: 100, y: 100, width: 200, height: 100)], maxSide: 192)
        XCTAssertEqual(t.width, 192)
        XCTAssertEqual(t.height, 96)
        let r = unfilter(rows(t.png)!, stride: 3 * 192, channels: 3)
        func px(_ x: Int, _ y: Int) -> [UInt8] { let o = (y * 192 + x) * 3; return Array(r[o..<(o + 3)]) }
        XCTAssertEqual(px(10, 10), [100, 100, 100])
        // The box (24..72 x 24..48 in the thumbnail) is outlined just outside.
        XCTAssertEqual(px(23, 30), [255, 32, 32])
        XCTAssertEqual(px(40, 30), [100, 100, 100])
    }
}
