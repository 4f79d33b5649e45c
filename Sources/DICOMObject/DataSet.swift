import DICOMCore
import DICOMEncoding

/// An ordered collection of elements: a whole data set, the file meta group, or one
/// sequence item. Elements keep the order they were read in (normally ascending tags).
public struct DataSet: Sendable {
    public var elements: [Element]
    /// As an item of a sequence: written with undefined length and an item delimiter.
    public var undefinedLength: Bool
    /// As a defined-length item: bytes its declared length claimed beyond its elements
    /// (a writer that removed elements without fixing the length; the sequence and the
    /// input ended first). Written back the same while the item still ends the output, so
    /// an unchanged file survives byte for byte; an item followed by anything is not.
    public var lengthOverrun: UInt32 = 0

    public init(elements: [Element] = [], undefinedLength: Bool = false) {
        self.elements = elements; self.undefinedLength = undefinedLength
    }

    public var isEmpty: Bool { elements.isEmpty }
    public var count: Int { elements.count }

    /// Index of the element with `tag`, if present.
    public func index(of tag: Tag) -> Int? {
        // Sorted input is the rule; a short linear scan handles the exceptions and small sets.
        if elements.count <= 16 { return elements.firstIndex { $0.tag == tag } }
        var lo = 0, hi = elements.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let t = elements[mid].tag
            if t == tag { return mid }
            if t < tag { lo = mid + 1 } else { hi = mid - 1 }
        }
        return elements.firstIndex { $0.tag == tag }
    }

    public subscript(tag: Tag) -> Element? {
        get { index(of: tag).map { elements[$0] } }
        set {
            if let i = index(of: tag) {
                if let e = newValue { elements[i] = e } else { elements.remove(at: i) }
            } else if let e = newValue {
                insert(e)
            }
        }
    }

    /// Inserts keeping ascending tag order (replacing an element with the same tag).
    public mutating func insert(_ element: Element) {
        if let i = index(of: element.tag) { elements[i] = element; return }
        let pos = elements.firstIndex { $0.tag > element.tag } ?? elements.count
        elements.insert(element, at: pos)
    }

    @discardableResult
    public mutating func remove(_ tag: Tag) -> Element? {
        guard let i = index(of: tag) else { return nil }
        return elements.remove(at: i)
    }

    /// The character set declared by (0008,0005) in this data set, if any. When a damaged
    /// set holds the tag twice the first counts, as for a JSON reader of the stream.
    public var declaredCharacterSet: SpecificCharacterSet? {
        guard let b = elements.first(where: { $0.tag == .specificCharacterSet })?.bytes else { return nil }
        return SpecificCharacterSet(rawValue: b)
    }
}

extension DataSet {
    /// The text of a string element, decoded in `charset`, with padding removed;
    /// nil when absent, not a string, or not decodable.
    public func string(_ tag: Tag, charset: SpecificCharacterSet = .defaultRepertoire) -> String? {
        guard let e = self[tag], e.vr.isString, let b = e.bytes else { return nil }
        return TextValue.decode(b, vr: e.vr, charset: charset)
    }

    /// The backslash-separated values of a string element.
    public func strings(_ tag: Tag, charset: SpecificCharacterSet = .defaultRepertoire) -> [String] {
        guard let e = self[tag], e.vr.isString, let b = e.bytes else { return [] }
        return TextValue.decodeValues(b, vr: e.vr, charset: charset) ?? []
    }

    /// Sets a string element (adding it with the dictionary VR when absent), encoded in `charset`.
    public mutating func setString(
        _ tag: Tag, _ text: String, vr: VR? = nil,
        charset: SpecificCharacterSet = .defaultRepertoire
    ) {
        let v = vr ?? self[tag]?.vr ?? DataDictionary.vr(for: tag)
        let bytes = TextValue.encode(text, vr: v, charset: charset)
        if let i = index(of: tag) {
            elements[i].value = .bytes(bytes); elements[i].vr = v; elements[i].wireVR = nil; elements[i].wireVRCode = 0
        } else {
            insert(Element(tag: tag, vr: v, bytes: bytes))
        }
    }

    /// A US or UL value (first of several), little endian.
    public func uint(_ tag: Tag) -> UInt32? {
        guard let e = self[tag], let b = e.bytes else { return nil }
        switch e.vr {
        case .US, .SS: return b.count >= 2 ? UInt32(b[0]) | UInt32(b[1]) << 8 : nil
        case .UL, .SL: return b.count >= 4 ? UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24 : nil
        case .IS: return string(tag).flatMap { UInt32($0.trimmingSpaces()) }
        default: return nil
        }
    }
}

/// Text value coding shared by the data set helpers and the JSON codec.
public enum TextValue {
    /// Decodes value bytes into one string, padding (trailing spaces, NULs) removed;
    /// leading spaces are removed too except for the free-text VRs (PS3.5 6.2).
    public static func decode(_ bytes: [UInt8], vr: VR, charset: SpecificCharacterSet) -> String? {
        if isPlainASCII(bytes) { return asciiString(bytes[...], vr: vr) }
        let cs = vr.usesCharacterSet ? charset : .defaultRepertoire
        guard let s = cs.decode(bytes[...], vr: vr) else { return nil }
        return trim(s, vr: vr)
    }

    /// Decodes value bytes into the list of values (split at backslash for multi-valued VRs).
    public static func decodeValues(_ bytes: [UInt8], vr: VR, charset: SpecificCharacterSet) -> [String]? {
        if isPlainASCII(bytes) {
            // Fast path: bytes are the text; split and trim without building Characters.
            if vr.isSingleValuedText { return [asciiString(bytes[...], vr: vr)] }
            return bytes.split(separator: 0x5C, omittingEmptySubsequences: false).map { asciiString($0, vr: vr) }
        }
        let cs = vr.usesCharacterSet ? charset : .defaultRepertoire
        guard let s = cs.decode(bytes[...], vr: vr) else { return nil }
        if vr.isSingleValuedText { return [trim(s, vr: vr)] }
        return s.split(separator: "\\", omittingEmptySubsequences: false).map { trim(String($0), vr: vr) }
    }

    /// ASCII without ESC: the same text in every character set this toolkit reads.
    @inline(__always) static func isPlainASCII(_ b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { p in
            for c in p where c >= 0x80 || c == 0x1B { return false }
            return true
        }
    }

    static func asciiString(_ b: ArraySlice<UInt8>, vr: VR) -> String {
        var lo = b.startIndex, hi = b.endIndex
        while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0 { hi -= 1 }
        switch vr {
        case .LT, .ST, .UT, .UR: break
        default: while lo < hi, b[lo] == 0x20 { lo += 1 }
        }
        return String(decoding: b[lo..<hi], as: UTF8.self)
    }

    /// Encodes text (values already joined with backslash) and pads it to even length.
    public static func encode(_ text: String, vr: VR, charset: SpecificCharacterSet) -> [UInt8] {
        var b = Array(text.utf8)
        // ASCII is the same bytes in every character set (all start in an ASCII G0).
        if !b.withUnsafeBufferPointer({ $0.allSatisfy { $0 < 0x80 && $0 != 0x1B } }) {
            let cs = vr.usesCharacterSet ? charset : .defaultRepertoire
            b = cs.encode(text, vr: vr) ?? b
        }
        if b.count & 1 == 1 { b.append(vr.paddingByte) }
        return b
    }

    static func trim(_ s: String, vr: VR) -> String {
        var u = Substring(s)
        while let l = u.last, l == " " || l == "\0" { u.removeLast() }
        switch vr {
        case .LT, .ST, .UT, .UR: break
        default: while let f = u.first, f == " " { u.removeFirst() }
        }
        return String(u)
    }
}

extension String {
    /// The string without leading and trailing spaces.
    public func trimmingSpaces() -> String {
        var u = Substring(self)
        while let l = u.last, l == " " || l == "\0" { u.removeLast() }
        while let f = u.first, f == " " { u.removeFirst() }
        return String(u)
    }
}
