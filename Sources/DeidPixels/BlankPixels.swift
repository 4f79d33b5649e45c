/// Pixel data whose content is one byte value repeated (or nothing) holds no picture, so no
/// burned-in text, whatever its header claims: seen as zero-filled fragments under a JPEG
/// label and as 256 zero bytes under a 65535 x 65535 header. Such data cannot be decoded,
/// yet refusing the file would lose it for nothing.
enum BlankPixels {
    /// True when every content byte is the same (for encapsulated data: every fragment byte,
    /// the offset table aside). Encapsulated data that does not parse as items is not blank.
    static func isBlank(_ data: [UInt8], encapsulated: Bool) -> Bool {
        guard encapsulated else { return data.allSatisfy { $0 == data.first } }
        var pos = 0, first: UInt8? = nil, item = 0
        func u32(_ o: Int) -> Int { Int(data[o]) | Int(data[o + 1]) << 8 | Int(data[o + 2]) << 16 | Int(data[o + 3]) << 24 }
        while pos + 8 <= data.count {
            let tag = u32(pos), len = u32(pos + 4)
            if tag == 0xE0DD_FFFE { return true }
            guard tag == 0xE000_FFFE, len != 0xFFFF_FFFF, pos + 8 + len <= data.count else { return false }
            if item > 0 {
                for b in data[(pos + 8)..<(pos + 8 + len)] {
                    if first == nil { first = b } else if b != first { return false }
                }
            }
            item += 1
            pos += 8 + len
        }
        return pos == data.count
    }
}
