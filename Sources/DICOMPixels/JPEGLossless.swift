/// JPEG Lossless (ITU-T T.81 process 14: Huffman coding, non-hierarchical, predictors
/// 1-7, point transform, restart intervals), decoded here: no library on this system reads it.
public enum JPEGLosslessCodec {
    /// A decoded JPEG lossless image: one plane of `width * height` samples per component,
    /// point transform already undone.
    public struct Image: Sendable {
        public var width: Int
        public var height: Int
        public var precision: Int
        public var planes: [[Int32]]
    }

    /// Decodes a frame into a frame buffer shaped like `g` (samples interleaved).
    public static func decode(_ src: [UInt8], geometry g: ImageGeometry) throws -> FrameBuffer {
        let img = try decodeImage(src, rowsHint: g.rows)
        guard img.width == g.columns, img.height == g.rows, img.planes.count == g.samplesPerPixel else {
            throw PixelError(
                "JPEG Lossless frame is \(img.width)x\(img.height)x\(img.planes.count), header says \(g.columns)x\(g.rows)x\(g.samplesPerPixel)")
        }
        guard img.precision <= max(8, g.bitsAllocated) else {
            throw PixelError("JPEG Lossless precision \(img.precision) exceeds Bits Allocated \(g.bitsAllocated)")
        }
        // Every byte written once (no zero-filled buffer first): each plane's samples, one
        // or two bytes each, and zero bytes above them.
        let n = g.samplesPerPixel, bps = g.bytesPerSample
        let size = g.rows * g.columns * n * bps
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { out, count in
            for (s, plane) in img.planes.enumerated() {
                var o = s * bps
                for v in plane {
                    out[o] = UInt8(truncatingIfNeeded: v)
                    if bps > 1 { out[o + 1] = UInt8(truncatingIfNeeded: v >> 8) }
                    for k in 2..<max(2, bps) { out[o + k] = 0 }
                    o += n * bps
                }
            }
            count = size
        }
        return FrameBuffer(
            width: g.columns, height: g.rows, samples: n, bytesPerSample: bps, bitsStored: g.bitsStored, signed: g.signed,
            layout: .interleaved, bytes: bytes)
    }

    /// Decodes one JPEG lossless stream. `rowsHint` is used when the frame header leaves
    /// the number of lines to a DNL marker.
    public static func decodeImage(_ src: [UInt8], rowsHint: Int? = nil) throws -> Image {
        var p = 0
        func u16(_ o: Int) throws -> Int {
            guard o + 1 < src.count else { throw PixelError("JPEG Lossless: stream ends inside a marker segment") }
            return Int(src[o]) << 8 | Int(src[o + 1])
        }
        guard src.count >= 4, src[0] == 0xFF, src[1] == 0xD8 else { throw PixelError("JPEG Lossless: no start-of-image marker") }
        p = 2
        var frame: FrameHeader? = nil
        var dc = [HuffmanTable?](repeating: nil, count: 4)
        var restartInterval = 0
        var planes: [[Int32]] = []
        var pointTransform: [Int] = []
        var scanned = false
        markers: while p < src.count {
            // Find the next marker, skipping fill bytes (and tolerating stray padding).
            guard src[p] == 0xFF else { p += 1; continue }
            while p < src.count && src[p] == 0xFF { p += 1 }
            guard p < src.count else { break }
            let m = src[p]; p += 1
            switch m {
            case 0xD9: break markers
            case 0xD8, 0x01, 0xD0...0xD7: continue
            default: break
            }
            let len = try u16(p)
            guard len >= 2, p + len <= src.count else { throw PixelError("JPEG Lossless: marker segment overruns the stream") }
            let seg = Array(src[(p + 2)..<(p + len)])
            p += len
            switch m {
            case 0xC3:
                frame = try FrameHeader(seg, rowsHint: rowsHint)
                if let f = frame {
                    planes = Array(repeating: [Int32](repeating: 0, count: f.width * f.height), count: f.components.count)
                    pointTransform = Array(repeating: 0, count: f.components.count)
                }
            case 0xC0...0xCF where m != 0xC4 && m != 0xC8 && m != 0xCC:
                throw PixelError("JPEG Lossless: frame type SOF\(Int(m) - 0xC0) is not process 14")
            case 0xC4:
                var k = 0
                while k < seg.count {
                    guard k + 17 <= seg.count else { throw PixelError("JPEG Lossless: truncated Huffman table") }
                    let tc = Int(seg[k] >> 4), th = Int(seg[k] & 15)
                    let counts = (1...16).map { Int(seg[k + $0]) }
                    let total = counts.reduce(0, +)
                    guard k + 17 + total <= seg.count, th < 4 else { throw PixelError("JPEG Lossless: bad Huffman table") }
                    let values = Array(seg[(k + 17)..<(k + 17 + total)])
                    if tc == 0 { dc[th] = try HuffmanTable(counts: counts, values: values) }
                    k += 17 + total
                }
            case 0xDD:
                guard seg.count >= 2 else { throw PixelError("JPEG Lossless: bad restart interval") }
                restartInterval = Int(seg[0]) << 8 | Int(seg[1])
            case 0xDA:
                guard let f = frame else { throw PixelError("JPEG Lossless: scan before frame header") }
                let scan = try ScanHeader(seg, frame: f, tables: dc)
                for c in scan.components { pointTransform[c.index] = scan.pointTransform }
                p = try decodeScan(src, from: p, frame: f, scan: scan, restartInterval: restartInterval, planes: &planes)
                scanned = true
            default:
                continue  // APPn, COM, DQT, DNL, ...
            }
        }
        guard let f = frame, scanned else { throw PixelError("JPEG Lossless: no lossless frame or scan found") }
        for c in 0..<planes.count where pointTransform[c] > 0 {
            let pt = Int32(pointTransform[c])
            for i in planes[c].indices { planes[c][i] <<= pt }
        }
        return Image(width: f.width, height: f.height, precision: f.precision, planes: planes)
    }

    public struct FrameHeader {
        var precision: Int, height: Int, width: Int
        var components: [(id: UInt8, h: Int, v: Int)]
        init(_ s: [UInt8], rowsHint: Int?) throws {
            guard s.count >= 6 else { throw PixelError("JPEG Lossless: truncated frame header") }
            precision = Int(s[0])
            height = Int(s[1]) << 8 | Int(s[2])
            width = Int(s[3]) << 8 | Int(s[4])
            let n = Int(s[5])
            guard (2...16).contains(precision) else { throw PixelError("JPEG Lossless: precision \(precision) is out of range") }
            guard (1...4).contains(n), s.count >= 6 + 3 * n else { throw PixelError("JPEG Lossless: \(n) components not supported") }
            if height == 0, let r = rowsHint { height = r }
            guard width > 0, height > 0 else { throw PixelError("JPEG Lossless: zero image size") }
            components = []
            for k in 0..<n {
                let hv: UInt8 = s[7 + 3 * k]
                components.append((id: s[6 + 3 * k], h: Int(hv >> 4), v: Int(hv & 15)))
            }
            let h0 = components[0].h, v0 = components[0].v
            if n > 1 && components.contains(where: { $0.h != h0 || $0.v != v0 }) {
                throw PixelError("JPEG Lossless: subsampled components are not supported")
            }
        }
    }

    public struct ScanHeader {
        var components: [(index: Int, table: HuffmanTable)]
        var predictor: Int
        var pointTransform: Int
        init(_ s: [UInt8], frame f: FrameHeader, tables: [HuffmanTable?]) throws {
            guard s.count >= 1 else { throw PixelError("JPEG Lossless: truncated scan header") }
            let n = Int(s[0])
            guard (1...4).contains(n), s.count >= 1 + 2 * n + 3 else { throw PixelError("JPEG Lossless: bad scan header") }
            components = []
            for k in 0..<n {
                let id = s[1 + 2 * k], td = Int(s[2 + 2 * k] >> 4)
                guard let idx = f.components.firstIndex(where: { $0.id == id }) else {
                    throw PixelError("JPEG Lossless: scan names an unknown component")
                }
                guard td < 4, let t = tables[td] else { throw PixelError("JPEG Lossless: scan uses an undefined Huffman table") }
                components.append((idx, t))
            }
            predictor = Int(s[1 + 2 * n])
            pointTransform = Int(s[3 + 2 * n] & 15)
            guard (1...7).contains(predictor) else { throw PixelError("JPEG Lossless: predictor \(predictor) is not supported") }
            guard pointTransform < f.precision else { throw PixelError("JPEG Lossless: point transform out of range") }
        }
    }

    /// Huffman decoding tables (T.81 F.2.2.3) with a 10-bit fast lookup.
    public struct HuffmanTable {
        static let fastBits = 10
        /// For codes up to `fastBits` long: length << 8 | value, 0 when longer.
        var fast: [UInt16]
        var maxCode = [Int32](repeating: -1, count: 18)
        var valPtr = [Int32](repeating: 0, count: 17)
        var minCode = [Int32](repeating: 0, count: 17)
        var values: [UInt8]

        init(counts: [Int], values: [UInt8]) throws {
            self.values = values
            fast = [UInt16](repeating: 0, count: 1 << Self.fastBits)
            var code = 0, k = 0
            for len in 1...16 {
                valPtr[len] = Int32(k); minCode[len] = Int32(code)
                for _ in 0..<counts[len - 1] {
                    guard code < (1 << len) else { throw PixelError("JPEG Lossless: Huffman table has too many codes") }
                    if len <= Self.fastBits {
                        let shift = Self.fastBits - len
                        for j in 0..<(1 << shift) { fast[(code << shift) | j] = UInt16(len << 8) | UInt16(values[k]) }
                    }
                    code += 1; k += 1
                }
                maxCode[len] = counts[len - 1] > 0 ? Int32(code - 1) : -1
                code <<= 1
            }
            maxCode[17] = Int32.max
        }
    }

    /// Entropy-coded data with byte stuffing removed, split at restart markers.
    public struct EntropyData {
        var bytes: [UInt8] = []
        var segmentStarts: [Int] = [0]
        var end: Int
        init(_ src: [UInt8], from start: Int) {
            bytes.reserveCapacity(src.count - start)
            var i = start
            end = src.count
            while i < src.count {
                let b = src[i]
                if b != 0xFF { bytes.append(b); i += 1; continue }
                guard i + 1 < src.count else { i += 1; break }
                let n = src[i + 1]
                if n == 0x00 {
                    bytes.append(0xFF); i += 2
                } else if n == 0xFF {
                    i += 1
                } else if (0xD0...0xD7).contains(n) {
                    segmentStarts.append(bytes.count); i += 2
                } else {
                    end = i; return
                }
            }
            end = i
        }
    }

    /// Decodes one scan into `planes`; returns the position of the marker that ends it.
    public static func decodeScan(
        _ src: [UInt8], from start: Int, frame f: FrameHeader, scan: ScanHeader,
        restartInterval: Int, planes: inout [[Int32]]
    ) throws -> Int {
        let data = EntropyData(src, from: start)
        let w = f.width, h = f.height
        let initial = Int32(1) << Int32(f.precision - scan.pointTransform - 1)
        let predictor = scan.predictor
        let comps = scan.components.map(\.index)
        let tables = scan.components.map(\.table)
        var segment = 0
        try data.bytes.withUnsafeBufferPointer { buf in
            var pos = 0, acc: UInt64 = 0, nbits = 0
            let limit = buf.count
            var left = restartInterval
            var firstRow = 0, firstX = 0
            // Gather plane pointers for the components of this scan.
            var ptrs: [UnsafeMutablePointer<Int32>] = []
            var holders: [UnsafeMutableBufferPointer<Int32>] = []
            // Left unfilled: the scan writes every sample of its components, each before
            // any prediction reads it (predictions read samples left of and above it).
            for _ in comps {
                let hb = UnsafeMutableBufferPointer<Int32>.allocate(capacity: w * h)
                holders.append(hb)
                guard let base = hb.baseAddress else { throw PixelError("JPEG Lossless: empty image") }
                ptrs.append(base)
            }
            defer { for hb in holders { hb.deallocate() } }
            // Fast lookups of every scan component side by side, read without copying the tables.
            let fastAll = UnsafeMutableBufferPointer<UInt16>.allocate(capacity: tables.count << HuffmanTable.fastBits)
            defer { fastAll.deallocate() }
            for (k, t) in tables.enumerated() {
                for j in 0..<t.fast.count { fastAll[k << HuffmanTable.fastBits | j] = t.fast[j] }
            }
            for y in 0..<h {
                for x in 0..<w {
                    if restartInterval > 0 {
                        if left == 0 {
                            segment += 1
                            guard segment < data.segmentStarts.count else { throw PixelError("JPEG Lossless: missing restart marker") }
                            pos = data.segmentStarts[segment]; acc = 0; nbits = 0
                            left = restartInterval; firstRow = y; firstX = x
                        }
                        left -= 1
                    }
                    let i = y * w + x
                    for k in 0..<ptrs.count {
                        while nbits <= 56 {
                            let b: UInt8 = pos < limit ? buf[pos] : 0
                            pos += 1
                            acc |= UInt64(b) << UInt64(56 - nbits)
                            nbits += 8
                        }
                        let peek = Int(acc >> 48)
                        var sym: Int
                        let e = fastAll[k << HuffmanTable.fastBits | peek >> (16 - HuffmanTable.fastBits)]
                        if e != 0 {
                            let len = Int(e >> 8)
                            sym = Int(e & 0xFF)
                            acc <<= UInt64(len); nbits -= len
                        } else {
                            let t = tables[k]
                            var len = HuffmanTable.fastBits + 1
                            while len <= 16 && Int32(peek >> (16 - len)) > t.maxCode[len] { len += 1 }
                            guard len <= 16 else { throw PixelError("JPEG Lossless: bad Huffman code at row \(y)") }
                            let code = Int32(peek >> (16 - len))
                            let vi = Int(t.valPtr[len] + code - t.minCode[len])
                            guard vi < t.values.count else { throw PixelError("JPEG Lossless: bad Huffman code at row \(y)") }
                            sym = Int(t.values[vi])
                            acc <<= UInt64(len); nbits -= len
                        }
                        var diff: Int32
                        switch sym {
                        case 0: diff = 0
                        case 16: diff = 32768
                        case 1...15:
                            let bits = Int32(acc >> UInt64(64 - sym))
                            acc <<= UInt64(sym); nbits -= sym
                            diff = bits < (Int32(1) << Int32(sym - 1)) ? bits - (Int32(1) << Int32(sym)) + 1 : bits
                        default: throw PixelError("JPEG Lossless: difference category \(sym) is out of range")
                        }
                        let plane = ptrs[k]
                        let pred: Int32
                        if y == firstRow {
                            pred = x == firstX ? initial : plane[i - 1]
                        } else if x == 0 {
                            pred = plane[i - w]
                        } else {
                            let ra = plane[i - 1], rb = plane[i - w], rc = plane[i - w - 1]
                            switch predictor {
                            case 1: pred = ra
                            case 2: pred = rb
                            case 3: pred = rc
                            case 4: pred = ra + rb - rc
                            case 5: pred = ra + ((rb - rc) >> 1)
                            case 6: pred = rb + ((ra - rc) >> 1)
                            default: pred = (ra + rb) >> 1
                            }
                        }
                        plane[i] = (pred &+ diff) & 0xFFFF
                    }
                }
            }
            for (k, c) in comps.enumerated() { planes[c] = Array(holders[k]) }
        }
        return data.end
    }
}
