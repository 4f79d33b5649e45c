/// A DICOM attribute tag: group and element packed as `0xGGGGEEEE`.
public struct Tag: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    @inlinable public init(_ rawValue: UInt32) { self.rawValue = rawValue }
    @inlinable public init(group: UInt16, element: UInt16) {
        rawValue = UInt32(group) << 16 | UInt32(element)
    }

    @inlinable public var group: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    @inlinable public var element: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    /// Odd groups above 0x0008 hold private data elements.
    @inlinable public var isPrivate: Bool { group & 1 == 1 && group > 0x0008 }
    /// (gggg,0010)-(gggg,00FF) in a private group: the block's creator string.
    @inlinable public var isPrivateCreator: Bool { isPrivate && element >= 0x0010 && element <= 0x00FF }
    /// The creator element that reserves this private element's block, e.g. (0029,1010) -> (0029,0010).
    @inlinable public var privateCreatorTag: Tag? {
        guard isPrivate, element >= 0x1000 else { return nil }
        return Tag(group: group, element: element >> 8)
    }
    @inlinable public var isGroupLength: Bool { element == 0 }

    public static func < (a: Tag, b: Tag) -> Bool { a.rawValue < b.rawValue }

    /// `GGGGEEEE` in upper-case hex, as keys of the DICOM JSON model.
    public var hex: String { upperHex(rawValue, digits: 8) }
    /// `(gggg,eeee)`, as dcmdump prints it.
    public var description: String {
        let h = hex.lowercased()
        return "(\(h.prefix(4)),\(h.suffix(4)))"
    }

    /// Parses `GGGGEEEE` (8 hex digits).
    @inlinable public init?(hex: some StringProtocol) { self.init(hexDigits: hex.utf8) }

    /// Parses 8 ASCII hex digits given as bytes.
    @inlinable public init?<C: Collection>(hexDigits: C) where C.Element == UInt8 {
        guard hexDigits.count == 8 else { return nil }
        var v: UInt32 = 0
        for c in hexDigits {
            switch c {
            case 0x30...0x39: v = v << 4 | UInt32(c - 0x30)
            case 0x41...0x46: v = v << 4 | UInt32(c - 0x37)
            case 0x61...0x66: v = v << 4 | UInt32(c - 0x57)
            default: return nil
            }
        }
        self.init(v)
    }

    // Structural tags.
    public static let item = Tag(0xFFFE_E000)
    public static let itemDelimitation = Tag(0xFFFE_E00D)
    public static let sequenceDelimitation = Tag(0xFFFE_E0DD)
    // Attributes by keyword: Generated/Tag+Generated.swift (`Tag.patientName`).
}

/// The last `digits` hex digits of `v`, upper case (at most 8). Written in place: a string
/// this short is stored inline, so nothing is allocated.
public func upperHex(_ v: UInt32, digits: Int) -> String {
    String(unsafeUninitializedCapacity: digits) { out in
        var v = v
        for i in stride(from: digits - 1, through: 0, by: -1) {
            let d = UInt8(truncatingIfNeeded: v & 0xF)
            out[i] = d < 10 ? 0x30 + d : 0x37 + d
            v >>= 4
        }
        return digits
    }
}
