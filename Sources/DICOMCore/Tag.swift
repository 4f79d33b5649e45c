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
    public var hex: String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8](repeating: 0, count: 8)
        var v = rawValue
        for i in stride(from: 7, through: 0, by: -1) { out[i] = digits[Int(v & 0xF)]; v >>= 4 }
        return String(decoding: out, as: UTF8.self)
    }
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
    // Tags the codec itself needs.
    public static let fileMetaInformationGroupLength = Tag(0x0002_0000)
    public static let fileMetaInformationVersion = Tag(0x0002_0001)
    public static let mediaStorageSOPClassUID = Tag(0x0002_0002)
    public static let mediaStorageSOPInstanceUID = Tag(0x0002_0003)
    public static let transferSyntaxUID = Tag(0x0002_0010)
    public static let implementationClassUID = Tag(0x0002_0012)
    public static let implementationVersionName = Tag(0x0002_0013)
    public static let specificCharacterSet = Tag(0x0008_0005)
    public static let sopClassUID = Tag(0x0008_0016)
    public static let sopInstanceUID = Tag(0x0008_0018)
    public static let studyInstanceUID = Tag(0x0020_000D)
    public static let seriesInstanceUID = Tag(0x0020_000E)
    public static let patientID = Tag(0x0010_0020)
    public static let patientName = Tag(0x0010_0010)
    public static let modality = Tag(0x0008_0060)
    public static let pixelData = Tag(0x7FE0_0010)
    public static let floatPixelData = Tag(0x7FE0_0008)
    public static let doubleFloatPixelData = Tag(0x7FE0_0009)
}
