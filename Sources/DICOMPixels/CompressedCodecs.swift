import CCharLS
import CJPEG
import COpenJPEG

/// 8-bit JPEG (baseline and extended) through libjpeg-turbo.
public enum JPEGCodec {
    /// Luminance of a JPEG frame.
    public static func decodeGray(_ src: [UInt8]) throws -> GrayImage {
        try decodeGrayTolerant(src).image
    }

    /// Luminance of a JPEG frame, and what libjpeg said of data it read past (entropy-coded
    /// data cut short or corrupt: libjpeg fills in what is missing and goes on).
    public static func decodeGrayTolerant(_ src: [UInt8]) throws -> (image: GrayImage, warning: String?) {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var w: Int32 = 0, h: Int32 = 0, comps: Int32 = 0, warnings: Int32 = 0
        var err = [CChar](repeating: 0, count: 256)
        let rc = src.withUnsafeBufferPointer { p in
            cjpeg_decode_gray(p.baseAddress, p.count, &out, &w, &h, &comps, &warnings, &err, err.count)
        }
        guard rc == 0, let out else { throw PixelError("JPEG: \(String(cString: err))") }
        defer { cjpeg_free(out) }
        let image = GrayImage(width: Int(w), height: Int(h), pixels: Array(UnsafeBufferPointer(start: out, count: Int(w) * Int(h))))
        let warning = warnings > 0 ? "JPEG data is damaged (\(String(cString: err))\(warnings > 1 ? ", \(warnings) warnings" : ""))" : nil
        return (image, warning)
    }

    /// Masks `rects` in the DCT domain (whole 8x8 blocks set flat to `level`), leaving
    /// every other block's coefficients as they were.
    public static func maskBlocks(_ src: [UInt8], rects: [PixelRect], level: Int) throws -> [UInt8] {
        let cr = rects.map { cjpeg_rect(x: Int32($0.x), y: Int32($0.y), w: Int32($0.width), h: Int32($0.height)) }
        var out: UnsafeMutablePointer<UInt8>? = nil
        var len = 0
        var err = [CChar](repeating: 0, count: 256)
        let rc = src.withUnsafeBufferPointer { p in
            cr.withUnsafeBufferPointer { r in
                cjpeg_mask_blocks(p.baseAddress, p.count, r.baseAddress, Int32(r.count), Int32(level), &out, &len, &err, err.count)
            }
        }
        guard rc == 0, let out else { throw PixelError("JPEG: \(String(cString: err))") }
        defer { cjpeg_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: len))
    }
}

/// JPEG 2000 through OpenJPEG.
public enum JPEG2000Codec {
    /// Decodes a frame; colour components come back as RGB (OpenJPEG undoes the
    /// component transform).
    public static func decode(_ src: [UInt8], geometry g: ImageGeometry) throws -> FrameBuffer {
        var img = copj_image()
        var err = [CChar](repeating: 0, count: 256)
        let rc = src.withUnsafeBufferPointer { copj_decode($0.baseAddress, $0.count, &img, &err, err.count) }
        guard rc == 0, img.image != nil else { throw PixelError("JPEG 2000: \(String(cString: err))") }
        defer { copj_free_image(&img) }
        guard Int(img.width) == g.columns, Int(img.height) == g.rows, Int(img.components) == g.samplesPerPixel else {
            throw PixelError(
                "JPEG 2000 frame is \(img.width)x\(img.height)x\(img.components), header says \(g.columns)x\(g.rows)x\(g.samplesPerPixel)")
        }
        let bitsStored = min(g.bitsAllocated, max(g.bitsStored, Int(img.precision)))
        // OpenJPEG's samples stored straight into the buffer, interleaved as it is laid
        // out (as `FrameBuffer.set` stores them), every byte written once: a large frame
        // gets no zero-filled buffer first.
        let width = g.bytesPerSample
        let size = g.rows * g.columns * g.samplesPerPixel * width
        let mask: UInt32 = bitsStored < 32 ? (UInt32(1) << UInt32(bitsStored)) - 1 : .max
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { out, n in
            if let base = out.baseAddress { copj_store(&img, base, Int32(width), mask) }
            n = size
        }
        return FrameBuffer(
            width: g.columns, height: g.rows, samples: g.samplesPerPixel, bytesPerSample: width,
            bitsStored: bitsStored, signed: img.is_signed != 0, layout: .interleaved, bytes: bytes)
    }

    /// Whether the codestream's COD marker segment asks for the multiple component
    /// transform (then OpenJPEG hands back RGB); nil when no COD precedes the first tile.
    public static func usesColourTransform(_ src: [UInt8]) -> Bool? {
        var i = src.starts(with: [0xFF, 0x4F]) ? 2 : (src.firstRange(of: [0xFF, 0x4F, 0xFF, 0x51]).map { $0.lowerBound + 2 } ?? -1)
        guard i >= 0 else { return nil }
        while i + 4 <= src.count, src[i] == 0xFF {
            let marker = src[i + 1], len = Int(src[i + 2]) << 8 | Int(src[i + 3])
            if marker == 0x90 || len < 2 { return nil }  // SOT: the main header is over
            // COD: Scod, then SGcod = progression order, 2 bytes of layers, transform.
            if marker == 0x52 { return i + 8 < src.count ? src[i + 8] != 0 : nil }
            i += 2 + len
        }
        return nil
    }

    /// Lossless (reversible) encoding of a frame, without colour transform.
    public static func encodeLossless(_ fb: FrameBuffer) throws -> [UInt8] {
        try encodeLossless(fb, colourTransform: false)
    }

    /// Lossless (reversible) encoding of a frame; with `colourTransform`, three
    /// components go through the reversible colour transform (YBR_RCT).
    public static func encodeLossless(_ fb: FrameBuffer, colourTransform: Bool) throws -> [UInt8] {
        var vals = [Int32](repeating: 0, count: fb.width * fb.height * fb.samples)
        for y in 0..<fb.height {
            for x in 0..<fb.width {
                for s in 0..<fb.samples {
                    vals[(y * fb.width + x) * fb.samples + s] = fb.value(x, y, s)
                }
            }
        }
        var out: UnsafeMutablePointer<UInt8>? = nil
        var len = 0
        var err = [CChar](repeating: 0, count: 256)
        let rc = vals.withUnsafeBufferPointer {
            copj_encode_lossless(
                $0.baseAddress, Int32(fb.width), Int32(fb.height), Int32(fb.samples),
                Int32(fb.bitsStored), fb.signed ? 1 : 0, colourTransform ? 1 : 0, &out, &len, &err, err.count)
        }
        guard rc == 0, let out else { throw PixelError("JPEG 2000: \(String(cString: err))") }
        defer { copj_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: len))
    }
}

/// JPEG-LS through CharLS.
public enum JPEGLSCodec {
    /// Decodes a frame. Zero bytes between the entropy-coded data and the closing EOI
    /// (NEMA WG04's MR1_JLSL has one) make CharLS 2.3+ stop; such a frame is read again
    /// without them, as older CharLS and DCMTK read it.
    public static func decode(_ src: [UInt8], geometry g: ImageGeometry) throws -> FrameBuffer {
        do { return try decodeAsIs(src, geometry: g) } catch {
            guard let trimmed = withoutPaddingBeforeEOI(src) else { throw error }
            if let fb = try? decodeAsIs(trimmed, geometry: g) { return fb }
            throw error
        }
    }

    /// `src` without the zero bytes before its final EOI marker, or nil when there are
    /// none (a zero after 0xFF is stuffed data, not padding).
    public static func withoutPaddingBeforeEOI(_ src: [UInt8]) -> [UInt8]? {
        guard src.count >= 4, src[src.count - 2] == 0xFF, src[src.count - 1] == 0xD9 else { return nil }
        var k = src.count - 2
        while k > 2, src[k - 1] == 0 { k -= 1 }
        guard k < src.count - 2, src[k - 1] != 0xFF else { return nil }
        return Array(src[..<k]) + [0xFF, 0xD9]
    }

    public static func decodeAsIs(_ src: [UInt8], geometry g: ImageGeometry) throws -> FrameBuffer {
        guard let dec = charls_jpegls_decoder_create() else { throw PixelError("JPEG-LS: cannot create decoder") }
        defer { charls_jpegls_decoder_destroy(dec) }
        func check(_ e: charls_jpegls_errc, _ what: String) throws {
            if e.rawValue != 0 { throw PixelError("JPEG-LS: \(what) failed (\(String(cString: charls_get_error_message(e))))") }
        }
        var info = charls_frame_info()
        var mode = charls_interleave_mode(0)
        var size = 0
        var out: [UInt8] = []
        try src.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { throw PixelError("JPEG-LS: empty frame") }
            try check(charls_jpegls_decoder_set_source_buffer(dec, base, p.count), "reading")
            try check(charls_jpegls_decoder_read_header(dec), "reading the header")
            try check(charls_jpegls_decoder_get_frame_info(dec, &info), "reading the frame info")
            try check(charls_jpegls_decoder_get_interleave_mode(dec, &mode), "reading the interleave mode")
            try check(charls_jpegls_decoder_get_destination_size(dec, 0, &size), "sizing")
            out = [UInt8](repeating: 0, count: size)
            try out.withUnsafeMutableBytes {
                guard let d = $0.baseAddress else { throw PixelError("JPEG-LS: empty frame") }
                try check(charls_jpegls_decoder_decode_to_buffer(dec, d, size, 0), "decoding")
            }
        }
        guard Int(info.width) == g.columns, Int(info.height) == g.rows, Int(info.component_count) == g.samplesPerPixel else {
            throw PixelError(
                "JPEG-LS frame is \(info.width)x\(info.height)x\(info.component_count), header says \(g.columns)x\(g.rows)x\(g.samplesPerPixel)")
        }
        let bps = info.bits_per_sample > 8 ? 2 : 1
        let layout: FrameBuffer.Layout = (g.samplesPerPixel > 1 && mode.rawValue == 0) ? .planar : .interleaved
        let decoded = FrameBuffer(
            width: g.columns, height: g.rows, samples: g.samplesPerPixel, bytesPerSample: bps,
            bitsStored: Int(info.bits_per_sample), signed: false, layout: layout, bytes: out)
        // Re-shape to the header's sample size, interleaved, keeping the raw bits.
        var fb = FrameBuffer(zeroLike: g)
        for y in 0..<g.rows {
            for x in 0..<g.columns {
                for s in 0..<g.samplesPerPixel {
                    fb.set(x, y, s, decoded.value(x, y, s))
                }
            }
        }
        return fb
    }

    /// Lossless encoding (NEAR = 0), sample-interleaved for colour.
    public static func encodeLossless(_ fb: FrameBuffer) throws -> [UInt8] {
        guard let enc = charls_jpegls_encoder_create() else { throw PixelError("JPEG-LS: cannot create encoder") }
        defer { charls_jpegls_encoder_destroy(enc) }
        func check(_ e: charls_jpegls_errc, _ what: String) throws {
            if e.rawValue != 0 { throw PixelError("JPEG-LS: \(what) failed (\(String(cString: charls_get_error_message(e))))") }
        }
        let bps = fb.bitsStored > 8 ? 2 : 1
        var src = [UInt8](repeating: 0, count: fb.width * fb.height * fb.samples * bps)
        let mask = fb.bitsStored >= 32 ? UInt32.max : (UInt32(1) << UInt32(fb.bitsStored)) - 1
        var i = 0
        for y in 0..<fb.height {
            for x in 0..<fb.width {
                for s in 0..<fb.samples {
                    let v = UInt32(bitPattern: fb.value(x, y, s)) & mask
                    src[i] = UInt8(truncatingIfNeeded: v); if bps == 2 { src[i + 1] = UInt8(truncatingIfNeeded: v >> 8) }
                    i += bps
                }
            }
        }
        var info = charls_frame_info(
            width: UInt32(fb.width), height: UInt32(fb.height), bits_per_sample: Int32(fb.bitsStored),
            component_count: Int32(fb.samples))
        try check(charls_jpegls_encoder_set_frame_info(enc, &info), "setting the frame info")
        if fb.samples > 1 { try check(charls_jpegls_encoder_set_interleave_mode(enc, charls_interleave_mode(2)), "setting the interleave mode") }
        try check(charls_jpegls_encoder_set_near_lossless(enc, 0), "setting NEAR")
        var cap = 0
        try check(charls_jpegls_encoder_get_estimated_destination_size(enc, &cap), "sizing")
        var out = [UInt8](repeating: 0, count: cap)
        var written = 0
        try out.withUnsafeMutableBytes { d in
            guard let dp = d.baseAddress else { throw PixelError("JPEG-LS: empty frame") }
            try check(charls_jpegls_encoder_set_destination_buffer(enc, dp, cap), "setting the destination")
            try src.withUnsafeBytes {
                guard let sp = $0.baseAddress else { throw PixelError("JPEG-LS: empty frame") }
                try check(charls_jpegls_encoder_encode_from_buffer(enc, sp, $0.count, 0), "encoding")
            }
            try check(charls_jpegls_encoder_get_bytes_written(enc, &written), "finishing")
        }
        return Array(out[0..<written])
    }
}
