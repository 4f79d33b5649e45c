import DICOMCore
import DICOMObject
import DICOMPart10

/// Pixel data after masking, with what changed in its description.
public struct NewPixels {
    public var bytes: [UInt8]
    public var encapsulated: Bool
    /// A new Photometric Interpretation (e.g. RGB for re-encoded JPEG 2000 colour).
    public var photometric: String?
    /// Samples now interleaved (Planar Configuration 0).
    public var planarInterleaved = false
    /// A new transfer syntax, when the data could not be re-encoded in its own.
    public var transferSyntax: TransferSyntax?
}

/// The frames of one image's pixel data: decoded one at a time for reading, and
/// re-encoded with masks applied.
public struct FrameSource {
    /// Native frames (for encapsulated data: unused unless it turned out native).
    public let data: [UInt8]
    /// How the frames are coded: the transfer syntax's encoding, or what the data turned
    /// out to be (see `mislabelled`).
    public let encoding: PixelEncoding
    /// The data is not what its transfer syntax says (compressed fragments under a native
    /// syntax, or uncompressed frames in the fragments of a compressed one): it is read as
    /// what it is, kept as it was when nothing is masked, and written native when masked.
    public let mislabelled: Bool
    public let g: ImageGeometry
    public let palette: Palette?
    public let compressed: [[UInt8]]

    public init(data: [UInt8], encoding: PixelEncoding, geometry: ImageGeometry, dataset: DataSet) throws {
        self.g = geometry
        palette = geometry.photometric == "PALETTE COLOR" ? Palette(dataset) : nil
        let need =
            geometry.bitsAllocated == 1
            ? (geometry.rows * geometry.columns * geometry.samplesPerPixel * geometry.frames + 7) / 8
            : geometry.nativeFrameBytes * geometry.frames
        if encoding == .native && data.count < need {
            guard let (sniffed, frames) = FrameSource.compressedFrames(data, geometry: geometry) else {
                throw PixelError("pixel data has \(data.count) bytes, \(geometry.frames) frames need \(need)")
            }
            self.data = data; self.encoding = sniffed; mislabelled = true; compressed = frames
            return
        }
        if encoding != .native && !data.starts(with: [0xFE, 0xFF, 0x00, 0xE0]) && data.count >= need {
            // Uncompressed frames, not even encapsulated, under a compressed syntax (seen in
            // the wild: a CT labelled JPEG-LS): read as the native data they are.
            self.data = data; self.encoding = .native; mislabelled = true; compressed = []
            return
        }
        let frames = encoding == .native ? [] : try Encapsulation.frames(data, count: geometry.frames)
        if encoding != .native, geometry.bitsAllocated >= 8, let native = FrameSource.nativeFrames(frames, encoding: encoding, geometry: geometry) {
            self.data = native; self.encoding = .native; mislabelled = true; compressed = []
            return
        }
        self.data = data; self.encoding = encoding; mislabelled = false; compressed = frames
    }

    /// Fragments under a compressed syntax that are plainly uncompressed frames: each is
    /// exactly one native frame long (give or take the pad byte) and none starts the way
    /// its codec's data must.
    public static func nativeFrames(_ frames: [[UInt8]], encoding: PixelEncoding, geometry g: ImageGeometry) -> [UInt8]? {
        let size = g.nativeFrameBytes
        guard !frames.isEmpty, frames.allSatisfy({ $0.count == size || $0.count == size + 1 }) else { return nil }
        let looksCoded = frames.contains { f in
            switch encoding {
            case .jpeg, .jpegLS, .jpegLossless: return f.starts(with: [0xFF, 0xD8])
            case .jpeg2000, .htj2k: return f.starts(with: [0xFF, 0x4F]) || f.starts(with: [0, 0, 0, 0x0C, 0x6A, 0x50])
            case .rle: return f.count >= 64 && (1...15).contains(Int(f[0]) | Int(f[1]) << 8 | Int(f[2]) << 16 | Int(f[3]) << 24)
            case .native, .deflate, .unsupported: return true
            }
        }
        return looksCoded ? nil : frames.flatMap { $0.prefix(size) }
    }

    /// Encapsulated JPEG-family frames in data that a native transfer syntax labels as
    /// uncompressed, with the encoding their first frame's header names.
    public static func compressedFrames(_ data: [UInt8], geometry g: ImageGeometry) -> (PixelEncoding, [[UInt8]])? {
        guard data.starts(with: [0xFE, 0xFF, 0x00, 0xE0]),
            let frames = try? Encapsulation.frames(data, count: g.frames), let first = frames.first
        else { return nil }
        if first.starts(with: [0xFF, 0x4F, 0xFF, 0x51]) { return (.jpeg2000, frames) }
        switch JPEG12Codec.frameHeader(first)?.marker {
        case 0xC0?, 0xC1?: return (.jpeg, frames)
        case 0xC3?: return (.jpegLossless, frames)
        case 0xF7?: return (.jpegLS, frames)
        default: return nil
        }
    }

    /// Photometric interpretation of decoded frames.
    public var decodedPhotometric: String {
        guard g.samplesPerPixel == 3 else { return g.photometric }
        // 12-bit JPEG decoders undo the colour transform; OpenJPEG undoes the one its
        // codestream names (without one, the samples are what the header says).
        if encoding == .jpeg { return "RGB" }
        if encoding.isJPEG2000 {
            return compressed.first.flatMap(JPEG2000Codec.usesColourTransform) == false ? g.photometric : "RGB"
        }
        return g.photometric
    }

    /// JPEG 2000 colour re-encoded with the reversible colour transform: images whose
    /// header names a YBR transform keep one (some IODs, e.g. US, allow no RGB with
    /// JPEG 2000), written as YBR_RCT since the re-encoding is reversible.
    public var reencodesWithRCT: Bool {
        encoding.isJPEG2000 && decodedPhotometric == "RGB" && (g.photometric == "YBR_RCT" || g.photometric == "YBR_ICT")
    }

    public func frame(_ i: Int) throws -> FrameBuffer {
        switch encoding {
        case .native: return try NativeCodec.frame(data, index: i, geometry: g)
        case .rle: return try RLECodec.decode(compressed[i], geometry: g)
        case .jpegLS: return try JPEGLSCodec.decode(compressed[i], geometry: g)
        case .jpeg2000, .htj2k: return try JPEG2000Codec.decode(compressed[i], geometry: g)
        case .jpegLossless: return try JPEGLosslessCodec.decode(compressed[i], geometry: g)
        case .deflate: return try NativeCodec.frame(try inflated(i), index: 0, geometry: g)
        case .jpeg where is12Bit(i): return try JPEG12Codec.decode(compressed[i], geometry: g)
        case .jpeg, .unsupported: throw PixelError("no frame buffer for \(encoding.name)")
        }
    }

    /// The native bytes of frame `i` of Deflated Image Frame Compression data.
    public func inflated(_ i: Int) throws -> [UInt8] {
        let raw = try compressed[i].withUnsafeBytes { try Deflate.inflate($0).bytes }
        guard raw.count >= g.nativeFrameBytes else {
            throw PixelError("deflated frame \(i) holds \(raw.count) bytes, a frame needs \(g.nativeFrameBytes)")
        }
        return raw
    }

    /// Whether frame `i` is 12-bit JPEG (read by libijg12 rather than libjpeg).
    public func is12Bit(_ i: Int) -> Bool {
        encoding == .jpeg && JPEG12Codec.samplePrecision(compressed[i]) == 12
    }

    /// Frame `i` as 8-bit luminance.
    public func gray(_ i: Int) throws -> GrayImage {
        var damage: String? = nil
        return try gray(i, damage: &damage)
    }

    /// Frame `i` as 8-bit luminance, read as far as its data goes: a damaged 8-bit JPEG
    /// frame (entropy-coded data cut short, or a picture smaller than the header's) is
    /// read for what it holds, the rest taken as blank, and `damage` says so. Masking
    /// such a frame works on its coefficients; unmasked, its bytes are kept.
    public func gray(_ i: Int, damage: inout String?) throws -> GrayImage {
        if encoding == .jpeg && !is12Bit(i) {
            let (img, warning) = try JPEGCodec.decodeGrayTolerant(compressed[i])
            damage = warning
            guard img.width == g.columns, img.height == g.rows else {
                // A larger picture could hold text outside the header's frame: refused.
                guard img.width <= g.columns && img.height <= g.rows else {
                    throw PixelError("JPEG frame is \(img.width)x\(img.height), header says \(g.columns)x\(g.rows)")
                }
                damage =
                    (damage.map { $0 + "; " } ?? "")
                    + "JPEG frame is \(img.width)x\(img.height), header says \(g.columns)x\(g.rows): read as far as its data goes, the rest taken as blank"
                return img.placed(inWidth: g.columns, height: g.rows)
            }
            return img
        }
        return GrayRenderer.render(try frame(i), photometric: decodedPhotometric, palette: palette)
    }

    /// Frame `i` decoded once for a reader that may need it twice: its frame buffer, worth
    /// keeping only when compressed (nil for native data, which costs nothing to read again,
    /// and for 8-bit JPEG, which is read straight to luminance and has none), and the frame
    /// as 8-bit luminance, as `gray(_:damage:)` gives it.
    public func decoded(_ i: Int, damage: inout String?) throws -> (buffer: FrameBuffer?, gray: GrayImage) {
        if encoding == .native || (encoding == .jpeg && !is12Bit(i)) { return (nil, try gray(i, damage: &damage)) }
        let fb = try frame(i)
        return (fb, GrayRenderer.render(fb, photometric: decodedPhotometric, palette: palette))
    }

    /// The pixel data with `rects` filled in every frame, in the same transfer syntax.
    /// `decoded` holds frames already decoded by `frame(_:)` (by index), which are not
    /// decoded again (a large JPEG 2000 frame costs as much to decode as to read) and are
    /// masked in place (handed over, not copied: a large frame's buffer is not duplicated).
    public func masked(_ rects: [PixelRect], fill: [Int32], decoded: consuming [Int: FrameBuffer] = [:]) throws -> NewPixels {
        if mislabelled {
            // Native data under a compressed syntax gets the native syntax it really is.
            let syntax: TransferSyntax? = compressed.isEmpty ? .explicitVRLittleEndian : nil
            return try decodedAndMasked(rects, fill: fill, transferSyntax: syntax, decoded: consume decoded)
        }
        switch encoding {
        case .native:
            var out = data
            for i in 0..<g.frames {
                var fb = try NativeCodec.frame(out, index: i, geometry: g)
                fb.fill(rects, with: fill)
                NativeCodec.store(fb, into: &out, index: i, geometry: g)
            }
            return NewPixels(bytes: out, encapsulated: false)
        case .jpeg:
            let level = fill.first.map { $0 > 0 ? 255 : 0 } ?? 0
            let level12 = JPEG12Codec.level(fill.first ?? 0, geometry: g)
            let frames = try compressed.indices.map { i in
                try is12Bit(i)
                    ? JPEG12Codec.maskBlocks(compressed[i], rects: rects, level: level12, geometry: g)
                    : JPEGCodec.maskBlocks(compressed[i], rects: rects, level: Int(level))
            }
            return NewPixels(bytes: Encapsulation.encapsulate(frames, offsetTable: g.frames > 1), encapsulated: true)
        case .rle, .jpegLS, .jpeg2000, .htj2k:
            var frames: [[UInt8]] = []
            let rct = reencodesWithRCT
            for i in 0..<g.frames {
                var fb = try decoded.removeValue(forKey: i) ?? frame(i)
                fb.fill(rects, with: fill)
                switch encoding {
                case .rle: frames.append(RLECodec.encode(fb))
                case .jpegLS: frames.append(try JPEGLSCodec.encodeLossless(fb))
                default: frames.append(try JPEG2000Codec.encodeLossless(fb, colourTransform: rct))
                }
            }
            var np = NewPixels(bytes: Encapsulation.encapsulate(frames, offsetTable: g.frames > 1), encapsulated: true)
            if encoding.isJPEG2000 && g.samplesPerPixel == 3 {
                let written = rct ? "YBR_RCT" : decodedPhotometric
                if written != g.photometric { np.photometric = written }
            }
            // No HT encoder here: the reversible Part 1 codestream gets the syntax that says so.
            if encoding == .htj2k { np.transferSyntax = .jpeg2000Lossless }
            if encoding == .jpegLS && g.planar { np.planarInterleaved = true }
            return np
        case .deflate:
            let frames = try (0..<g.frames).map { i in
                var native = try inflated(i)
                var fb = try NativeCodec.frame(native, index: 0, geometry: g)
                fb.fill(rects, with: fill)
                NativeCodec.store(fb, into: &native, index: 0, geometry: g)
                return try Deflate.deflate(native)
            }
            return NewPixels(bytes: Encapsulation.encapsulate(frames, offsetTable: g.frames > 1), encapsulated: true)
        case .jpegLossless:
            // No lossless JPEG encoder here: written back native.
            return try decodedAndMasked(rects, fill: fill, transferSyntax: .explicitVRLittleEndian, decoded: consume decoded)
        case .unsupported(let n):
            throw PixelError("cannot re-encode \(n)", cause: .unsupportedSyntax)
        }
    }

    /// Every frame decoded, masked and written native with samples interleaved.
    public func decodedAndMasked(
        _ rects: [PixelRect], fill: [Int32], transferSyntax: TransferSyntax?, decoded: consuming [Int: FrameBuffer] = [:]
    ) throws -> NewPixels {
        var out: [UInt8] = []
        out.reserveCapacity(g.rows * g.columns * g.samplesPerPixel * g.bytesPerSample * g.frames)
        for i in 0..<g.frames {
            var fb = try decoded.removeValue(forKey: i) ?? frame(i)
            fb.fill(rects, with: fill)
            out += fb.bytes
        }
        if out.count & 1 == 1 { out.append(0) }
        var np = NewPixels(bytes: out, encapsulated: false, transferSyntax: transferSyntax)
        if g.samplesPerPixel > 1 && g.planar { np.planarInterleaved = true }
        // Lossless JPEG keeps every sample; 4:2:2 headers on such data describe full-resolution chroma.
        if encoding == .jpegLossless && g.isSubsampled422 { np.photometric = "YBR_FULL" }
        if decodedPhotometric != g.photometric { np.photometric = decodedPhotometric }
        return np
    }
}

extension FrameSource {
    /// One warning per kind of damage (see `gray(_:damage:)`), naming its frames.
    public static func damageWarnings(_ frames: [String: [Int]]) -> [String] {
        frames.sorted { $0.value[0] < $1.value[0] }.map { note, f in
            let listed = f.prefix(8).map(String.init).joined(separator: ", ")
            return (f.count == 1 ? "frame " : "frames ") + listed + (f.count > 8 ? " and \(f.count - 8) more" : "") + ": " + note
        }
    }
}

extension GrayImage {
    /// This picture at the top left of a blank (black) one of `w` x `h`, cut to fit.
    public func placed(inWidth w: Int, height h: Int) -> GrayImage {
        var out = [UInt8](repeating: 0, count: w * h)
        let cw = min(w, width)
        for y in 0..<min(h, height) {
            out.replaceSubrange((y * w)..<(y * w + cw), with: pixels[(y * width)..<(y * width + cw)])
        }
        return GrayImage(width: w, height: h, pixels: out)
    }
}
