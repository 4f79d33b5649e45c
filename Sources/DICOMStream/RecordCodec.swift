import DICOMCore
import DICOMEncoding
import DICOMObject
import DICOMPart10

/// Converts records to and from their JSON header: the DICOM JSON model (PS3.18 Annex F)
/// with a few `_`-prefixed extension members that make the conversion lossless
/// (documented in dcm-stream(5)).
public enum RecordCodec {
    public struct EncodeOptions: Sendable {
        /// Leave out the extension members: plain PS3.18 JSON for jq and other tools.
        public var plain = false
        /// Bulk values as InlineBinary with `_len` (and `_encap`) instead of "bulk:N"
        /// references, so that a JSON line holds the whole record. Values held by a stream
        /// cannot be inlined: the caller loads them first.
        public var inlineBulk = false
        /// Tests only: encode every value through the general path.
        var generalPathOnly = false
        public init() {}
    }

    /// The JSON header and the bulk values it refers to, in the order they are referenced.
    /// Values from the input (held or loaded) keep their ids; new bulk values get ids after them.
    public static func encode(_ r: Record, options: EncodeOptions = EncodeOptions()) -> (json: [UInt8], bulk: [(id: Int, data: BulkData)]) {
        var e = RecordEncoder(plain: options.plain)
        e.inlineBulk = options.inlineBulk
        e.shortcuts = !options.generalPathOnly
        e.nextID = firstNewID(r)
        // Held by reference only: a line with bulk data inlined, or plain JSON, goes without.
        let kept = options.plain || options.inlineBulk ? nil : keptDeflate(r, firstNewID: e.nextID)
        var w = JSONWriter()
        writeEnvelopeMembers(r, plain: options.plain, deflatedID: kept?.id, into: &w)
        w.byte(UInt8(ascii: ",")); w.key("meta")
        e.writeDataSet(r.file.meta, charset: .defaultRepertoire, into: &w)
        w.byte(UInt8(ascii: ",")); w.key("dataset")
        e.writeDataSet(r.file.dataset, charset: r.file.dataset.declaredCharacterSet ?? .defaultRepertoire, into: &w)
        if !options.plain {
            for (k, v) in r.extras { w.byte(UInt8(ascii: ",")); w.key(k); w.value(v) }
        }
        w.byte(UInt8(ascii: "}"))
        if let kept { e.bulk.append(kept) }
        return (w.out, e.bulk)
    }

    /// The first id for new bulk values: after those of the input (held or loaded).
    static func firstNewID(_ r: Record) -> Int {
        var m = maxStreamID(r.file.meta, r.file.dataset)
        if let id = r.file.deflatedDataSet?.keptStreamID { m = max(m, id) }
        return m + 1
    }

    /// The deflated data set as a bulk value of the record, with its id: one from the input
    /// (held or loaded) keeps it, another gets the id after those the encoders give the data sets' new values
    /// (so theirs are the same with or without it). It goes after every other value.
    static func keptDeflate(_ r: Record, firstNewID: Int) -> (id: Int, data: BulkData)? {
        guard let d = r.file.deflatedDataSet else { return nil }
        if let id = d.keptStreamID { return (id, d) }
        func newValues(_ ds: DataSet) -> Int {
            var n = 0
            for e in ds.elements {
                switch e.value {
                case .bulk(let b): if b.keptStreamID == nil { n += 1 }
                case .items(let items): for item in items { n += newValues(item) }
                case .bytes: break
                }
            }
            return n
        }
        return (firstNewID + newValues(r.file.meta) + newValues(r.file.dataset), d)
    }

    /// The binary header's envelope: the JSON header without `meta` and `dataset`.
    static func envelope(_ r: Record, deflatedID: Int? = nil) -> [UInt8] {
        var w = JSONWriter()
        writeEnvelopeMembers(r, plain: false, deflatedID: deflatedID, into: &w)
        for (k, v) in r.extras { w.byte(UInt8(ascii: ",")); w.key(k); w.value(v) }
        w.byte(UInt8(ascii: "}"))
        return w.out
    }

    /// `{` and the members before `meta`: source, transfer syntax, format, notes.
    static func writeEnvelopeMembers(_ r: Record, plain: Bool, deflatedID: Int? = nil, into w: inout JSONWriter) {
        w.byte(UInt8(ascii: "{"))
        w.key("source"); w.string(r.source)
        w.byte(UInt8(ascii: ",")); w.key("transferSyntax"); w.string(r.file.transferSyntax.uid)
        if !plain {
            w.byte(UInt8(ascii: ",")); w.key("format"); w.byte(UInt8(ascii: "{"))
            w.key("preamble")
            if let p = r.file.preamble {
                if p.allSatisfy({ $0 == 0 }) { w.raw("true") } else { w.string(Base64.encode(p)) }
            } else {
                w.raw("false")
            }
            w.byte(UInt8(ascii: ",")); w.key("prefix"); w.raw(r.file.hasPrefix ? "true" : "false")
            w.byte(UInt8(ascii: ",")); w.key("explicitVR"); w.raw(r.file.transferSyntax.explicitVR ? "true" : "false")
            w.byte(UInt8(ascii: ",")); w.key("bigEndian"); w.raw(r.file.transferSyntax.bigEndian ? "true" : "false")
            if r.file.gzipTrailer { w.byte(UInt8(ascii: ",")); w.key("gzipTrailer"); w.raw("true") }
            if let id = deflatedID, let d = r.file.deflatedDataSet {
                w.byte(UInt8(ascii: ",")); w.key("deflated"); w.byte(UInt8(ascii: "{"))
                w.key("BulkDataURI"); w.string("bulk:\(id)")
                w.byte(UInt8(ascii: ",")); w.key("_len"); w.number(d.length)
                w.byte(UInt8(ascii: "}"))
            }
            w.byte(UInt8(ascii: "}"))
            if !r.file.notes.isEmpty {
                w.byte(UInt8(ascii: ",")); w.key("notes"); w.value(.array(r.file.notes.map { .string($0) }))
            }
        }
    }

    static func maxStreamID(_ sets: DataSet...) -> Int {
        var m = -1
        func walk(_ ds: DataSet) {
            for el in ds.elements {
                switch el.value {
                case .bulk(let b): if let id = b.keptStreamID { m = max(m, id) }
                case .items(let items): items.forEach(walk)
                case .bytes: break
                }
            }
        }
        sets.forEach(walk)
        return m
    }

    /// Parses a JSON header back into a record; bulk values become `.stream(id)` references.
    public static func decode(_ json: [UInt8]) throws -> Record {
        try json.withUnsafeBytes { buf in
            do {
                var d = JSONParser(buf: buf)
                return try d.record()
            } catch is JSONParser.CharsetAfterUse {
                return try decode(JSONParser.parse(buf))
            }
        }
    }

    public static func decode(_ root: JSON) throws -> Record {
        try decode(root, meta: nil, dataset: nil)
    }

    /// `meta` and `dataset`, when given, were decoded already (by `HeaderDecoder`).
    static func decode(_ root: JSON, meta givenMeta: DataSet?, dataset givenDataset: DataSet?) throws -> Record {
        guard let top = root.objectValue else { throw ValueError("record header is not a JSON object") }
        var source = "-", tsUID = TransferSyntax.explicitVRLittleEndian.uid
        var preamble: [UInt8]? = [UInt8](repeating: 0, count: 128)
        var prefix = true, explicitVR: Bool? = nil, bigEndian: Bool? = nil, gzipTrailer = false
        var deflated: BulkData? = nil
        var notes: [String] = []
        var meta = givenMeta ?? DataSet(), dataset = givenDataset ?? DataSet()
        var extras: [(String, JSON)] = []
        for (k, v) in top {
            switch k {
            case "source": source = v.stringValue ?? source
            case "transferSyntax": tsUID = v.stringValue ?? tsUID
            case "format":
                switch v["preamble"] {
                case .bool(false)?: preamble = nil
                case .string(let s)?: preamble = Base64.decode(s).flatMap { $0.count == 128 ? $0 : nil } ?? preamble
                default: break
                }
                prefix = v["prefix"]?.boolValue ?? true
                explicitVR = v["explicitVR"]?.boolValue
                bigEndian = v["bigEndian"]?.boolValue
                gzipTrailer = v["gzipTrailer"]?.boolValue ?? false
                // A reference that does not parse is ignored: the data set is deflated anew.
                if let d = v["deflated"], let uri = d["BulkDataURI"]?.stringValue, uri.hasPrefix("bulk:"),
                    let id = Int(uri.dropFirst(5)), id >= 0, let len = d["_len"]?.intValue, len >= 0
                {
                    deflated = BulkData(storage: .stream(id: id), length: len)
                }
            case "notes": notes = v.arrayValue?.compactMap { $0.stringValue } ?? []
            case "meta": meta = try decodeDataSet(v, charset: .defaultRepertoire, path: "meta")
            case "dataset": dataset = try decodeDataSet(v, charset: nil, path: "dataset")
            default: extras.append((k, v))
            }
        }
        var ts = TransferSyntax(uid: tsUID)
        if let ex = explicitVR, let be = bigEndian, ex != ts.explicitVR || be != ts.bigEndian {
            ts = TransferSyntax(uid: ts.uid, explicitVR: ex, bigEndian: be, deflated: ts.deflated, encapsulated: ts.encapsulated)
        }
        var file = DICOMFile(
            preamble: preamble, hasPrefix: prefix, meta: meta, dataset: dataset,
            transferSyntax: ts, notes: notes)
        file.gzipTrailer = gzipTrailer
        file.deflatedDataSet = deflated
        return Record(source: source, file: file, extras: extras)
    }

    // `path` names the place in error messages only, so it is built only when one is thrown.
    static func decodeDataSet(
        _ json: JSON, charset inherited: SpecificCharacterSet?,
        path: @autoclosure () -> String
    ) throws -> DataSet {
        guard let members = json.objectValue else { throw ValueError("\(path()): data set is not an object") }
        var charset = inherited ?? .defaultRepertoire
        // Read (0008,0005) as the encoder did (`DataSet.declaredCharacterSet`, from the value
        // bytes), so a value that is only in `_raw` selects the same character set.
        if let cs = json["00080005"],
            let b = try decodeElement(.specificCharacterSet, cs, charset: .defaultRepertoire, path: path()).bytes
        {
            charset = SpecificCharacterSet(rawValue: b)
        }
        var ds = DataSet()
        ds.elements.reserveCapacity(members.count)
        for (key, value) in members {
            if key == "_ul" { ds.undefinedLength = value.boolValue ?? false; continue }
            if key == "_over" { ds.lengthOverrun = UInt32(clamping: value.intValue ?? 0); continue }
            if key.hasPrefix("_") { continue }
            guard let tag = Tag(hex: key) else { throw ValueError("\(path()): \(key) is not a tag") }
            ds.elements.append(try decodeElement(tag, value, charset: charset, path: path()))
        }
        return ds
    }

    static func decodeElement(
        _ tag: Tag, _ json: JSON, charset: SpecificCharacterSet,
        path: @autoclosure () -> String
    ) throws -> Element {
        var m = ElementMembers()
        m.vr = json["vr"]?.stringValue
        m.wireVR = json["_vr"]?.stringValue
        m.wireVRCode = json["_vrcode"]?.stringValue
        m.undefinedLength = json["_ul"]?.boolValue ?? false
        m.bulkDataURI = json["BulkDataURI"]?.stringValue
        m.length = json["_len"]?.intValue
        m.encapsulated = json["_encap"]?.boolValue ?? false
        m.inlineBinary = json["InlineBinary"]?.stringValue
        m.raw = json["_raw"]?.stringValue
        if let v = json["Value"] { m.value = .json(v) }
        return try m.element(tag, charset: charset, path: path)
    }
}

/// The members of one element's JSON object, gathered by either decoder.
struct ElementMembers {
    /// A `Value` member: still JSON, or already turned into value bytes or items.
    enum Value { case json(JSON), bytes([UInt8]), items([DataSet]) }
    var vr: String?
    var wireVR: String?
    /// `_vrcode`: hex of VR bytes that name no VR (Element.wireVRCode).
    var wireVRCode: String?
    var undefinedLength = false
    var bulkDataURI: String?
    var length: Int?
    var encapsulated = false
    var inlineBinary: String?
    var raw: String?
    var value: Value?

    func element(_ tag: Tag, charset: SpecificCharacterSet, path: () -> String) throws -> Element {
        func where_() -> String { "\(path()) \(tag)" }
        guard let vrText = self.vr, let vr = VR(rawValue: vrText) else {
            throw ValueError("\(where_()): missing or unknown vr")
        }
        let wireVR = self.wireVR.flatMap { VR(rawValue: $0) }
        var code: UInt16 = 0
        if let text = wireVRCode {
            guard let v = UInt16(text, radix: 16) else { throw ValueError("\(where_()): bad _vrcode") }
            code = v
        }
        func coded(_ e: Element) -> Element { var e = e; e.wireVRCode = code; return e }
        let undefined = undefinedLength
        if let uri = bulkDataURI {
            guard uri.hasPrefix("bulk:"), let id = Int(uri.dropFirst(5)), let len = length, len >= 0 else {
                throw ValueError("\(where_()): BulkDataURI must be bulk:N with _len")
            }
            let bulk = BulkData(storage: .stream(id: id), length: len, encapsulated: encapsulated)
            return coded(Element(tag: tag, vr: vr, value: .bulk(bulk), wireVR: wireVR, undefinedLength: undefined))
        }
        if vr == .SQ {
            var items: [DataSet] = []
            switch value {
            case .items(let decoded)?: items = decoded
            case .json(let json)?:
                items = try (json.arrayValue ?? []).enumerated().map { i, item in
                    try RecordCodec.decodeDataSet(item, charset: charset, path: "\(where_())[\(i)]")
                }
            case .bytes?, nil: break
            }
            return coded(Element(tag: tag, vr: vr, value: .items(items), wireVR: wireVR, undefinedLength: undefined))
        }
        // A bulk value written inline (`dcm-json --record --inline-bulk`) stays bulk data.
        if let inline = inlineBinary, let len = length {
            guard let b = Base64.decode(inline), b.count == len else {
                throw ValueError("\(where_()): InlineBinary does not hold _len bytes")
            }
            let bulk = BulkData(bytes: b, encapsulated: encapsulated)
            return coded(Element(tag: tag, vr: vr, value: .bulk(bulk), wireVR: wireVR, undefinedLength: undefined))
        }
        let raw = self.raw.flatMap(Base64.decode)
        var bytes: [UInt8]
        if let inline = inlineBinary {
            guard let b = Base64.decode(inline) else { throw ValueError("\(where_()): bad InlineBinary") }
            bytes = b
        } else if let given = try valueBytes(vr: vr, charset: charset) {
            bytes = given
            // The original bytes win when they still say the same thing.
            if let raw, raw != bytes, let rawValues = ValueCodec.values(raw, vr: vr, charset: charset),
                (try? ValueCodec.bytes(rawValues, vr: vr, charset: charset)) == bytes
            {
                bytes = raw
            }
        } else {
            bytes = raw ?? []
        }
        return coded(Element(tag: tag, vr: vr, value: .bytes(bytes), wireVR: wireVR, undefinedLength: undefined))
    }

    /// The bytes of a `Value` array; nil when there is none (an array is required).
    func valueBytes(vr: VR, charset: SpecificCharacterSet) throws -> [UInt8]? {
        switch value {
        case .bytes(let b)?: return b
        case .json(let json)?:
            guard let values = json.arrayValue else { return nil }
            return try ValueCodec.bytes(values, vr: vr, charset: charset)
        case .items?, nil: return nil
        }
    }
}

/// Writes data sets as DICOM JSON, assigning bulk ids.
struct RecordEncoder {
    let plain: Bool
    var nextID = 0
    var bulk: [(id: Int, data: BulkData)] = []

    /// Byte-level shortcuts for common values (FastValueWriter.swift); off only in tests
    /// that compare them with the general path.
    var shortcuts = true
    /// `EncodeOptions.inlineBulk`.
    var inlineBulk = false

    init(plain: Bool) { self.plain = plain }

    mutating func writeDataSet(_ ds: DataSet, charset inherited: SpecificCharacterSet, into w: inout JSONWriter) {
        let charset = ds.declaredCharacterSet ?? inherited
        w.byte(UInt8(ascii: "{"))
        var first = true
        if ds.undefinedLength && !plain { w.key("_ul"); w.raw("true"); first = false }
        if ds.lengthOverrun > 0 && !plain {
            if !first { w.byte(UInt8(ascii: ",")) }
            w.key("_over"); w.number(ds.lengthOverrun); first = false
        }
        for e in ds.elements {
            if !first { w.byte(UInt8(ascii: ",")) }
            first = false
            w.tagKey(e.tag)
            writeElement(e, charset: charset, into: &w)
        }
        w.byte(UInt8(ascii: "}"))
    }

    /// `,"_vrcode":"hhhh"`; out of line, as writeElement recurses through sequences.
    @inline(never)
    static func writeVRCode(_ code: UInt16, into w: inout JSONWriter) {
        w.byte(UInt8(ascii: ",")); w.key("_vrcode")
        let hex = String(code, radix: 16)
        w.string(String(repeating: "0", count: 4 - hex.count) + hex)
    }

    mutating func writeElement(_ e: Element, charset: SpecificCharacterSet, into w: inout JSONWriter) {
        w.byte(UInt8(ascii: "{"))
        w.vrMember(e.vr)
        if !plain {
            if let wire = e.wireVR, wire != e.vr { w.byte(UInt8(ascii: ",")); w.key("_vr"); w.string(wire.rawValue) }
            if e.wireVRCode != 0 { Self.writeVRCode(e.wireVRCode, into: &w) }
            if e.undefinedLength { w.byte(UInt8(ascii: ",")); w.key("_ul"); w.raw("true") }
        }
        switch e.value {
        case .items(let items):
            w.byte(UInt8(ascii: ",")); w.key("Value"); w.byte(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                writeDataSet(item, charset: charset, into: &w)
            }
            w.byte(UInt8(ascii: "]"))
        case .bulk(let b):
            if inlineBulk, let bytes = try? b.loadBytes() {
                w.byte(UInt8(ascii: ",")); w.key("InlineBinary"); w.string(Base64.encode(bytes))
                w.byte(UInt8(ascii: ",")); w.key("_len"); w.number(b.length)
                if b.encapsulated { w.byte(UInt8(ascii: ",")); w.key("_encap"); w.raw("true") }
                break
            }
            let id: Int
            if let kept = b.keptStreamID { id = kept } else { id = nextID; nextID += 1 }
            bulk.append((id, b))
            w.byte(UInt8(ascii: ",")); w.key("BulkDataURI"); w.string("bulk:\(id)")
            if !plain {
                w.byte(UInt8(ascii: ",")); w.key("_len"); w.number(b.length)
                if b.encapsulated { w.byte(UInt8(ascii: ",")); w.key("_encap"); w.raw("true") }
            }
        case .bytes(let bytes):
            if e.vr.isBinaryBlob {
                if !bytes.isEmpty { w.byte(UInt8(ascii: ",")); w.key("InlineBinary"); w.string(Base64.encode(bytes)) }
                break
            }
            if shortcuts {
                switch e.vr {
                case .PN: break
                case .US, .SS, .UL, .SL:
                    if RecordEncoder.writeIntegers(bytes, vr: e.vr, into: &w) { w.byte(UInt8(ascii: "}")); return }
                default:
                    if e.vr.isString && RecordEncoder.writeASCIIText(bytes, vr: e.vr, into: &w) {
                        w.byte(UInt8(ascii: "}")); return
                    }
                }
            }
            let values = ValueCodec.values(bytes, vr: e.vr, charset: charset)
            if let values, !values.isEmpty {
                w.byte(UInt8(ascii: ",")); w.key("Value"); w.value(.array(values))
            }
            if !plain {
                let same = values.flatMap { try? ValueCodec.bytes($0, vr: e.vr, charset: charset) } == bytes
                if !same { w.byte(UInt8(ascii: ",")); w.key("_raw"); w.string(Base64.encode(bytes)) }
            }
        }
        w.byte(UInt8(ascii: "}"))
    }
}
