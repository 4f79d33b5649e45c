import DICOMCore

// Byte-level shortcuts for the record encoder's common cases: plain-ASCII text values and
// integer binary values are written straight from their bytes, with no intermediate
// Strings or JSON values. Each shortcut produces exactly what the general path
// (ValueCodec.values + JSONWriter.value + the `_raw` check) produces, and declines
// (returns false) whenever that would need the general path's extra members.

extension JSONWriter {
    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Writes `"GGGGEEEE":`.
    mutating func tagKey(_ tag: Tag) {
        out.append(UInt8(ascii: "\""))
        var v = tag.rawValue
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { d in
            for i in stride(from: 7, through: 0, by: -1) { d[i] = JSONWriter.hexDigits[Int(v & 0xF)]; v >>= 4 }
            out.append(contentsOf: d)
        }
        out.append(UInt8(ascii: "\"")); out.append(UInt8(ascii: ":"))
    }

    /// Writes `"vr":"XX"` (the two letters of a VR).
    mutating func vrMember(_ vr: VR) {
        raw("\"vr\":\"")
        out.append(contentsOf: vr.rawValue.utf8)
        out.append(UInt8(ascii: "\""))
    }

    /// Writes UTF-8 bytes as a JSON string: `"`, `\\` and control characters escaped.
    mutating func string(bytes u: UnsafeBufferPointer<UInt8>) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        for i in 0..<u.count {
            let c = u[i]
            if c >= 0x20 && c != 0x22 && c != 0x5C { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: u[runStart..<i]))
            runStart = i + 1
            switch c {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            default:
                raw("\\u00")
                // `| 0x20` lower-cases A-F and leaves digits alone.
                out.append(JSONWriter.hexDigits[Int(c >> 4)] | 0x20)
                out.append(JSONWriter.hexDigits[Int(c & 0xF)] | 0x20)
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: u[runStart..<u.count]))
        out.append(UInt8(ascii: "\""))
    }

    /// Writes a signed integer in decimal.
    mutating func integer(_ n: Int64) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        unsigned(n.magnitude)
    }

    /// Writes an unsigned integer in decimal.
    mutating func unsigned(_ n: UInt64) {
        var v = n
        var buf: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &buf) { d in
            var i = d.count
            repeat { i -= 1; d[i] = UInt8(truncatingIfNeeded: v % 10) + 0x30; v /= 10 } while v > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[i...]))
        }
    }
}

extension RecordEncoder {
    /// The `Value` member of a plain-ASCII text element (any VR but PN), written from its
    /// bytes. False, with nothing written, when the bytes are not plain ASCII or would not
    /// come back from their values exactly (so the general path adds `_raw`).
    static func writeASCIIText(_ bytes: [UInt8], vr: VR, into w: inout JSONWriter) -> Bool {
        bytes.withUnsafeBufferPointer { b -> Bool in
            let n = b.count
            guard n > 0 else { return false }
            for c in b where c >= 0x80 || c == 0x1B { return false }
            let keepLeading: Bool
            switch vr {
            case .LT, .ST, .UT, .UR: keepLeading = true;
            default: keepLeading = false
            }
            let single = vr.isSingleValuedText
            // The bytes come back exactly when no value has trimmable spaces except the
            // last, which may carry the one padding byte that makes the length even.
            var start = 0
            var ranges: [Range<Int>] = []
            while true {
                var end = start
                if !single { while end < n, b[end] != 0x5C { end += 1 } } else { end = n }
                var lo = start, hi = end
                while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0 { hi -= 1 }
                if !keepLeading { while lo < hi, b[lo] == 0x20 { lo += 1 } }
                if lo != start { return false }
                if end == n {
                    let unpadded = n - (end - hi)
                    if unpadded & 1 == 0 { if hi != end { return false } } else if end != hi + 1 || b[hi] != vr.paddingByte { return false }
                } else if hi != end {
                    return false
                }
                ranges.append(lo..<hi)
                if end >= n { break }
                start = end + 1
            }
            let numeric = vr == .DS || vr == .IS
            w.raw(",\"Value\":[")
            for (i, r) in ranges.enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                let v = UnsafeBufferPointer(rebasing: b[r])
                if v.isEmpty {
                    if numeric || !single { w.raw("null") } else { w.raw("\"\"") }
                } else if numeric && ValueCodec.isJSONNumber(v) {
                    w.out.append(contentsOf: v)
                } else {
                    w.string(bytes: v)
                }
            }
            w.byte(UInt8(ascii: "]"))
            return true
        }
    }

    /// The `Value` member of a US, SS, UL or SL element; false when the length is not a
    /// whole number of values (the general path keeps the bytes in `_raw`).
    static func writeIntegers(_ bytes: [UInt8], vr: VR, into w: inout JSONWriter) -> Bool {
        let size = vr.wordSize
        guard !bytes.isEmpty, bytes.count % size == 0 else { return false }
        w.raw(",\"Value\":[")
        bytes.withUnsafeBytes { raw in
            var i = 0
            while i < raw.count {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                switch vr {
                case .US: w.unsigned(UInt64(raw.loadUnaligned(fromByteOffset: i, as: UInt16.self).littleEndian))
                case .SS: w.integer(Int64(raw.loadUnaligned(fromByteOffset: i, as: Int16.self).littleEndian))
                case .UL: w.unsigned(UInt64(raw.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian))
                default: w.integer(Int64(raw.loadUnaligned(fromByteOffset: i, as: Int32.self).littleEndian))
                }
                i += size
            }
        }
        w.byte(UInt8(ascii: "]"))
        return true
    }
}
