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
        /// Deepest sequence nesting accepted; deeper input is rejected as hostile. 128 keeps
        /// the recursive parse, write and JSON coding far inside an 8 MiB stack, and a record
        /// this deep stays within `JSONParser.maxDepth` (512; 3 JSON levels per sequence level).
        public var maxDepth: Int = 128
        /// VR of private elements in implicit VR data sets, by group, creator and element byte.
        public var privateVR: (@Sendable (_ group: UInt16, _ creator: String, _ elementByte: UInt8) -> VR?)?
        /// Stop reading the top-level data set after this tag (elements after it are left
        /// unread), so a caller that needs a few early attributes never reaches the pixels.
        public var stopAfter: Tag? = nil
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
            var p = Parser(
                buf: buf, source: source, explicitVR: true, bigEndian: false,
                options: options, perElementVRCheck: true)
            p.pos = pos
            let metaStart = pos
            meta = try p.readDataSet(end: buf.count, depth: 0, stopAtGroupChange: 0x0002)
            pos = p.pos
            // Declared group lengths are often wrong, but input that ends before the declared
            // end of the meta group was cut off.
            if let first = meta.elements.first, first.tag == .fileMetaInformationGroupLength,
                let gl = meta.uint(.fileMetaInformationGroupLength), buf.count < metaStart + 12 + Int(gl)
            {
                throw DICOMReadError(.truncated, "input ends inside the file meta group", offset: pos)
            }
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
        if !ts.deflated, pos + 6 <= buf.count, let actual = Self.guessSyntax(buf, at: pos, preferBigEndian: ts.bigEndian),
            actual.explicitVR != ts.explicitVR || actual.bigEndian != ts.bigEndian,
            !Self.headersChain(buf, at: pos, explicitVR: ts.explicitVR, bigEndian: ts.bigEndian),
            Self.headersChain(buf, at: pos, explicitVR: actual.explicitVR, bigEndian: actual.bigEndian)
        {
            // A wrong declaration (seen in the wild): believe the bytes, keep the encapsulation.
            notes.append("data set is \(actual.name) although \(ts.name) is declared")
            ts = TransferSyntax(
                uid: ts.encapsulated ? ts.uid : actual.uid,
                explicitVR: actual.explicitVR, bigEndian: actual.bigEndian,
                deflated: false, encapsulated: ts.encapsulated)
        }

        var dsSource = source
        var dsStart = pos
        var gzipTrailer = false
        var deflated: BulkData? = nil
        if ts.deflated {
            let compressed = UnsafeRawBufferPointer(rebasing: buf[pos...])
            let (inflated, used) = try Deflate.inflate(compressed)
            let rest = UnsafeRawBufferPointer(rebasing: compressed[used...])
            if Deflate.isGzipTrailer(rest, of: inflated) {
                gzipTrailer = true
                notes.append("gzip trailer after the deflated data set")
            } else if !rest.isEmpty {
                notes.append("\(rest.count) bytes after the deflated data set ignored")
            }
            dsSource = ByteSource(copying: inflated)
            dsStart = 0
            deflated = BulkData(storage: .region(source, offset: pos, swapUnit: 1), length: used)
        }
        var p = Parser(
            buf: dsSource.base, source: dsSource, explicitVR: ts.explicitVR,
            bigEndian: ts.bigEndian, options: options, perElementVRCheck: ts.explicitVR)
        p.pos = dsStart
        let dataset = try p.readDataSet(end: dsSource.count, depth: 0, stopAtGroupChange: nil)
        if p.sawImplicitInExplicit { notes.append("implicit VR elements inside an explicit VR data set") }
        if p.trailing > 0 { notes.append("\(p.trailing) trailing bytes after the last element ignored") }
        if p.strayDelimiters > 0 { notes.append("\(p.strayDelimiters) delimiters where a data element was expected, kept as elements") }
        if p.strayItems > 0 { notes.append("\(p.strayItems) item headers where a data element was expected, kept as elements") }
        if p.droppedDelimiters > 0 {
            notes.append("\(p.droppedDelimiters) sequence delimiters inside defined-length sequences dropped")
        }
        if p.unknownVRCodes > 0 { notes.append("\(p.unknownVRCodes) elements with VR bytes that name no VR, read with a 2-byte length") }
        if p.overrunItems > 0 { notes.append("\(p.overrunItems) items whose declared length runs past their sequence, read to its end") }
        if meta.isEmpty && dataset.isEmpty { throw DICOMReadError(.notDICOM, "no data elements", offset: pos) }
        var file = DICOMFile(
            preamble: preamble, hasPrefix: hasPrefix, meta: meta, dataset: dataset,
            transferSyntax: ts, notes: notes)
        file.gzipTrailer = gzipTrailer
        file.deflatedDataSet = deflated
        return file
    }

    /// Whether the first `count` element headers at `pos` make sense in an encoding: valid
    /// VRs (explicit), values inside the input, ascending tags. Running out of input or
    /// meeting an undefined length ends the check without contradiction.
    static func headersChain(
        _ buf: UnsafeRawBufferPointer, at pos: Int, explicitVR: Bool, bigEndian: Bool,
        count: Int = 3
    ) -> Bool {
        func u16(_ i: Int) -> UInt16 { bigEndian ? UInt16(buf[i]) << 8 | UInt16(buf[i + 1]) : readU16LE(buf, i) }
        func u32(_ i: Int) -> UInt32 { bigEndian ? UInt32(u16(i)) << 16 | UInt32(u16(i + 2)) : readU32LE(buf, i) }
        var p = pos, last: UInt32 = 0
        for _ in 0..<count {
            guard p + 8 <= buf.count else { return true }
            let tag = UInt32(u16(p)) << 16 | UInt32(u16(p + 2))
            guard tag >= last, tag >> 16 != 0xFFFE else { return false }
            last = tag
            var length = u32(p + 4), valueStart = p + 8
            if explicitVR {
                guard let vr = VR(buf[p + 4], buf[p + 5]) else { return false }
                if vr.hasLongLength {
                    guard p + 12 <= buf.count else { return true }
                    length = u32(p + 8); valueStart = p + 12
                } else {
                    length = UInt32(u16(p + 6))
                }
            }
            if length == 0xFFFF_FFFF { return true }
            guard Int(length) <= buf.count - valueStart else { return false }
            p = valueStart + Int(length)
        }
        return true
    }

    /// Infers the encoding of a data set from its first element header.
    /// Byte order is read from the group (a low number one way, a high one the other); when
    /// the group reads the same both ways (0000) the element decides, else `preferBigEndian`.
    static func guessSyntax(_ buf: UnsafeRawBufferPointer, at pos: Int, preferBigEndian: Bool = false) -> TransferSyntax? {
        guard pos + 8 <= buf.count else { return nil }
        // Zero-filled input (a preallocated or wiped file) is not a data set of empty elements.
        guard (0..<8).contains(where: { buf[pos + $0] != 0 }) else { return nil }
        let le = readU16LE(buf, pos), be = UInt16(buf[pos]) << 8 | UInt16(buf[pos + 1])
        let explicit = VR(buf[pos + 4], buf[pos + 5]) != nil
        var bigEndian = be < le
        if le == be {
            let leElement = readU16LE(buf, pos + 2), beElement = UInt16(buf[pos + 2]) << 8 | UInt16(buf[pos + 3])
            bigEndian = leElement == beElement ? preferBigEndian : beElement < leElement
        }
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
    /// Big endian data; switched off inside UN sequences, which are implicit VR little endian.
    var bigEndian: Bool
    let options: Part10Reader.Options
    /// Accept implicit VR elements inside explicit VR data (a common writer bug).
    let perElementVRCheck: Bool
    var pos = 0
    var sawImplicitInExplicit = false
    var trailing = 0
    /// Item headers met where an element was expected, kept as elements (see `readDataSet`).
    var strayItems = 0
    /// Item or sequence delimiters met where an element was expected, kept as elements.
    var strayDelimiters = 0
    /// Sequence delimiters inside defined-length sequences: tolerated, but not kept.
    var droppedDelimiters = 0
    /// Elements whose VR bytes name no VR, read with a 2-byte length (as DCMTK does).
    var unknownVRCodes = 0
    /// Defined-length items longer than what is left of their sequence, read to its end.
    var overrunItems = 0
    /// Pixel Representation seen so far, to choose between US and SS in implicit VR.
    var signedPixels = false
    /// Real files have one or two stray item or delimiter headers; more is garbage.
    static let maxStrayHeaders = 64

    init(
        buf: UnsafeRawBufferPointer, source: ByteSource, explicitVR: Bool, bigEndian: Bool,
        options: Part10Reader.Options, perElementVRCheck: Bool
    ) {
        self.buf = buf; self.source = source; self.explicitVR = explicitVR; self.bigEndian = bigEndian
        self.options = options; self.perElementVRCheck = perElementVRCheck
    }

    /// Counts a tolerated stray header; too many of them make the input malformed.
    mutating func noteStray(_ counter: WritableKeyPath<Parser, Int>, at offset: Int) throws {
        self[keyPath: counter] += 1
        guard strayItems + strayDelimiters + droppedDelimiters <= Parser.maxStrayHeaders else {
            throw DICOMReadError(
                .malformed, "more than \(Parser.maxStrayHeaders) item or delimiter headers out of place",
                offset: offset)
        }
    }

    @inline(__always) func u16(_ i: Int) -> UInt16 {
        bigEndian ? UInt16(buf[i]) << 8 | UInt16(buf[i + 1]) : readU16LE(buf, i)
    }
    @inline(__always) func u32(_ i: Int) -> UInt32 {
        bigEndian
            ? UInt32(buf[i]) << 24 | UInt32(buf[i + 1]) << 16 | UInt32(buf[i + 2]) << 8 | UInt32(buf[i + 3])
            : readU32LE(buf, i)
    }

    struct Header {
        var tag: Tag; var vr: VR?; var wireVR: VR?; var length: UInt32; var valueStart: Int
        /// VR bytes that name no VR, when the element was read with the 2-byte length after them.
        var unknownVRCode: UInt16? = nil
    }

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
            // Printable bytes that name no VR (two spaces, seen in the wild) followed by a
            // 2-byte length that fits, where an implicit 4-byte length would not: read as
            // DCMTK reads them, keeping the bytes for writing back.
            let implicitLength = u32(start + 4), shortLength = Int(u16(start + 6))
            let printable = (0x20...0x7E).contains(buf[start + 4]) && (0x20...0x7E).contains(buf[start + 5])
            if printable && implicitLength != 0xFFFF_FFFF && Int(implicitLength) > end - start - 8 && shortLength <= end - start - 8 {
                unknownVRCodes += 1
                return Header(
                    tag: tag, vr: nil, wireVR: nil, length: UInt32(shortLength), valueStart: start + 8,
                    unknownVRCode: UInt16(buf[start + 4]) << 8 | UInt16(buf[start + 5]))
            }
            sawImplicitInExplicit = true
        }
        return Header(tag: tag, vr: nil, wireVR: nil, length: u32(start + 4), valueStart: start + 8)
    }

    /// Reads elements until `end`, an item delimiter, or (for the meta group) another group.
    mutating func readDataSet(
        end: Int, depth: Int, stopAtGroupChange: UInt16?,
        inUndefinedItem: Bool = false
    ) throws -> DataSet {
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
                try noteStray(\.strayDelimiters, at: h.valueStart - 8)
                continue
            }
            if h.tag == .sequenceDelimitation && h.length == 0 {
                pos = h.valueStart
                elements.append(Element(tag: h.tag, vr: .UN, bytes: []))
                try noteStray(\.strayDelimiters, at: h.valueStart - 8)
                continue
            }
            if h.tag == .item && h.length != 0xFFFF_FFFF && Int(h.length) <= end - h.valueStart {
                // An item outside any sequence (a lost or zero-length SQ header before it).
                // Like pydicom, keep it as an element holding the item's bytes: nothing is
                // reinterpreted, and it is written back as it was.
                let valueEnd = h.valueStart + Int(h.length)
                elements.append(Element(tag: h.tag, vr: .UN, bytes: Array(buf[h.valueStart..<valueEnd])))
                pos = valueEnd
                try noteStray(\.strayItems, at: h.valueStart - 8)
                continue
            }
            if h.tag == .sequenceDelimitation || h.tag == .item {
                throw Self.error(.malformed, h.tag, "where a data element was expected", at: pos)
            }
            if depth == 0, stopAtGroupChange == nil, let stop = options.stopAfter, h.tag.rawValue > stop.rawValue {
                pos = end; break
            }
            var e = try readValue(h, end: end, depth: depth, creators: &creators)
            if let code = h.unknownVRCode { e.wireVRCode = code }
            if e.tag.isPrivateCreator, let b = e.bytes {
                creators[e.tag.rawValue] = String(decoding: b, as: UTF8.self).trimmingSpaces()
            }
            if e.tag.rawValue == 0x0028_0103, let b = e.bytes, b.count >= 2 { signedPixels = b[0] == 1 }
            elements.append(e)
            if depth == 0, stopAtGroupChange == nil, let stop = options.stopAfter, e.tag.rawValue >= stop.rawValue {
                pos = end; break
            }
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
                let vr = f(tag.group, creator, UInt8(truncatingIfNeeded: tag.element))
            {
                return vr
            }
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
            if vr == .SQ || vr == .UN || (h.vr == nil || h.vr == .UN) && tag != .pixelData {
                // UN with undefined length is a sequence in implicit VR little endian (PS3.5 6.2.2).
                let implicitItems = h.vr == .UN || wireVR == .UN
                let items = try readItems(end: end, undefined: true, depth: depth + 1, implicitItems: implicitItems)
                if h.vr == .UN { wireVR = .UN }
                // Items on the wire make it a sequence, whatever the dictionary says.
                return Element(tag: tag, vr: .SQ, value: .items(items), wireVR: wireVR, undefinedLength: true)
            }
            // Encapsulated pixel data (or another encapsulated blob).
            let start = pos
            try skipFragments(end: end)
            let bulk = BulkData(
                storage: .region(source, offset: start, swapUnit: 1),
                length: pos - start, encapsulated: true)
            return Element(tag: tag, vr: h.vr ?? .OB, value: .bulk(bulk), wireVR: wireVR, undefinedLength: true)
        }

        let len = Int(h.length)
        guard len <= end - pos else {
            throw Self.error(.truncated, nil, "value of \(tag) is \(len) bytes but only \(end - pos) remain", at: h.valueStart - 8)
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
        if vr == .UN && len >= 8 && !bigEndian && looksLikeItem(at: pos, end: valueEnd),
            let e = unknownSequence(h, valueEnd: valueEnd, depth: depth)
        {
            return e
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

    /// A sequence hiding in an unknown-VR element, read if it parses cleanly (only a
    /// lossless reading is taken; otherwise the bytes stay as they are). Out of line:
    /// its trial parser would otherwise sit in every level of a deep recursion's stack.
    @inline(never)
    mutating func unknownSequence(_ h: Header, valueEnd: Int, depth: Int) -> Element? {
        var trial = self
        trial.explicitVR = false
        guard let items = try? trial.readItems(end: valueEnd, undefined: false, depth: depth + 1, implicitItems: true),
            trial.pos == valueEnd, trial.droppedDelimiters == droppedDelimiters, trial.strayItems == strayItems,
            trial.strayDelimiters == strayDelimiters
        else { return nil }
        pos = valueEnd
        return Element(tag: h.tag, vr: .SQ, value: .items(items), wireVR: h.vr == nil ? nil : .UN)
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

    /// A read error. Out of line, message built only when thrown: the recursive parse
    /// keeps each level's frame small (deep nesting must fit a 1 MiB stack, debug builds too).
    @inline(never)
    static func error(_ kind: DICOMReadError.Kind, _ tag: Tag?, _ message: @autoclosure () -> String, at offset: Int) -> DICOMReadError {
        DICOMReadError(kind, (tag.map { "\($0) " } ?? "") + message(), offset: offset)
    }

    /// Where a defined-length item claiming more than its sequence has left ends: the last
    /// item may (elements removed, length left; DCMTK reads it to the sequence's end, and so
    /// does this when its elements end there exactly); the count is noted.
    @inline(never)
    mutating func overrunItemEnd(_ length: UInt32, end: Int, undefined: Bool) throws -> Int {
        guard !undefined else {
            throw DICOMReadError(.truncated, "item of \(length) bytes runs past its sequence", offset: pos - 8)
        }
        overrunItems += 1
        return end
    }

    /// Reads sequence items up to the sequence delimiter (undefined) or `end` (defined).
    mutating func readItems(end: Int, undefined: Bool, depth: Int, implicitItems: Bool) throws -> [DataSet] {
        guard depth <= options.maxDepth else {
            throw Self.error(.tooDeep, nil, "sequences nested deeper than \(options.maxDepth) levels", at: pos)
        }
        let saved = (explicitVR, bigEndian)
        if implicitItems { explicitVR = false; bigEndian = false }  // PS3.5 6.2.2
        defer { (explicitVR, bigEndian) = saved }
        var items: [DataSet] = []
        while true {
            if !undefined && pos >= end { break }
            guard pos + 8 <= end else {
                throw DICOMReadError(
                    .truncated,
                    undefined
                        ? "sequence without a delimiter before the end of the data"
                        : "sequence item header cut off", offset: pos)
            }
            let tag = Tag(group: u16(pos), element: u16(pos + 2))
            let length = u32(pos + 4)
            if tag == .sequenceDelimitation {
                pos += 8
                if undefined { break }
                try noteStray(\.droppedDelimiters, at: pos - 8)  // tolerated inside a defined-length sequence
                continue
            }
            guard tag == .item else { throw Self.error(.malformed, tag, "inside a sequence where an item was expected", at: pos) }
            pos += 8
            if length == 0xFFFF_FFFF {
                items.append(try readDataSet(end: end, depth: depth, stopAtGroupChange: nil, inUndefinedItem: true))
            } else {
                let itemEnd = Int(length) <= end - pos ? pos + Int(length) : try overrunItemEnd(length, end: end, undefined: undefined)
                let overrun = UInt32(Int(length) - (itemEnd - pos))
                var ds = try readDataSet(end: itemEnd, depth: depth, stopAtGroupChange: nil)
                ds.undefinedLength = false
                ds.lengthOverrun = overrun
                pos = itemEnd
                items.append(ds)
            }
        }
        return items
    }

    /// Moves past the items of encapsulated pixel data and its sequence delimiter.
    func isFragmentHeader(at p: Int) -> Bool {
        guard p + 8 <= buf.count, readU16LE(buf, p) == 0xFFFE else { return false }
        let e = readU16LE(buf, p + 2)
        return e == 0xE000 || e == 0xE0DD
    }

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
                // An odd-length fragment followed by an uncounted pad byte: the next header
                // starts one byte later. The byte stays inside the value, so nothing is lost.
                if pos - 8 + 9 <= end, isFragmentHeader(at: pos - 7) { pos -= 7; continue }
                throw DICOMReadError(.malformed, "\(Tag(tag)) among pixel data fragments", offset: pos - 8)
            }
            guard len != 0xFFFF_FFFF, len <= end - pos else {
                throw DICOMReadError(.truncated, "pixel data fragment of \(len) bytes runs past the end", offset: pos - 8)
            }
            pos += len
        }
    }
}
