import SharedTestSupport
import DICOMCore
import DICOMObject
import DICOMPart10
@testable import DICOMStream
import Foundation
import XCTest

/// The binary record header (`D` frame) carries every part of the in-memory record: a
/// record read back is the record written, field by field, and hostile frames are errors.
final class BinaryHeaderTests: XCTestCase {
    /// Every field of a data set, so that two sets compare equal only when nothing differs.
    static func dump(_ ds: DataSet, _ out: inout [String], _ indent: String = "") {
        out.append("\(indent)set ul=\(ds.undefinedLength) over=\(ds.lengthOverrun)")
        for e in ds.elements {
            var line = "\(indent)\(e.tag) \(e.vr.rawValue) wire=\(e.wireVR?.rawValue ?? "-") code=\(e.wireVRCode) ul=\(e.undefinedLength) "
            switch e.value {
            case .bytes(let b): line += "bytes \(b)"; out.append(line)
            case .bulk(let bd):
                let where_: String
                switch bd.storage {
                case .stream(let id): where_ = "stream \(id)"
                case .memory(let m, _): where_ = "memory \(m.count)"
                case .region: where_ = "region"
                }
                out.append(line + "bulk \(where_) len=\(bd.length) encap=\(bd.encapsulated)")
            case .items(let items):
                out.append(line + "items \(items.count)")
                for item in items { dump(item, &out, indent + "  ") }
            }
        }
    }
    static func dump(_ r: Record) -> [String] {
        var out = [
            "source \(r.source)", "ts \(r.file.transferSyntax.uid) \(r.file.transferSyntax.explicitVR) \(r.file.transferSyntax.bigEndian)",
            "preamble \(r.file.preamble.map { "\($0)" } ?? "none") prefix \(r.file.hasPrefix) gzip \(r.file.gzipTrailer)",
            "notes \(r.file.notes)", "extras \(r.extras.map { "\($0.0)=\(String(decoding: $0.1.serialized(), as: UTF8.self))" })"
        ]
        dump(r.file.meta, &out, "meta ")
        dump(r.file.dataset, &out, "data ")
        return out
    }

    /// What a reader of the frame sees: bulk values become stream references with the ids
    /// the encoder assigned.
    static func expected(_ r: Record, ids: [(id: Int, data: BulkData)]) -> Record {
        var r = r
        var next = 0
        func walk(_ ds: inout DataSet) {
            for i in ds.elements.indices {
                switch ds.elements[i].value {
                case .bulk(var b):
                    b.storage = .stream(id: ids[next].id); next += 1
                    ds.elements[i].value = .bulk(b)
                case .items(var items):
                    for j in items.indices { walk(&items[j]) }
                    ds.elements[i].value = .items(items)
                case .bytes: break
                }
            }
        }
        walk(&r.file.meta); walk(&r.file.dataset)
        return r
    }

    func assertRoundTrip(_ r: Record, file: StaticString = #filePath, line: UInt = #line) throws {
        let (payload, bulk) = BinaryHeader.encode(r)
        let back = try BinaryHeader.decode(payload)
        XCTAssertEqual(Self.dump(back), Self.dump(Self.expected(r, ids: bulk)), file: file, line: line)
        // The same ids as the JSON header gives, so either form refers to the same B frames.
        XCTAssertEqual(bulk.map(\.id), RecordCodec.encode(r).bulk.map(\.id), file: file, line: line)
    }

    /// A value of every VR, including odd lengths, bytes that are not valid in the VR, a
    /// private block, wire VRs, nested sequences with defined and undefined lengths, an
    /// item overrun, and bulk values held in memory and by a stream.
    func record() -> Record {
        var ds = DataSet()
        var tag: UInt32 = 0x0009_1000
        for vr in VR.allCases where vr != .SQ {
            tag += 1
            let odd = [UInt8]((0..<(Int(tag & 7) * 2 + 1)).map { UInt8(truncatingIfNeeded: $0 * 37 + 1) })
            ds.elements.append(Element(tag: Tag(tag), vr: vr, bytes: odd))
        }
        ds.insert(Element(tag: Tag(0x0009_0010), vr: .LO, bytes: Array("ACME 1.0 ".utf8)))
        ds.insert(Element(tag: Tag(0x0008_0005), vr: .CS, bytes: Array("ISO_IR 192".utf8)))
        ds.insert(Element(tag: Tag(0x0010_0010), vr: .PN, bytes: Array("Ünïcødé^Näme".utf8)))
        ds.insert(Element(tag: Tag(0x0010_0020), vr: .LO, bytes: []))
        var unk = Element(tag: Tag(0x0018_0050), vr: .DS, value: .bytes(Array("2.5 ".utf8)), wireVR: .UN)
        unk.wireVRCode = 0
        ds.insert(unk)
        var spaces = Element(tag: Tag(0x0018_0088), vr: .DS, bytes: Array("1 ".utf8))
        spaces.wireVRCode = 0x2020
        ds.insert(spaces)
        var inner = DataSet(elements: [Element(tag: Tag(0x0008_0100), vr: .SH, bytes: Array("X1".utf8))], undefinedLength: true)
        inner.lengthOverrun = 12
        let deep = Element(tag: Tag(0x0040_A730), vr: .SQ, value: .items([inner, DataSet()]), undefinedLength: false)
        let outer = DataSet(elements: [deep, Element(tag: Tag(0x0040_A040), vr: .CS, bytes: Array("TEXT".utf8))])
        ds.insert(Element(tag: Tag(0x0040_A370), vr: .SQ, value: .items([outer]), undefinedLength: true))
        ds.insert(Element(tag: Tag(0x0008_1140), vr: .SQ, value: .items([]), wireVR: .UN))
        ds.insert(
            Element(
                tag: Tag(0x7FE0_0010), vr: .OB,
                value: .bulk(BulkData(bytes: [0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0], encapsulated: true)),
                undefinedLength: true))
        ds.insert(Element(tag: Tag(0x6000_3000), vr: .OW, value: .bulk(BulkData(storage: .stream(id: 7), length: 1 << 33))))
        ds.insert(Element(tag: Tag(0x5400_1010), vr: .OW, value: .bulk(BulkData(bytes: [1, 2, 3]))))
        var meta = DataSet()
        meta.insert(Element(tag: Tag(0x0002_0010), vr: .UI, bytes: Array("1.2.840.10008.1.2.2\0".utf8)))
        let ts = TransferSyntax(uid: "1.2.840.10008.1.2.2")
        var file = DICOMFile(
            preamble: [UInt8](repeating: 9, count: 128), hasPrefix: true, meta: meta, dataset: ds,
            transferSyntax: ts, notes: ["a note"])
        file.gzipTrailer = true
        return Record(
            source: "in/ä.dcm", file: file,
            extras: [("sourceRoot", .string("in")), ("pipeline", .array([.object([("stage", .string("t"))])]))])
    }

    func testEveryFieldSurvives() throws {
        try assertRoundTrip(record())
        var implicit = record()
        implicit.file.transferSyntax = .implicitVRLittleEndian
        implicit.file.preamble = nil
        implicit.file.hasPrefix = false
        implicit.extras = []
        try assertRoundTrip(implicit)
        try assertRoundTrip(Record(source: "-", file: DICOMFile(dataset: DataSet(), transferSyntax: .explicitVRLittleEndian)))
    }

    /// Every corpus file (big endian, implicit VR, deflated, private tags, odd lengths...)
    /// survives the binary header exactly, and its Part 10 bytes through the stream are those
    /// of the file read directly (StreamRoundTripTests checks the latter for the whole stream).
    func testCorpusRecordsSurvive() throws {
        var checked = 0
        for e in try Corpus.catalog() {
            guard let file = try? Part10Reader().read(contentsOf: e.path) else { continue }
            checked += 1
            try assertRoundTrip(Record(source: e.path, file: file))
        }
        XCTAssertGreaterThan(checked, 490)
    }

    /// The binary header is much smaller than JSON for the same record (no base64, no text
    /// numbers): a sanity check that values are not converted.
    func testValuesAreCopiedNotConverted() throws {
        let r = record()
        let (payload, _) = BinaryHeader.encode(r)
        let name = Array("Ünïcødé^Näme".utf8)
        XCTAssertNotNil(payload.indices.first { payload[$0...].starts(with: name) }, "text travels as its own bytes")
    }

    /// Truncations at every byte and flipped bytes give errors, never a crash or a wrong
    /// length accepted.
    func testHostileFramesAreErrors() throws {
        let (payload, _) = BinaryHeader.encode(record())
        for cut in stride(from: 0, to: payload.count, by: 1) {
            XCTAssertThrowsError(try BinaryHeader.decode(Array(payload[..<cut])), "cut at \(cut)")
        }
        XCTAssertThrowsError(try BinaryHeader.decode(payload + [0])) { XCTAssertTrue("\($0)".contains("trailing"), "\($0)") }
        var rng = SplitMix64(seed: 14)
        for _ in 0..<2000 {
            var bad = payload
            let i = Int(rng.next() % UInt64(bad.count))
            bad[i] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            _ = try? BinaryHeader.decode(bad)
        }
        // A count claiming more elements than the frame could hold is refused before use.
        var w = BinaryWriter(nextID: 0)
        let env = Array(#"{"source":"x"}"#.utf8)
        w.u32(UInt32(env.count)); w.out += env
        w.out.append(0); w.u32(0xFFFF_FFFF)
        XCTAssertThrowsError(try BinaryHeader.decode(w.out)) { XCTAssertTrue("\($0)".contains("count"), "\($0)") }
        // Sequences nested beyond the limit.
        var nested = BinaryWriter(nextID: 0)
        nested.u32(UInt32(env.count)); nested.out += env
        nested.out.append(0); nested.u32(0)  // meta
        for _ in 0..<300 {
            nested.out.append(0); nested.u32(1)
            nested.u16(0x0040); nested.u16(0xA730); nested.out += Array("SQ".utf8); nested.u16(1); nested.u32(1)
        }
        nested.out.append(0); nested.u32(0)
        XCTAssertThrowsError(try BinaryHeader.decode(nested.out)) { XCTAssertTrue("\($0)".contains("deep"), "\($0)") }
        // An envelope that tries to carry the data set as JSON.
        var env2 = BinaryWriter(nextID: 0)
        let withData = Array(#"{"source":"x","dataset":{}}"#.utf8)
        env2.u32(UInt32(withData.count)); env2.out += withData
        env2.out.append(0); env2.u32(0); env2.out.append(0); env2.u32(0)
        XCTAssertThrowsError(try BinaryHeader.decode(env2.out))
    }

    /// Both header forms in one stream read back the same records.
    func testStreamWithBothHeaderForms() throws {
        var template = Array("/tmp/dcm-binhdr-test.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        unlink(String(cString: template))
        defer { close(fd) }
        var r = record()
        r.file.dataset.remove(Tag(0x6000_3000))  // no stream-held value without an input stream
        let w = StreamWriter(fd: fd)
        try w.start()
        try w.write(r)
        w.headerForm = .json
        try w.write(r)
        try w.finish()
        lseek(fd, 0, SEEK_SET)
        let reader = try StreamReader(fd: fd)
        var forms: [RecordHeader.Form] = [], dumps: [[String]] = [], files: [[UInt8]] = []
        while let item = try reader.next() {
            guard case .record(let h) = item else { continue }
            forms.append(h.form)
            var back = try RecordCodec.decode(h)
            try reader.loadBulk(into: &back)
            dumps.append(Self.dump(back))
            files.append(try Part10Writer().encode(back.file))
        }
        XCTAssertEqual(forms, [.binary, .json])
        XCTAssertEqual(dumps.first, dumps.last)
        XCTAssertEqual(files, [try Part10Writer().encode(r.file), try Part10Writer().encode(r.file)])
    }
}
