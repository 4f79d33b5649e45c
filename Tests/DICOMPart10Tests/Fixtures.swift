import DICOMCore
import DICOMPart10

/// Builds encoded DICOM in tests, so fixtures need no files on disk.
struct ByteBuilder {
    var out: [UInt8] = []
    var bigEndian = false
    /// Offsets where top-level elements end (a reader may stop cleanly there).
    var boundaries: [Int] = []

    init(bigEndian: Bool = false) { self.bigEndian = bigEndian }

    mutating func u16(_ v: UInt16) {
        if bigEndian { out += [UInt8(v >> 8), UInt8(v & 0xFF)] } else { out += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    }
    mutating func u32(_ v: UInt32) {
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) }
        out += bigEndian ? bytes.reversed() : bytes
    }
    mutating func tag(_ t: UInt32) { u16(UInt16(t >> 16)); u16(UInt16(t & 0xFFFF)) }

    /// An explicit VR header; the long form for OB, OW, SQ, UN, UT, ...
    mutating func explicitHeader(_ t: UInt32, _ vr: String, length: UInt32) {
        tag(t)
        out += Array(vr.utf8)
        if let v = VR(rawValue: vr), v.hasLongLength {
            out += [0, 0]; u32(length)
        } else {
            u16(UInt16(truncatingIfNeeded: length))
        }
    }
    mutating func implicitHeader(_ t: UInt32, length: UInt32) { tag(t); u32(length) }

    mutating func explicit(_ t: UInt32, _ vr: String, _ value: [UInt8]) {
        explicitHeader(t, vr, length: UInt32(value.count)); out += value
    }
    mutating func explicit(_ t: UInt32, _ vr: String, _ text: String) {
        explicit(t, vr, ByteBuilder.padded(text, vr: vr))
    }
    mutating func implicit(_ t: UInt32, _ value: [UInt8]) { implicitHeader(t, length: UInt32(value.count)); out += value }
    mutating func implicit(_ t: UInt32, _ text: String, vr: String = "LO") { implicit(t, ByteBuilder.padded(text, vr: vr)) }

    mutating func item(length: UInt32 = 0xFFFF_FFFF) { tag(0xFFFE_E000); u32(length) }
    mutating func itemDelimiter() { tag(0xFFFE_E00D); u32(0) }
    mutating func sequenceDelimiter() { tag(0xFFFE_E0DD); u32(0) }
    /// Records the current end as a clean top-level boundary.
    mutating func mark() { boundaries.append(out.count) }

    static func padded(_ text: String, vr: String) -> [UInt8] {
        var b = Array(text.utf8)
        if b.count % 2 == 1 { b.append(vr == "UI" ? 0 : 0x20) }
        return b
    }
    static func us(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func usBE(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
}

enum Fixture {
    static let sopClass = "1.2.840.10008.5.1.4.1.1.7"
    static let sopInstance = "1.2.826.0.1.3680043.9.7433.1.1"

    /// Preamble, DICM and an explicit VR little endian meta group (with its group length).
    static func part10Head(transferSyntax ts: String) -> [UInt8] {
        var m = ByteBuilder()
        m.explicit(0x0002_0001, "OB", [0, 1])
        m.explicit(0x0002_0002, "UI", sopClass)
        m.explicit(0x0002_0003, "UI", sopInstance)
        m.explicit(0x0002_0010, "UI", ts)
        m.explicit(0x0002_0012, "UI", "1.2.826.0.1.3680043.9.7433.99")
        var head = ByteBuilder()
        head.out = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)
        head.explicit(0x0002_0000, "UL", [UInt8(m.out.count & 0xFF), UInt8(m.out.count >> 8 & 0xFF), 0, 0])
        return head.out + m.out
    }

    /// A small explicit VR little endian file: text, a nested undefined-length sequence,
    /// a defined-length sequence, numbers and native pixel data. `boundaries` are the
    /// offsets where a cut leaves a well-formed shorter file.
    static func explicitLittle() -> (bytes: [UInt8], boundaries: [Int]) {
        var b = ByteBuilder()
        b.out = part10Head(transferSyntax: "1.2.840.10008.1.2.1")
        b.mark()
        b.explicit(0x0008_0005, "CS", "ISO_IR 100"); b.mark()
        b.explicit(0x0008_0016, "UI", sopClass); b.mark()
        b.explicit(0x0008_0018, "UI", sopInstance); b.mark()
        b.explicit(0x0008_1030, "LO", "CHEST PA"); b.mark()
        b.explicitHeader(0x0008_1115, "SQ", length: 0xFFFF_FFFF)
        b.item()
        b.explicit(0x0008_1150, "UI", sopClass)
        b.explicitHeader(0x0008_114A, "SQ", length: 0xFFFF_FFFF)
        b.item(length: 18)
        b.explicit(0x0008_1155, "UI", "1.2.3.4.5")
        b.sequenceDelimiter()
        b.itemDelimiter()
        b.sequenceDelimiter(); b.mark()
        b.explicit(0x0010_0010, "PN", "DOE^JANE"); b.mark()
        // A defined-length sequence with one defined-length item.
        var item = ByteBuilder()
        item.explicit(0x0008_0100, "SH", "T-D3000")
        item.explicit(0x0008_0102, "SH", "SRT")
        b.explicitHeader(0x0008_2218, "SQ", length: UInt32(item.out.count + 8))
        b.item(length: UInt32(item.out.count))
        b.out += item.out; b.mark()
        b.explicit(0x0028_0010, "US", ByteBuilder.us(2)); b.mark()
        b.explicit(0x0028_0011, "US", ByteBuilder.us(4)); b.mark()
        b.explicit(0x0028_0100, "US", ByteBuilder.us(16)); b.mark()
        b.explicit(0x7FE0_0010, "OW", (0..<16).map { UInt8($0) }); b.mark()
        return (b.out, b.boundaries)
    }

    /// A bare implicit VR little endian data set with a private block and an
    /// undefined-length sequence.
    static func implicitLittle() -> (bytes: [UInt8], boundaries: [Int]) {
        var b = ByteBuilder()
        b.implicit(0x0008_0016, "1.2.840.10008.5.1.4.1.1.2", vr: "UI"); b.mark()
        b.implicit(0x0008_0018, sopInstance, vr: "UI"); b.mark()
        b.implicit(0x0009_0010, "ACME 1.0"); b.mark()
        b.implicit(0x0009_1001, [1, 2, 3, 4]); b.mark()
        b.implicitHeader(0x0008_1140, length: 0xFFFF_FFFF)
        b.item()
        b.implicit(0x0008_1155, "1.2.3", vr: "UI")
        b.itemDelimiter()
        b.sequenceDelimiter(); b.mark()
        b.implicit(0x0010_0010, "ROE^RICHARD", vr: "PN"); b.mark()
        b.implicit(0x0028_0010, ByteBuilder.us(1)); b.mark()
        return (b.out, b.boundaries)
    }

    /// A big endian explicit VR file with a number, text and a UN sequence of undefined
    /// length, which PS3.5 6.2.2 encodes in implicit VR little endian.
    static func explicitBig() -> [UInt8] {
        var b = ByteBuilder(bigEndian: true)
        b.out = part10Head(transferSyntax: "1.2.840.10008.1.2.2")
        b.explicit(0x0008_0016, "UI", sopClass)
        b.explicit(0x0008_0018, "UI", sopInstance)
        b.explicitHeader(0x0008_2112, "UN", length: 0xFFFF_FFFF)
        var content = ByteBuilder()  // little endian, implicit VR
        content.implicit(0x0008_1155, "1.2.3.4.5.6", vr: "UI")
        var inner = ByteBuilder()
        inner.item(length: UInt32(content.out.count))
        inner.out += content.out
        inner.sequenceDelimiter()
        b.out += inner.out
        b.explicit(0x0010_0010, "PN", "DOE^JOHN")
        b.explicit(0x0028_0010, "US", ByteBuilder.usBE(512))
        return b.out
    }

    /// An encapsulated (JPEG baseline) file: empty offset table and two fragments.
    static func encapsulated() -> (bytes: [UInt8], boundaries: [Int]) {
        var b = ByteBuilder()
        b.out = part10Head(transferSyntax: "1.2.840.10008.1.2.4.50")
        b.mark()
        b.explicit(0x0008_0018, "UI", sopInstance); b.mark()
        b.explicit(0x0028_0010, "US", ByteBuilder.us(8)); b.mark()
        b.explicitHeader(0x7FE0_0010, "OB", length: 0xFFFF_FFFF)
        b.item(length: 0)
        b.item(length: 6); b.out += [0xFF, 0xD8, 0xFF, 0xE0, 0, 0]
        b.item(length: 4); b.out += [0x12, 0x34, 0xFF, 0xD9]
        b.sequenceDelimiter(); b.mark()
        return (b.out, b.boundaries)
    }

    /// A deflated explicit VR little endian file made from `explicitLittle`'s data set.
    static func deflated(gzipTrailer: Bool = false) throws -> [UInt8] {
        let plain = explicitLittle().bytes
        let dataset = Array(plain[part10Head(transferSyntax: "1.2.840.10008.1.2.1").count...])
        var out = part10Head(transferSyntax: "1.2.840.10008.1.2.1.99") + (try Deflate.deflate(dataset))
        if gzipTrailer { out += Deflate.gzipTrailer(for: dataset) }
        return out
    }
}

extension Fixture {
    /// A bare explicit VR little endian data set with `levels` nested undefined-length
    /// sequences (each holding one undefined-length item) around a text element.
    static func nested(levels: Int, definedLength: Bool = false) -> [UInt8] {
        var leaf = ByteBuilder()
        leaf.explicit(0x0040_A160, "UT", "deep")
        var head = ByteBuilder(), tail = ByteBuilder()
        head.explicit(0x0008_0016, "UI", sopClass)
        for level in 0..<levels {
            if definedLength {
                // Each level adds a 12-byte SQ header and an 8-byte item header.
                let itemLength = leaf.out.count + 20 * (levels - level - 1)
                head.explicitHeader(0x0040_A730, "SQ", length: UInt32(itemLength + 8))
                head.item(length: UInt32(itemLength))
            } else {
                head.explicitHeader(0x0040_A730, "SQ", length: 0xFFFF_FFFF)
                head.item()
                tail.itemDelimiter()
                tail.sequenceDelimiter()
            }
        }
        return head.out + leaf.out + tail.out
    }
}
