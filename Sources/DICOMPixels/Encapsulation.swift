/// Encapsulated pixel data (PS3.5 A.4): a Basic Offset Table item, fragment items, and a
/// sequence delimitation item.
public enum Encapsulation {
    /// The compressed frames of `bytes`, using the offset table when present, else one
    /// fragment a frame when the counts agree, else JPEG start-of-image markers.
    public static func frames(_ bytes: [UInt8], count: Int) throws -> [[UInt8]] {
        func u32(_ o: Int) -> Int { Encapsulation.u32(bytes, o) }
        let items = try self.items(bytes)
        guard let bot = items.first else { throw PixelError("encapsulated pixel data has no offset table") }
        let frags = Array(items.dropFirst())
        guard !frags.isEmpty else { throw PixelError("encapsulated pixel data has no fragments") }
        if count <= 1 { return [frags.flatMap { bytes[$0.start..<($0.start + $0.length)] }] }
        if frags.count == count { return frags.map { Array(bytes[$0.start..<($0.start + $0.length)]) } }
        // Offsets in the table are from the first fragment item's tag.
        let first = frags[0].start - 8
        var groups: [[UInt8]] = []
        if bot.length >= 4 * count {
            let offsets = (0..<count).map { u32(bot.start + 4 * $0) }
            for (k, off) in offsets.enumerated() {
                let end = k + 1 < count ? offsets[k + 1] : Int.max
                let parts = frags.filter { $0.start - 8 - first >= off && $0.start - 8 - first < end }
                groups.append(parts.flatMap { bytes[$0.start..<($0.start + $0.length)] })
            }
        } else {
            for f in frags {
                let isStart = f.length >= 2 && bytes[f.start] == 0xFF && bytes[f.start + 1] == 0xD8
                if isStart || groups.isEmpty { groups.append([]) }
                groups[groups.count - 1].append(contentsOf: bytes[f.start..<(f.start + f.length)])
            }
        }
        guard groups.count == count else { throw PixelError("found \(groups.count) compressed frames, expected \(count)") }
        return groups
    }

    /// Where each item's value lies (the offset table first), up to the sequence delimiter.
    public static func items(_ bytes: [UInt8]) throws -> [(start: Int, length: Int)] {
        var items: [(start: Int, length: Int)] = []
        var pos = 0
        func u32(_ o: Int) -> Int { Encapsulation.u32(bytes, o) }
        while pos + 8 <= bytes.count {
            // Some writers leave an odd-length fragment with an uncounted pad byte after it.
            if let last = items.last, last.length & 1 == 1, bytes[pos] == 0, pos + 9 <= bytes.count,
                bytes[pos + 1] == 0xFE, bytes[pos + 2] == 0xFF, bytes[pos + 3] == 0x00 || bytes[pos + 3] == 0xDD
            {
                pos += 1
            }
            let group = Int(bytes[pos]) | Int(bytes[pos + 1]) << 8, elem = Int(bytes[pos + 2]) | Int(bytes[pos + 3]) << 8
            let len = u32(pos + 4)
            if group == 0xFFFE && elem == 0xE0DD { break }
            guard group == 0xFFFE && elem == 0xE000 else { throw PixelError("encapsulated pixel data has a non-item element") }
            guard len != 0xFFFF_FFFF, pos + 8 + len <= bytes.count else { throw PixelError("encapsulated pixel data item overruns the value") }
            items.append((pos + 8, len)); pos += 8 + len
        }
        return items
    }

    /// The little-endian 32-bit value at `o`.
    public static func u32(_ b: [UInt8], _ o: Int) -> Int {
        Int(b[o]) | Int(b[o + 1]) << 8 | Int(b[o + 2]) << 16 | Int(b[o + 3]) << 24
    }

    /// Encapsulates frames, one fragment each, with a Basic Offset Table when `offsetTable`.
    public static func encapsulate(_ frames: [[UInt8]], offsetTable: Bool) -> [UInt8] {
        var out: [UInt8] = []
        func item(_ len: Int) {
            out += [0xFE, 0xFF, 0x00, 0xE0]
            for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: len >> (8 * k))) }
        }
        if offsetTable {
            item(4 * frames.count)
            var off = 0
            for f in frames {
                for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: off >> (8 * k))) }
                off += 8 + f.count + (f.count & 1)
            }
        } else {
            item(0)
        }
        for f in frames {
            item(f.count + (f.count & 1))
            out += f
            if f.count & 1 == 1 { out.append(0) }
        }
        out += [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]
        return out
    }
}
