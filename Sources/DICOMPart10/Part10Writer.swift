import DICOMCore
import DICOMObject

/// Where the writer gets bulk values from. The default reads memory and file regions;
/// a stream consumer supplies values as they arrive.
public protocol BulkDataProvider {
    /// Passes the bytes of `bulk` (little endian, in chunks) to `sink`.
    mutating func copy(_ bulk: BulkData, of tag: Tag, to sink: (UnsafeRawBufferPointer) throws -> Void) throws
    /// As above, but may write some of the bytes to `direct.fd` itself (after calling
    /// `direct.flush()`, in order with what it passed to `sink`), returning how many.
    mutating func copy(
        _ bulk: BulkData, of tag: Tag, to sink: (UnsafeRawBufferPointer) throws -> Void, direct: DirectOutput?
    ) throws -> Int
}

extension BulkDataProvider {
    public mutating func copy(
        _ bulk: BulkData, of tag: Tag, to sink: (UnsafeRawBufferPointer) throws -> Void, direct: DirectOutput?
    ) throws -> Int {
        try copy(bulk, of: tag, to: sink)
        return 0
    }
}

/// The file descriptor a writer's output ends in, for bulk bytes that a provider can move
/// there without passing them through memory (splice(2) from a pipe).
public struct DirectOutput {
    public let fd: Int32
    /// Writes out what the writer has buffered, so that bytes written to `fd` next follow it.
    public let flush: () throws -> Void
    /// The error for a write to `fd` that failed with this errno.
    public let failure: (Int32) -> Error

    public init(fd: Int32, flush: @escaping () throws -> Void, failure: @escaping (Int32) -> Error) {
        self.fd = fd; self.flush = flush; self.failure = failure
    }
}

/// Reads bulk values held in memory or in a file region.
public struct SourceBulkDataProvider: BulkDataProvider {
    public init() {}
    public mutating func copy(_ bulk: BulkData, of tag: Tag, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try bulk.forEachChunk { try sink($0) }
    }
}

/// Why a data set could not be written.
public struct DICOMWriteError: Error, CustomStringConvertible, Sendable, ClassifiedError {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
    public var failureCause: FailureCause { .unencodable }
}

/// Writes `DICOMFile`s as Part 10 files (or bare data sets when the file has no prefix).
/// Unchanged elements are written from their original bytes, so a file read and written
/// back is reproduced exactly.
public struct Part10Writer {
    public struct Options: Sendable {
        /// Recompute group length elements (gggg,0000) that are present, including (0002,0000).
        public var updateGroupLengths = false
        public init() {}
    }
    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    /// Encodes the whole file in memory.
    public func encode(_ file: DICOMFile) throws -> [UInt8] {
        var out = [UInt8]()
        var provider = SourceBulkDataProvider()
        try write(file, bulk: &provider) { out.append(contentsOf: $0) }
        return out
    }

    /// Writes `file`, passing consecutive chunks to `output`. Top-level bulk values are
    /// streamed straight from `bulk`, so memory stays bounded by the non-bulk part.
    /// `direct`: where `output` ends, for top-level bulk values a provider can move there itself.
    public func write<P: BulkDataProvider>(
        _ file: DICOMFile, bulk: inout P, direct: DirectOutput? = nil,
        to output: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var head = [UInt8]()
        if let p = file.preamble { head.append(contentsOf: p.count == 128 ? p : [UInt8](repeating: 0, count: 128)) }
        if file.hasPrefix { head.append(contentsOf: [0x44, 0x49, 0x43, 0x4D]) }
        var metaEnc = Encoder(explicitVR: true, bigEndian: false, updateGroupLengths: options.updateGroupLengths)
        metaEnc.out = head
        try metaEnc.writeDataSet(file.meta, bulk: &bulk, topLevel: false)
        let ts = file.transferSyntax
        var enc = Encoder(
            explicitVR: ts.explicitVR, bigEndian: ts.bigEndian,
            updateGroupLengths: options.updateGroupLengths)
        if ts.deflated {
            try enc.writeDataSet(file.dataset, bulk: &bulk, topLevel: false, atEnd: true)
            let compressed = try keptDeflate(file, bulk: &bulk, inflated: enc.out) ?? Deflate.deflate(enc.out)
            metaEnc.out.append(contentsOf: compressed)
            if file.gzipTrailer { metaEnc.out.append(contentsOf: Deflate.gzipTrailer(for: enc.out)) }
            try metaEnc.out.withUnsafeBytes { try output($0) }
            return
        }
        try metaEnc.out.withUnsafeBytes { try output($0) }
        enc.direct = direct
        try withoutActuallyEscaping(output) { out in
            enc.flush = out
            // Also when a write fails (a full disk): the closure must not outlive this block.
            defer { enc.flush = nil }
            try enc.writeDataSet(file.dataset, bulk: &bulk, topLevel: true, atEnd: true)
        }
        try enc.out.withUnsafeBytes { try output($0) }
    }
}

extension Part10Writer {
    /// Stands for the deflated data set in messages about its bytes (it has no tag).
    public static let deflatedDataSetTag = Tag(0xFFFF_FFFF)

    /// The deflated bytes `file` was read from, when they inflate to exactly `inflated` (the
    /// data set as it is now encoded); nil when there are none, they did not arrive, or the
    /// data set changed.
    func keptDeflate<P: BulkDataProvider>(_ file: DICOMFile, bulk: inout P, inflated: [UInt8]) throws -> [UInt8]? {
        guard let kept = file.deflatedDataSet else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(kept.length)
        try bulk.copy(kept, of: Part10Writer.deflatedDataSetTag) { bytes.append(contentsOf: $0) }
        guard bytes.count == kept.length,
            let (back, used) = try? bytes.withUnsafeBytes({ try Deflate.inflate($0) }),
            used == bytes.count, back == inflated
        else { return nil }
        return bytes
    }
}

/// Encodes elements into a growing buffer, back-patching defined lengths.
struct Encoder {
    var out: [UInt8] = []
    var explicitVR: Bool
    /// Big endian data; switched off inside UN sequences, which are implicit VR little endian.
    var bigEndian: Bool
    let updateGroupLengths: Bool
    /// Set for the top level of a streamed write: the buffer is flushed before bulk values.
    var flush: ((UnsafeRawBufferPointer) throws -> Void)?
    /// Where `flush` ends, for bulk values moved there by their provider (see `DirectOutput`).
    var direct: DirectOutput?

    init(explicitVR: Bool, bigEndian: Bool, updateGroupLengths: Bool) {
        self.explicitVR = explicitVR; self.bigEndian = bigEndian; self.updateGroupLengths = updateGroupLengths
        out.reserveCapacity(16 << 10)
    }

    mutating func u16(_ v: UInt16) {
        if bigEndian { out.append(UInt8(v >> 8)); out.append(UInt8(v & 0xFF)) } else { out.append(UInt8(v & 0xFF)); out.append(UInt8(v >> 8)) }
    }
    mutating func u32(_ v: UInt32) {
        if bigEndian {
            for s in stride(from: 24, through: 0, by: -8) { out.append(UInt8((v >> UInt32(s)) & 0xFF)) }
        } else {
            for s in stride(from: 0, through: 24, by: 8) { out.append(UInt8((v >> UInt32(s)) & 0xFF)) }
        }
    }
    mutating func patch32(at i: Int, _ v: UInt32) {
        for k in 0..<4 {
            let shift = bigEndian ? UInt32(24 - 8 * k) : UInt32(8 * k)
            out[i + k] = UInt8((v >> shift) & 0xFF)
        }
    }

    /// Writes an element header; returns the index of the 4-byte length field when long.
    /// `code`: VR bytes that name no VR, written as read, with a 2-byte length.
    @discardableResult
    mutating func header(_ tag: Tag, wireVR: VR, length: UInt32, code: UInt16? = nil) throws -> Int {
        u16(tag.group); u16(tag.element)
        if tag.group == 0xFFFE || !explicitVR {
            let at = out.count; u32(length); return at
        }
        if let code {
            guard length <= 0xFFFF else { throw DICOMWriteError("value of \(tag) is \(length) bytes, too long for its 2-byte length") }
            out.append(UInt8(code >> 8)); out.append(UInt8(code & 0xFF)); u16(UInt16(length))
            return -1
        }
        let (a, b) = wireVR.bytes
        out.append(a); out.append(b)
        if wireVR.hasLongLength {
            out.append(0); out.append(0)
            let at = out.count; u32(length); return at
        }
        guard length <= 0xFFFF else {
            throw DICOMWriteError("value of \(tag) is \(length) bytes, too long for VR \(wireVR.rawValue)")
        }
        u16(UInt16(length))
        return -1
    }

    /// `atEnd`: nothing follows this data set in the file (see `DataSet.lengthOverrun`).
    mutating func writeDataSet<P: BulkDataProvider>(_ ds: DataSet, bulk: inout P, topLevel: Bool, atEnd: Bool = false) throws {
        var i = 0
        let elements = ds.elements
        while i < elements.count {
            let e = elements[i]
            if updateGroupLengths && e.tag.element == 0 && e.tag.group != 0xFFFE {
                var total = 0
                var j = i + 1
                while j < elements.count && elements[j].tag.group == e.tag.group {
                    total += encodedLength(elements[j]); j += 1
                }
                var v = UInt32(truncatingIfNeeded: total)
                let bytes = withUnsafeBytes(of: &v) { Array($0) }  // little endian host
                try writeElement(Element(tag: e.tag, vr: .UL, bytes: bytes), bulk: &bulk, topLevel: topLevel)
            } else {
                try writeElement(e, bulk: &bulk, topLevel: topLevel, atEnd: atEnd && i == elements.count - 1)
            }
            i += 1
        }
    }

    mutating func writeElement<P: BulkDataProvider>(_ e: Element, bulk: inout P, topLevel: Bool, atEnd: Bool = false) throws {
        let wire = e.wireVR ?? e.vr
        switch e.value {
        case .bytes(let b):
            guard let length = UInt32(exactly: b.count), length != 0xFFFF_FFFF else {
                throw DICOMWriteError("value of \(e.tag) is \(b.count) bytes, too long for one element")
            }
            try header(e.tag, wireVR: wire, length: length, code: e.wireVRCode == 0 ? nil : e.wireVRCode)
            let unit = e.vr.wordSize
            if bigEndian && unit > 1 {
                out.append(contentsOf: ByteOrder.swapped(b, unit: unit))
            } else {
                out.append(contentsOf: b)
            }
        case .items(let items):
            let saved = (explicitVR, bigEndian)
            let lengthAt = try header(e.tag, wireVR: wire, length: e.undefinedLength ? 0xFFFF_FFFF : 0)
            // UN sequences are implicit VR little endian, delimiters included (PS3.5 6.2.2).
            if wire == .UN { explicitVR = false; bigEndian = false }
            let start = out.count
            for (k, item) in items.enumerated() {
                u16(0xFFFE); u16(0xE000)
                let itemLengthAt = out.count
                u32(item.undefinedLength ? 0xFFFF_FFFF : 0)
                let itemStart = out.count
                // An item's claim past its content (as read) is kept only where it claimed
                // it: at the very end of the input, where no element follows to be swallowed.
                let last = atEnd && !e.undefinedLength && k == items.count - 1
                try writeDataSet(item, bulk: &bulk, topLevel: false, atEnd: last)
                if item.undefinedLength {
                    u16(0xFFFE); u16(0xE00D); u32(0)
                } else {
                    patch32(at: itemLengthAt, UInt32(truncatingIfNeeded: out.count - itemStart) &+ (last ? item.lengthOverrun : 0))
                }
            }
            if e.undefinedLength { u16(0xFFFE); u16(0xE0DD); u32(0) }
            (explicitVR, bigEndian) = saved
            if !e.undefinedLength && lengthAt >= 0 {
                patch32(at: lengthAt, UInt32(truncatingIfNeeded: out.count - start))
            }
        case .bulk(let b):
            guard b.encapsulated || e.undefinedLength || (b.length >= 0 && b.length < 0xFFFF_FFFF) else {
                throw DICOMWriteError("bulk value of \(e.tag) is \(b.length) bytes, too long for one element")
            }
            try header(
                e.tag, wireVR: wire,
                length: b.encapsulated || e.undefinedLength ? 0xFFFF_FFFF : UInt32(b.length), code: e.wireVRCode == 0 ? nil : e.wireVRCode)
            let unit = (bigEndian && !b.encapsulated) ? e.vr.wordSize : 1
            var written = 0
            if topLevel, let flush {
                try out.withUnsafeBytes { try flush($0) }
                out.removeAll(keepingCapacity: true)
                // Chunks may end inside a word (pieces of a pipe): its bytes wait for the next.
                var carry: [UInt8] = []
                let moved = try bulk.copy(
                    b, of: e.tag,
                    to: { chunk in
                        written += chunk.count
                        if unit > 1 {
                            var tmp = carry
                            tmp.append(contentsOf: chunk)
                            let whole = tmp.count / unit * unit
                            carry = Array(tmp[whole...])
                            tmp.removeLast(tmp.count - whole)
                            tmp.withUnsafeMutableBytes { ByteOrder.swapInPlace($0, unit: unit) }
                            try tmp.withUnsafeBytes { try flush($0) }
                        } else {
                            try flush(chunk)
                        }
                    }, direct: unit > 1 ? nil : direct)
                written += moved
                // A value that ends inside a word keeps its last bytes as they are.
                if !carry.isEmpty { try carry.withUnsafeBytes { try flush($0) } }
            } else {
                let start = out.count
                try bulk.copy(b, of: e.tag) { out.append(contentsOf: $0) }
                written = out.count - start
                if unit > 1 {
                    out.withUnsafeMutableBytes { ByteOrder.swapInPlace(UnsafeMutableRawBufferPointer(rebasing: $0[start...]), unit: unit) }
                }
            }
            guard written == b.length else {
                throw DICOMWriteError("bulk value of \(e.tag) has \(written) bytes, \(b.length) were announced")
            }
        }
    }

    /// Encoded size of an element, header included.
    func encodedLength(_ e: Element) -> Int {
        let wire = e.wireVR ?? e.vr
        let headerSize =
            (!explicitVR || e.tag.group == 0xFFFE || wire.hasLongLength) && e.wireVRCode == 0
            ? (explicitVR && e.tag.group != 0xFFFE ? 12 : 8) : 8
        switch e.value {
        case .bytes(let b): return headerSize + b.count
        case .bulk(let b): return headerSize + b.length
        case .items(let items):
            var sum = headerSize
            for item in items {
                sum += 8
                for x in item.elements { sum += encodedLength(x) }
                if item.undefinedLength { sum += 8 }
            }
            if e.undefinedLength { sum += 8 }
            return sum
        }
    }
}
