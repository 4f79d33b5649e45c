import CIJG12

/// 12-bit JPEG (DCT, process 2/4 and progressive) through DCMTK's libijg12, which
/// libjpeg-turbo 2.1 cannot read. Chosen per frame from the SOF sample precision.
public enum JPEG12Codec {
    /// How DICOM says the components of `g`'s frames are coded.
    public static func color(_ g: ImageGeometry) -> cijg12_color {
        if g.photometric.hasPrefix("YBR") { return CIJG12_YCBCR }
        if g.photometric == "RGB" { return CIJG12_RGB }
        return CIJG12_GUESS
    }

    /// Decodes a frame: one sample per component, 12 bits in 16; colour comes back as RGB.
    public static func decode(_ src: [UInt8], geometry g: ImageGeometry) throws -> FrameBuffer {
        var w: Int32 = 0, h: Int32 = 0, comps: Int32 = 0
        var err = [CChar](repeating: 0, count: 256)
        var rc: Int32 = -1
        // Decoded straight into the frame's buffer (the header's size; a frame of another
        // size is refused): a large frame's every byte is written once.
        let size = g.rows * g.columns * g.samplesPerPixel * 2
        guard size > 0 else { throw PixelError("12-bit JPEG: the header gives frames no pixels") }
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { b, count in
            rc = src.withUnsafeBufferPointer { p in
                cijg12_decode_le(p.baseAddress, p.count, color(g), b.baseAddress, size, &w, &h, &comps, &err, err.count)
            }
            count = rc == 0 ? size : 0
        }
        let sameShape = Int(w) == g.columns && Int(h) == g.rows && Int(comps) == g.samplesPerPixel
        guard rc != -2 && (rc != 0 || sameShape) else {
            throw PixelError("12-bit JPEG frame is \(w)x\(h)x\(comps), header says \(g.columns)x\(g.rows)x\(g.samplesPerPixel)")
        }
        guard rc == 0 else { throw PixelError("12-bit JPEG: \(String(cString: err))") }
        return FrameBuffer(
            width: Int(w), height: Int(h), samples: Int(comps), bytesPerSample: 2, bitsStored: 12,
            signed: g.signed, layout: .interleaved, bytes: bytes)
    }

    /// Masks `rects` in the DCT domain (whole 8x8 blocks set flat to `level`, 0-4095),
    /// leaving every other block's coefficients as they were.
    public static func maskBlocks(_ src: [UInt8], rects: [PixelRect], level: Int, geometry g: ImageGeometry) throws -> [UInt8] {
        let cr = rects.map { cijg12_rect(x: Int32($0.x), y: Int32($0.y), w: Int32($0.width), h: Int32($0.height)) }
        var out: UnsafeMutablePointer<UInt8>? = nil
        var len = 0
        var err = [CChar](repeating: 0, count: 256)
        let rc = src.withUnsafeBufferPointer { p in
            cr.withUnsafeBufferPointer { r in
                cijg12_mask_blocks(
                    p.baseAddress, p.count, color(g), r.baseAddress, Int32(r.count), Int32(level),
                    &out, &len, &err, err.count)
            }
        }
        guard rc == 0, let out else { throw PixelError("12-bit JPEG: \(String(cString: err))") }
        defer { cijg12_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: len))
    }

    /// The JPEG sample level that shows `fill` (a stored value of `g`'s pixel data).
    /// Signed data is coded as its 12-bit two's complement pattern.
    public static func level(_ fill: Int32, geometry g: ImageGeometry) -> Int {
        g.signed ? Int(UInt32(bitPattern: fill) & 0xFFF) : Int(min(max(fill, 0), 4095))
    }

    /// Sample precision from the frame header (SOF0-SOF15), or nil when none comes
    /// before the first scan or the data ends.
    public static func samplePrecision(_ src: [UInt8]) -> Int? { frameHeader(src)?.precision }

    /// The start-of-frame marker (C0-CF but C4, C8, CC; F7 for JPEG-LS) and its sample precision.
    public static func frameHeader(_ src: [UInt8]) -> (marker: UInt8, precision: Int)? {
        guard src.count >= 4, src[0] == 0xFF, src[1] == 0xD8 else { return nil }
        var i = 2
        while i + 4 < src.count {
            guard src[i] == 0xFF else { return nil }
            let m = src[i + 1]
            if m == 0xFF { i += 1; continue }  // fill byte
            if m == 0x01 || (0xD0...0xD7).contains(m) { i += 2; continue }  // no length
            if m == 0xDA || m == 0xD9 { return nil }
            let len = Int(src[i + 2]) << 8 | Int(src[i + 3])
            if ((0xC0...0xCF).contains(m) && m != 0xC4 && m != 0xC8 && m != 0xCC) || m == 0xF7 {
                return i + 4 < src.count ? (m, Int(src[i + 4])) : nil
            }
            guard len >= 2 else { return nil }
            i += 2 + len
        }
        return nil
    }
}
