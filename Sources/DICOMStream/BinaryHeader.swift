import DICOMCore
import DICOMObject
import DICOMPart10

/// A record header as read from the stream: the JSON form (`H` frame, still accepted from
/// third-party stages) or the binary form (`D` frame, what every stage writes).
public struct RecordHeader: Sendable {
    public enum Form: Sendable { case json, binary }
    public var form: Form
    public var bytes: [UInt8]
    public init(form: Form, bytes: [UInt8]) { self.form = form; self.bytes = bytes }
}

/// Why a binary record header could not be read: the frame is truncated or inconsistent.
public struct BinaryHeaderError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// Byte offset in the header frame's payload where reading stopped.
    public var offset: Int
    public var description: String { "binary record header: \(message) at byte \(offset)" }
}

/// The binary record header of dcm-stream(5) version 3 (`D` frame): a small JSON envelope
/// (every member of the JSON header but `meta` and `dataset`), then the file meta group and
/// the data set as element trees whose values are the in-memory bytes (little endian, the
/// file's own bytes for text). Nothing is converted to text, so both directions are copies.
public enum BinaryHeader {
    /// Deepest sequence nesting accepted (the Part 10 reader stops at 128).
    static let maxDepth = 256

    enum Kind: UInt16 { case bytes = 0, items = 1, bulk = 2 }
    enum Flag {
        static let kindMask: UInt16 = 0x3
        static let undefinedLength: UInt16 = 1 << 2
        static let encapsulated: UInt16 = 1 << 3
        static let wireVR: UInt16 = 1 << 4
        static let wireVRCode: UInt16 = 1 << 5
        static let known: UInt16 = 0x3F
    }
    enum SetFlag {
        static let undefinedLength: UInt8 = 1
        static let overrun: UInt8 = 2
    }

    /// The payload of a `D` frame and the bulk values it refers to, in the order referenced
    /// (ids as `RecordCodec.encode` assigns them: values from the input keep theirs).
    public static func encode(_ r: Record) -> (payload: [UInt8], bulk: [(id: Int, data: BulkData)]) {
        var payload: [UInt8] = []
        let bulk = encode(r, appendingTo: &payload)
        return (payload, bulk)
    }

    /// As above, appending the payload to `out` (a writer's buffer, so that the header is
    /// neither built in an array of its own nor copied again); returns the bulk values.
    public static func encode(_ r: Record, appendingTo out: inout [UInt8]) -> [(id: Int, data: BulkData)] {
        let first = RecordCodec.firstNewID(r)
        let kept = RecordCodec.keptDeflate(r, firstNewID: first)
        let envelope = RecordCodec.envelope(r, deflatedID: kept?.id)
        var w = BinaryWriter(nextID: first)
        swap(&w.out, &out)
        defer { swap(&w.out, &out) }
        w.out.reserveCapacity(w.out.count + envelope.count + 4096)
        w.u32(UInt32(envelope.count))
        w.out.append(contentsOf: envelope)
        w.dataSet(r.file.meta)
        w.dataSet(r.file.dataset)
        if let kept { w.bulk.append(kept) }
        return w.bulk
    }

    /// Reads a `D` frame's payload back into a record; bulk values become `.stream(id)`.
    public static func decode(_ payload: [UInt8]) throws -> Record {
        try payload.withUnsafeBytes { buf in
            var r = BinaryReader(buf: buf)
            let n = Int(try r.u32())
            let envelopeBytes = try r.take(n)
            let envelope: JSON
            do { envelope = try JSONParser.parse(envelopeBytes) } catch {
                throw BinaryHeaderError(message: "envelope is not JSON (\(error))", offset: 4)
            }
            guard case .object(let members) = envelope,
                !members.contains(where: { $0.0 == "meta" || $0.0 == "dataset" })
            else {
                throw BinaryHeaderError(message: "envelope is not a JSON object without meta and dataset", offset: 4)
            }
            let meta = try r.dataSet(depth: 0)
            let dataset = try r.dataSet(depth: 0)
            guard r.pos == buf.count else { throw BinaryHeaderError(message: "trailing bytes", offset: r.pos) }
            return try RecordCodec.decode(envelope, meta: meta, dataset: dataset)
        }
    }
}

/// Appends data sets in the binary header's element encoding.
struct BinaryWriter {
    var out: [UInt8] = []
    var nextID: Int
    var bulk: [(id: Int, data: BulkData)] = []

    init(nextID: Int) { self.nextID = nextID }

    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
    /// The two ASCII bytes of a VR, without building an array.
    mutating func vr(_ vr: VR) {
        var it = vr.rawValue.utf8.makeIterator()
        out.append(it.next() ?? 0x3F); out.append(it.next() ?? 0x3F)
    }
    mutating func u64(_ v: UInt64) { u32(UInt32(v & 0xFFFF_FFFF)); u32(UInt32(v >> 32)) }

    mutating func dataSet(_ ds: DataSet) {
        var flags: UInt8 = 0
        if ds.undefinedLength { flags |= BinaryHeader.SetFlag.undefinedLength }
        if ds.lengthOverrun > 0 { flags |= BinaryHeader.SetFlag.overrun }
        out.append(flags)
        if ds.lengthOverrun > 0 { u32(ds.lengthOverrun) }
        u32(UInt32(ds.elements.count))
        for e in ds.elements { element(e) }
    }

    mutating func element(_ e: Element) {
        var flags: UInt16
        let length: UInt32
        switch e.value {
        case .bytes(let v): flags = BinaryHeader.Kind.bytes.rawValue; length = UInt32(v.count)
        case .items(let items): flags = BinaryHeader.Kind.items.rawValue; length = UInt32(items.count)
        case .bulk(let bd):
            flags = BinaryHeader.Kind.bulk.rawValue | (bd.encapsulated ? BinaryHeader.Flag.encapsulated : 0)
            length = 0
        }
        if e.undefinedLength { flags |= BinaryHeader.Flag.undefinedLength }
        if e.wireVR != nil { flags |= BinaryHeader.Flag.wireVR }
        if e.wireVRCode != 0 { flags |= BinaryHeader.Flag.wireVRCode }
        // Tag, VR, flags and length: twelve bytes, little endian, appended at once.
        let (v0, v1) = e.vr.bytes
        let head =
            UInt64(e.tag.group) | UInt64(e.tag.element) << 16 | UInt64(v0) << 32 | UInt64(v1) << 40
            | UInt64(flags) << 48
        withUnsafeBytes(of: (head.littleEndian, length.littleEndian)) { out.append(contentsOf: $0.prefix(12)) }
        if let wire = e.wireVR { vr(wire) }
        if e.wireVRCode != 0 { out.append(UInt8(e.wireVRCode >> 8)); out.append(UInt8(e.wireVRCode & 0xFF)) }
        switch e.value {
        case .bytes(let v): out.append(contentsOf: v)
        case .items(let items): for item in items { dataSet(item) }
        case .bulk(let bd):
            let id: Int
            if let kept = bd.keptStreamID { id = kept } else { id = nextID; nextID += 1 }
            bulk.append((id, bd))
            u32(UInt32(truncatingIfNeeded: id))
            u64(UInt64(bd.length))
        }
    }
}

/// Reads the binary header's element encoding with bounds checks at every step.
struct BinaryReader {
    let buf: UnsafeRawBufferPointer
    var pos = 0

    func fail(_ m: String) -> BinaryHeaderError { BinaryHeaderError(message: m, offset: pos) }

    mutating func need(_ n: Int) throws {
        guard n >= 0, buf.count - pos >= n else { throw fail("truncated (\(n) bytes wanted, \(buf.count - pos) left)") }
    }
    mutating func u8() throws -> UInt8 { try need(1); defer { pos += 1 }; return buf[pos] }
    mutating func u16() throws -> UInt16 {
        try need(2); defer { pos += 2 }
        return UInt16(buf[pos]) | UInt16(buf[pos + 1]) << 8
    }
    mutating func u32() throws -> UInt32 {
        try need(4); defer { pos += 4 }
        return UInt32(buf[pos]) | UInt32(buf[pos + 1]) << 8 | UInt32(buf[pos + 2]) << 16 | UInt32(buf[pos + 3]) << 24
    }
    mutating func u64() throws -> UInt64 { let lo = try u32(); return UInt64(try u32()) << 32 | UInt64(lo) }
    mutating func take(_ n: Int) throws -> UnsafeRawBufferPointer {
        try need(n); defer { pos += n }
        return UnsafeRawBufferPointer(rebasing: buf[pos..<(pos + n)])
    }
    mutating func vr() throws -> VR {
        try need(2)
        guard let vr = VR(buf[pos], buf[pos + 1]) else { throw fail("unknown VR") }
        pos += 2
        return vr
    }

    mutating func dataSet(depth: Int) throws -> DataSet {
        guard depth <= BinaryHeader.maxDepth else { throw fail("sequences nested too deep") }
        let flags = try u8()
        guard flags & ~(BinaryHeader.SetFlag.undefinedLength | BinaryHeader.SetFlag.overrun) == 0 else {
            throw fail("unknown data set flags")
        }
        var ds = DataSet(undefinedLength: flags & BinaryHeader.SetFlag.undefinedLength != 0)
        if flags & BinaryHeader.SetFlag.overrun != 0 { ds.lengthOverrun = try u32() }
        let count = Int(try u32())
        // Each element takes at least 12 bytes: a count beyond that is a lie, not a reservation.
        guard count <= (buf.count - pos) / 12 else { throw fail("element count exceeds the frame") }
        ds.elements.reserveCapacity(count)
        for _ in 0..<count { ds.elements.append(try element(depth: depth)) }
        return ds
    }

    mutating func element(depth: Int) throws -> Element {
        let group = try u16(), elem = try u16()
        let tag = Tag(group: group, element: elem)
        let vr = try self.vr()
        let flags = try u16()
        guard flags & ~BinaryHeader.Flag.known == 0, let kind = BinaryHeader.Kind(rawValue: flags & BinaryHeader.Flag.kindMask) else {
            throw fail("unknown element flags")
        }
        let length = Int(try u32())
        var wireVR: VR?
        if flags & BinaryHeader.Flag.wireVR != 0 { wireVR = try self.vr() }
        var code: UInt16 = 0
        if flags & BinaryHeader.Flag.wireVRCode != 0 {
            let hi = try u8(), lo = try u8()
            code = UInt16(hi) << 8 | UInt16(lo)
            guard code != 0 else { throw fail("zero wire VR code") }
        }
        let undefined = flags & BinaryHeader.Flag.undefinedLength != 0
        let value: ElementValue
        switch kind {
        case .bytes:
            value = .bytes(Array(try take(length)))
        case .items:
            // Each item takes at least 5 bytes.
            guard length <= (buf.count - pos) / 5 else { throw fail("item count exceeds the frame") }
            var items: [DataSet] = []
            items.reserveCapacity(length)
            for _ in 0..<length { items.append(try dataSet(depth: depth + 1)) }
            value = .items(items)
        case .bulk:
            guard length == 0 else { throw fail("bulk element with a length field") }
            let id = Int(try u32())
            let n = try u64()
            guard n <= UInt64(Int.max) else { throw fail("bulk length out of range") }
            value = .bulk(
                BulkData(
                    storage: .stream(id: id), length: Int(n),
                    encapsulated: flags & BinaryHeader.Flag.encapsulated != 0))
        }
        if kind != .bulk, flags & BinaryHeader.Flag.encapsulated != 0 { throw fail("encapsulated flag on a non-bulk element") }
        var e = Element(tag: tag, vr: vr, value: value, wireVR: wireVR, undefinedLength: undefined)
        e.wireVRCode = code
        return e
    }
}

extension RecordCodec {
    /// Decodes a record header of either form.
    public static func decode(_ header: RecordHeader) throws -> Record {
        switch header.form {
        case .json: return try decode(header.bytes)
        case .binary:
            // Only stages write binary headers: one that does not read is a corrupt stream,
            // not a bad input file, so what follows it cannot be trusted either.
            do { return try BinaryHeader.decode(header.bytes) } catch {
                throw StreamError("\(error)")
            }
        }
    }
}
