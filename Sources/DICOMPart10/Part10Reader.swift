import DICOMCore
import DICOMObject
#if canImport(Glibc)
import Glibc
#endif

/// Reads Part 10 files and bare data sets into `DICOMFile`s without changing any value.
public struct Part10Reader: Sendable {
    /// Reading options.
    public struct Options: Sendable {
        /// Binary values (OB, OW, UN, ...) longer than this stay in the source as `BulkData`.
        public var bulkThreshold: Int = 1024
        /// Deepest sequence nesting accepted; deeper input is rejected as hostile.
        public var maxDepth: Int = 128
        /// VR of private elements in implicit VR data sets, by group, creator and element byte.
        public var privateVR: (@Sendable (_ group: UInt16, _ creator: String, _ elementByte: UInt8) -> VR?)?
        public init() {}
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    /// Reads the file at `path` (mapped when large, so bulk data is never copied whole).
    public func read(contentsOf path: String) throws -> DICOMFile {
        try read(source: FileSource.open(path))
    }

    /// Reads `bytes` as a file or bare data set.
    public func read(bytes: [UInt8]) throws -> DICOMFile {
        try read(source: ByteSource(copying: bytes))
    }

    public func read(source: ByteSource) throws -> DICOMFile {
        let buf = source.base
        var notes: [String] = []
        var pos = 0
        var preamble: [UInt8]? = nil
        var hasPrefix = false
        if buf.count >= 132, buf[128] == 0x44, buf[129] == 0x49, buf[130] == 0x43, buf[131] == 0x4D {
            preamble = Array(buf[0..<128]); hasPrefix = true; pos = 132
        } else if buf.count >= 4, buf[0] == 0x44, buf[1] == 0x49, buf[2] == 0x43, buf[3] == 0x4D {
            hasPrefix = true; pos = 4; notes.append("no preamble before DICM")
        }
        guard buf.count > pos else {
            throw DICOMReadError(.notDICOM, buf.isEmpty ? "empty input" : "no data after the preamble", offset: pos)
        }

        // The file meta group: explicit VR little endian by rule, implicit in some old writers.
        var meta = DataSet()
        if buf.count >= pos + 8, readU16LE(buf, pos) == 0x0002 {
            var p = Parser(buf: buf, source: source, explicitVR: true, bigEndian: false,
                           options: options, perElementVRCheck: true)
            p.pos = pos
            meta = try p.readDataSet(end: buf.count, depth: 0, stopAtGroupChange: 0x0002)
            pos = p.pos
            if p.sawImplicitInExplicit { notes.append("file meta group uses implicit VR") }
        } else if hasPrefix {
            notes.append("no file meta group")
        }

        // The data set's transfer syntax: declared, then checked against the bytes.
        var ts: TransferSyntax
        if let uidBytes = meta[.transferSyntaxUID]?.bytes {
            ts = TransferSyntax(uid: String(decoding: uidBytes, as: UTF8.self))
        } else {
            guard let guess = Self.guessSyntax(buf, at: pos) else {
                throw DICOMReadError(.notDICOM, "no DICM prefix, no file meta group, and no plausible first element", offset: pos)
            }
            ts = guess
            if pos < buf.count { notes.append("transfer syntax inferred as \(ts.name)") }
        }
        if !ts.deflated, pos + 6 <= buf.count, let actual = Self.guessSyntax(buf, at: pos),
           actual.explicitVR != ts.explicitVR || actual.bigEndian != ts.bigEndian {
            // A wrong declaration (seen in the wild): believe the bytes, keep the encapsulation.
            notes.append("data set is \(actual.name) although \(ts.name) is declared")
            ts = TransferSyntax(uid: ts.encapsulated ? ts.uid : actual.uid,
                                explicitVR: actual.explicitVR, bigEndian: actual.bigEndian,
                                deflated: false, encapsulated: ts.encapsulated)
        }

        var dsSource = source
        var dsStart = pos
        if ts.deflated {
            let inflated = try Deflate.inflate(UnsafeRawBufferPointer(rebasing: buf[pos...]))
            dsSource = ByteSource(copying: inflated)
            dsStart = 0
        }
        var p = Parser(buf: dsSource.base, source: dsSource, explicitVR: ts.explicitVR,
                       bigEndian: ts.bigEndian, options: options, perElementVRCheck: ts.explicitVR)
        p.pos = dsStart
        let dataset = try p.readDataSet(end: dsSource.count, depth: 0, stopAtGroupChange: nil)
        if p.sawImplicitInExplicit { notes.append("implicit VR elements inside an explicit VR data set") }
        if p.trailing > 0 { notes.append("\(p.trailing) trailing bytes after the last element ignored") }
        if meta.isEmpty && dataset.isEmpty { throw DICOMReadError(.notDICOM, "no data elements", offset: pos) }
        return DICOMFile(preamble: preamble, hasPrefix: hasPrefix, meta: meta, dataset: dataset,
                         transferSyntax: ts, notes: notes)
    }

    /// Infers the encoding of a data set from its first element header.
    static func guessSyntax(_ buf: UnsafeRawBufferPointer, at pos: Int) -> TransferSyntax? {
        guard pos + 8 <= buf.count else { return nil }
        let le = readU16LE(buf, pos), be = UInt16(buf[pos]) << 8 | UInt16(buf[pos + 1])
        let explicit = VR(buf[pos + 4], buf[pos + 5]) != nil
        let bigEndian = be < le
        let group = bigEndian ? be : le
        // A data set starts with a low, even group (0008 normally, sometimes 0000-0028).
        guard group <= 0x0028 || group == 0xFFFE else { return nil }
        if bigEndian { return explicit ? .explicitVRBigEndian : nil }
        return explicit ? .explicitVRLittleEndian : .implicitVRLittleEndian
    }
}

@inline(__always) func readU16LE(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt16 {
    UInt16(b[i]) | UInt16(b[i + 1]) << 8
}
@inline(__always) func readU32LE(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt32 {
    UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
}

/// The element-level parser over one buffer.
struct Parser {
    let buf: UnsafeRawBufferPointer
    let source: ByteSource
    var explicitVR: Bool
    let bigEndian: Bool
    let options: Part10Reader.Options
    /// Accept implicit VR elements inside explicit VR data (a common writer bug).
    let perElementVRCheck: Bool
    var pos = 0
    var sawImplicitInExplicit = false
    var trailing = 0
    /// Pixel Representation seen so far, to choose between US and SS in implicit VR.
    var signedPixels = false

    init(buf: UnsafeRawBufferPointer, source: ByteSource, explicitVR: Bool, bigEndian: Bool,
         options: Part10Reader.Options, perElementVRCheck: Bool) {
        self.buf = buf; self.source = source; self.explicitVR = explicitVR; self.bigEndian = bigEndian
        self.options = options; self.perElementVRCheck = perElementVRCheck
    }

    @inline(__always) func u16(_ i: Int) -> UInt16 {
        bigEndian ? UInt16(buf[i]) << 8 | UInt16(buf[i + 1]) : readU16LE(buf, i)
    }
    @inline(__always) func u32(_ i: Int) -> UInt32 {
        bigEndian ? UInt32(buf[i]) << 24 | UInt32(buf[i + 1]) << 16 | UInt32(buf[i + 2]) << 8 | UInt32(buf[i + 3])
                  : readU32LE(buf, i)
    }

    struct Header { var tag: Tag; var vr: VR?; var wireVR: VR?; var length: UInt32; var valueStart: Int }

    /// Reads one element header at `pos`.
    mutating func readHeader(end: Int) throws -> Header {
        let start = pos
        guard start + 8 <= end else {
            throw DICOMReadError(.truncated, "element header cut off", offset: start)
        }
        let tag = Tag(group: u16(start), element: u16(start + 2))
        if tag.group == 0xFFFE {
            return Header(tag: tag, vr: nil, wireVR: nil, length: u32(start + 4), valueStart: start + 8)
        }
        if explicitVR {
            if let vr = VR(buf[start + 4], buf[start + 5]) {
                if vr.hasLongLength {
                    guard start + 12 <= end else { throw DICOMReadError(.truncated, "element header of \(tag) cut off", offset: start) }
                    return Header(tag: tag, vr: vr, wireVR: vr, length: u32(start + 8), valueStart: start + 12)
                }
                return Header(tag: tag, vr: vr, wireVR: vr, length: UInt32(u16(start + 6)), valueStart: start + 8)
            }
            guard perElementVRCheck else {
                throw DICOMReadError(.malformed, "invalid VR bytes in element \(tag)", offset: start + 4)
            }
            sawImplicitInExplicit = true
        }
        return Header(tag: tag, vr: nil, wireVR: nil, length: u32(start + 4), valueStart: start + 8)
    }

    /// Reads elements until `end`, an item delimiter, or (for the meta group) another group.
    mutating func readDataSet(end: Int, depth: Int, stopAtGroupChange: UInt16?,
                              inUndefinedItem: Bool = false) throws -> DataSet {
        var elements: [Element] = []
        elements.reserveCapacity(depth == 0 ? 64 : 8)
        var creators: [UInt32: String] = [:]
        while pos < end {
            if let g = stopAtGroupChange, (pos + 2 > end || u16(pos) != g) { break }
            if depth == 0 && stopAtGroupChange == nil && end - pos < 8 {
                // Bytes too few for an element header: padding some writers leave behind.
                trailing = end - pos; pos = end; break
            }
            let h = try readHeader(end: end)
            if h.tag == .itemDelimitation {
                pos = h.valueStart
                if inUndefinedItem { return DataSet(elements: elements, undefinedLength: true) }
                // A stray delimiter: keep it as an element so the bytes survive.
                elements.append(Element(tag: h.tag, vr: .UN, bytes: []))
                continue
            }
            if h.tag == .sequenceDelimitation || h.tag == .item {
                if h.tag == .sequenceDelimitation && h.length == 0 {
                    pos = h.valueStart
                    elements.append(Element(tag: h.tag, vr: .UN, bytes: []))
                    continue
                }
                throw DICOMReadError(.malformed, "\(h.tag) where a data element was expected", offset: pos)
            }
            let e = try readValue(h, end: end, depth: depth, creators: &creators)
            if e.tag.isPrivateCreator, let b = e.bytes {
                creators[e.tag.rawValue] = String(decoding: b, as: UTF8.self).trimmingSpaces()
            }
            if e.tag.rawValue == 0x0028_0103, let b = e.bytes, b.count >= 2 { signedPixels = b[0] == 1 }
            elements.append(e)
        }
        if inUndefinedItem {
            throw DICOMReadError(.truncated, "item without an item delimiter before the end of its data", offset: pos)
        }
        return DataSet(elements: elements)
    }

    /// The VR of an element whose header did not say.
    func impliedVR(_ tag: Tag, creators: [UInt32: String], length: UInt32) -> VR {
        if tag.isPrivate, let ct = tag.privateCreatorTag {
            if let f = options.privateVR, let creator = creators[ct.rawValue],
               let vr = f(tag.group, creator, UInt8(truncatingIfNeeded: tag.element)) { return vr }
            return .UN
        }
        guard let entry = DataDictionary.entry(for: tag) else { return DataDictionary.vr(for: tag) }
        if entry.alternativeVRs.isEmpty { return entry.vr }
        let all = [entry.vr] + entry.alternativeVRs
        if all.contains(.OW) { return .OW }  // PS3.5 A.1: OW in implicit VR
        if all.contains(.SS) && all.contains(.US) { return signedPixels ? .SS : .US }
        return entry.vr
    }

    mutating func readValue(_ h: Header, end: Int, depth: Int, creators: inout [UInt32: String]) throws -> Element {
        let tag = h.tag
        var vr = h.vr ?? impliedVR(tag, creators: creators, length: h.length)
        var wireVR: VR? = nil
        if h.vr == .UN && !bigEndian && !tag.isPrivate, let dict = DataDictionary.entry(for: tag)?.vr, dict != .UN {
            // A known public element sent as UN: give it its meaning, remember the wire VR.
            vr = dict; wireVR = .UN
        }
        pos = h.valueStart

        if h.length == 0xFFFF_FFFF {
            if vr == .SQ || vr == .UN || h.vr == nil && tag != .pixelData {
                // UN with undefined length is a sequence in implicit VR little endian (PS3.5 6.2.2).
                let implicitItems = h.vr == .UN || wireVR == .UN
                let items = try readItems(end: end, undefined: true, depth: depth + 1, implicitItems: implicitItems)
                if h.vr == .UN { wireVR = .UN; if vr == .UN { vr = .SQ } }
                return Element(tag: tag, vr: vr == .UN ? .SQ : vr, value: .items(items),
                               wireVR: wireVR, undefinedLength: true)
            }
            // Encapsulated pixel data (or another encapsulated blob).
            let start = pos
            try skipFragments(end: end)
            let bulk = BulkData(storage: .region(source, offset: start, swapUnit: 1),
                                length: pos - start, encapsulated: true)
            return Element(tag: tag, vr: h.vr ?? .OB, value: .bulk(bulk), wireVR: wireVR, undefinedLength: true)
        }

        let len = Int(h.length)
        guard len <= end - pos else {
            throw DICOMReadError(.truncated, "value of \(tag) is \(len) bytes but only \(end - pos) remain", offset: h.valueStart - 8)
        }
        let valueEnd = pos + len
        if vr == .SQ {
            let saved = explicitVR
            if wireVR == .UN { explicitVR = false }
            defer { explicitVR = saved }
            let items = try readItems(end: valueEnd, undefined: false, depth: depth + 1, implicitItems: wireVR == .UN)
            pos = valueEnd
            return Element(tag: tag, vr: .SQ, value: .items(items), wireVR: wireVR)
        }
        if vr == .UN && len >= 8 && !bigEndian && looksLikeItem(at: pos, end: valueEnd) {
            // A sequence hiding in an unknown-VR element: read it if it parses cleanly.
            var trial = self
            trial.explicitVR = false
            if let items = try? trial.readItems(end: valueEnd, undefined: false, depth: depth + 1, implicitItems: true),
               trial.pos == valueEnd {
                pos = valueEnd
                return Element(tag: tag, vr: .SQ, value: .items(items), wireVR: h.vr == nil ? nil : .UN)
            }
        }
        pos = valueEnd
        let swap = bigEndian ? vr.wordSize : 1
        if vr.isBinaryBlob && (len > options.bulkThreshold || isPixelLike(tag)) {
            let bulk = BulkData(storage: .region(source, offset: valueEnd - len, swapUnit: swap), length: len)
            return Element(tag: tag, vr: vr, value: .bulk(bulk), wireVR: wireVR)
        }
        var bytes = Array(buf[(valueEnd - len)..<valueEnd])
        if swap > 1 { bytes.withUnsafeMutableBytes { ByteOrder.swapInPlace($0, unit: swap) } }
        return Element(tag: tag, vr: vr, value: .bytes(bytes), wireVR: wireVR)
    }

    func isPixelLike(_ tag: Tag) -> Bool {
        tag == .pixelData || tag == .floatPixelData || tag == .doubleFloatPixelData
            || (tag.group & 0xFF00 == 0x6000 && tag.element == 0x3000)
    }

    func looksLikeItem(at p: Int, end: Int) -> Bool {
        guard p + 8 <= end, readU16LE(buf, p) == 0xFFFE, readU16LE(buf, p + 2) == 0xE000 else { return false }
        let l = readU32LE(buf, p + 4)
        return l == 0xFFFF_FFFF || Int(l) <= end - p - 8
    }

    /// Reads sequence items up to the sequence delimiter (undefined) or `end` (defined).
    mutating func readItems(end: Int, undefined: Bool, depth: Int, implicitItems: Bool) throws -> [DataSet] {
        guard depth <= options.maxDepth else {
            throw DICOMReadError(.tooDeep, "sequences nested deeper than \(options.maxDepth) levels", offset: pos)
        }
        let saved = explicitVR
        if implicitItems { explicitVR = false }
        defer { explicitVR = saved }
        var items: [DataSet] = []
        while true {
            if !undefined && pos >= end { break }
            guard pos + 8 <= end else {
                throw DICOMReadError(.truncated, undefined ? "sequence without a delimiter before the end of the data"
                                                           : "sequence item header cut off", offset: pos)
            }
            let tag = Tag(group: u16(pos), element: u16(pos + 2))
            let length = u32(pos + 4)
            if tag == .sequenceDelimitation {
                pos += 8
                if undefined { break }
                continue  // tolerated inside a defined-length sequence
            }
            guard tag == .item else {
                throw DICOMReadError(.malformed, "\(tag) inside a sequence where an item was expected", offset: pos)
            }
            pos += 8
            if length == 0xFFFF_FFFF {
                items.append(try readDataSet(end: end, depth: depth, stopAtGroupChange: nil, inUndefinedItem: true))
            } else {
                let itemEnd = pos + Int(length)
                guard Int(length) <= end - pos else {
                    throw DICOMReadError(.truncated, "item of \(length) bytes runs past its sequence", offset: pos - 8)
                }
                var ds = try readDataSet(end: itemEnd, depth: depth, stopAtGroupChange: nil)
                ds.undefinedLength = false
                pos = itemEnd
                items.append(ds)
            }
        }
        return items
    }

    /// Moves past the items of encapsulated pixel data and its sequence delimiter.
    mutating func skipFragments(end: Int) throws {
        while true {
            guard pos + 8 <= end else {
                throw DICOMReadError(.truncated, "encapsulated pixel data without a sequence delimiter", offset: pos)
            }
            // Fragment item headers are always little endian.
            let tag = UInt32(readU16LE(buf, pos)) << 16 | UInt32(readU16LE(buf, pos + 2))
            let len = Int(readU32LE(buf, pos + 4))
            pos += 8
            if tag == Tag.sequenceDelimitation.rawValue { return }
            guard tag == Tag.item.rawValue else {
                throw DICOMReadError(.malformed, "\(Tag(tag)) among pixel data fragments", offset: pos - 8)
            }
            guard len != 0xFFFF_FFFF, len <= end - pos else {
                throw DICOMReadError(.truncated, "pixel data fragment of \(len) bytes runs past the end", offset: pos - 8)
            }
            pos += len
        }
    }
}
