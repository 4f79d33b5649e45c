import SharedTestSupport
import DICOMCore
import DICOMEncoding
import DICOMObject
import DICOMPart10
@testable import DICOMStream
import XCTest

/// The record codec's fast paths (byte-level value writing, the direct header decoder)
/// must give exactly what the general paths give: the same JSON, the same data sets.
final class CodecShortcutTests: XCTestCase {
    var general: RecordCodec.EncodeOptions { var o = RecordCodec.EncodeOptions(); o.generalPathOnly = true; return o }

    /// Checks one record both ways; returns a description of the first difference.
    func difference(_ record: Record) throws -> String? {
        let fast = RecordCodec.encode(record).json
        let slow = RecordCodec.encode(record, options: general).json
        if fast != slow {
            let i = (0..<min(fast.count, slow.count)).first { fast[$0] != slow[$0] } ?? min(fast.count, slow.count)
            return "encoders differ at byte \(i): \(String(decoding: fast[max(0, i - 60)..<min(fast.count, i + 60)], as: UTF8.self))"
        }
        let direct = try RecordCodec.decode(fast)
        let tree = try RecordCodec.decode(JSONParser.parse(fast))
        if RecordCodec.encode(direct, options: general).json != RecordCodec.encode(tree, options: general).json {
            return "decoders differ"
        }
        if RecordCodec.encode(direct, options: general).json != slow { return "decoded record re-encodes differently" }
        return nil
    }

    func testCorpusRecordsAreTheSameThroughEveryPath() throws {
        var checked = 0, differ: [String] = []
        for e in try Corpus.catalog() {
            guard let file = try? Part10Reader().read(contentsOf: e.path) else { continue }
            checked += 1
            if let d = try difference(Record(source: e.path, file: file)) {
                differ.append("\((e.path as NSString).lastPathComponent): \(d)")
            }
        }
        XCTAssertGreaterThan(checked, 490)
        XCTAssertEqual(differ, [])
    }

    func el(_ tag: UInt32, _ vr: VR, _ text: String) -> Element { Element(tag: Tag(tag), vr: vr, bytes: Array(text.utf8)) }
    func el(_ tag: UInt32, _ vr: VR, _ bytes: [UInt8]) -> Element { Element(tag: Tag(tag), vr: vr, bytes: bytes) }

    /// Values chosen to sit on every edge of the shortcuts' rules.
    func testEdgeValuesAreTheSameThroughEveryPath() throws {
        let cases: [[Element]] = [
            [
                el(0x0018_0050, .DS, "2.5 "), el(0x0028_0030, .DS, " .5\\1"), el(0x0020_0013, .IS, "007 "),
                el(0x0028_1050, .DS, "1\\-2.0E+3 "), el(0x0028_1051, .DS, "1 \\2 "), el(0x0020_0012, .IS, "\\")
            ],
            [el(0x0008_0018, .UI, "1.2.3\0"), el(0x0008_0016, .UI, "1.2 "), el(0x0020_000D, .UI, "1.2.34")],
            [
                el(0x0008_0070, .LO, "  "), el(0x0008_0080, .LO, " Lead"), el(0x0008_1030, .LO, "A\\\\B "),
                el(0x0008_0090, .PN, "DOE^J "), el(0x0008_0060, .CS, "MR"), el(0x0008_0008, .CS, "ORIGINAL\\PRIMARY\\")
            ],
            [
                el(0x4000_4000, .LT, "  two\r\nlines\t\"quoted\" \\ back\u{1}\0"), el(0x0018_1030, .LO, "odd"),
                el(0x0020_4000, .LT, " "), el(0x0008_0081, .ST, ""), el(0x0040_A160, .UT, "x\\y ")
            ],
            [
                el(0x0028_0010, .US, [0, 2]), el(0x0028_0011, .US, [1, 2, 3]), el(0x0028_0106, .SS, [0xFF, 0xFF, 1, 0]),
                el(0x0018_0088, .UL, [1, 2, 3, 4, 0xFF, 0xFF, 0xFF, 0xFF]), el(0x0018_9219, .SL, [0, 0, 0, 0x80]),
                el(0x0018_1060, .FL, [0, 0, 0xC0, 0x7F]), el(0x0018_9087, .FD, [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
            ],
            // Latin-1 text after the character set is declared.
            [
                el(0x0008_0005, .CS, "ISO_IR 100"), el(0x0010_0010, .PN, [0x44, 0xD6, 0x45, 0x5E, 0x4A]),
                el(0x0008_0080, .LO, [0x4D, 0xFC, 0x6E, 0x63, 0x68, 0x65, 0x6E]), el(0x0008_1030, .LO, [0xFF, 0x20])
            ],
            // Non-ASCII text before (0008,0005): the direct decoder hands over to the tree path.
            [el(0x0008_0000, .LO, [0xC4, 0x20]), el(0x0008_0005, .CS, "ISO_IR 100")]
        ]
        for elements in cases {
            var ds = DataSet()
            for e in elements { ds.elements.append(e) }
            XCTAssertNil(
                try difference(Record(source: "edge", file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian))),
                "\(elements.map { $0.tag })")
        }
        // A sequence whose item declares its own character set.
        var item = DataSet()
        item.elements = [el(0x0008_0005, .CS, "ISO_IR 192"), el(0x0010_0010, .PN, Array("Jörg^X".utf8))]
        var ds = DataSet()
        ds.elements = [
            el(0x0008_0005, .CS, "ISO_IR 100"),
            Element(tag: Tag(0x0008_1115), vr: .SQ, value: .items([item, DataSet(elements: [el(0x0008_0080, .LO, [0xE9, 0x20])])]))
        ]
        XCTAssertNil(try difference(Record(source: "sq", file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian))))
    }

    /// A damaged set holding (0008,0005) twice (fuzzing found one): encoder and decoders
    /// all take the first, so text values still come back as their bytes.
    func testRepeatedCharacterSetElement() throws {
        var ds = DataSet()
        // Out of order, as in the damaged file, so a binary search lands on the second.
        ds.elements.append(el(0x0008_0005, .OB, [0, 1]))
        ds.elements.append(el(0x0002_0013, .SH, "X1"))
        ds.elements.append(el(0x0008_0005, .CS, "ISO_IR 100"))
        ds.elements.append(el(0x0010_0010, .PN, [0x54, 0xE9, 0xFC, 0x20]))
        for k in 0..<13 { ds.elements.append(el(0x0010_1000 + UInt32(k), .LO, "X\(k)")) }
        let record = Record(source: "dup", file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian))
        XCTAssertNil(try difference(record))
        let back = try RecordCodec.decode(RecordCodec.encode(record).json)
        XCTAssertEqual(back.file.dataset.elements.map(\.bytes), ds.elements.map(\.bytes))
    }

    /// Hand-written JSON (members out of order, spaces, unknown members) decodes the same
    /// through the direct decoder as through the tree.
    func testHandWrittenHeadersDecodeTheSameWay() throws {
        let headers = [
            #"{"dataset": {"00100010": {"Value": [{"Alphabetic": "DOE^JANE"}], "vr": "PN"}, "00080060" : { "x": 1, "vr" : "CS", "Value" : ["CT"] }}, "source": "a", "deid": {"k": [1, 2]}}"#,
            #"{"meta":{"00020010":{"vr":"UI","Value":["1.2.840.10008.1.2"]}},"dataset":{"00200013":{"vr":"IS","Value":[7, "8", null]},"00280010":{"Value":[512],"vr":"US"}}}"#,
            #"{"dataset":{"00081115":{"vr":"SQ","Value":[{"00080080":{"vr":"LO","Value":["A\"B\\C\u00e9"]}},{}]},"_ul":true}}"#,
            #"{"dataset":{"00080080":{"vr":"LO","Value":["X"],"_raw":"WCAg"}}}"#,
            // Repeated members: the first counts, as in a JSON object lookup.
            #"{"dataset":{"00081115":{"vr":"SQ","_ul":false,"_ul":true,"Value":[{"_ul":true}],"Value":[]}}}"#,
            #"{"dataset":{"00080060":{"vr":"CS","vr":"LO","Value":["A"]},"_ul":true,"_ul":false},"dataset":{}}"#
        ]
        for h in headers {
            let bytes = Array(h.utf8)
            let direct = try RecordCodec.decode(bytes)
            let tree = try RecordCodec.decode(JSONParser.parse(bytes))
            XCTAssertEqual(RecordCodec.encode(direct, options: general).json, RecordCodec.encode(tree, options: general).json, h)
            XCTAssertEqual(direct.extras.map(\.0), tree.extras.map(\.0))
        }
        // Errors stay errors.
        for bad in [
            #"{"dataset":{"0008":{"vr":"CS"}}}"#, #"{"dataset":{"00080060":{"vr":"CS","Value":[true]}}}"#,
            #"{"dataset":{"00080060":{"vr":"XX"}}}"#, #"{"dataset":{"00080060":{"vr":"CS","Value":["A"]}}"#,
            #"{"dataset":{"00080060":{"vr":5,"vr":"CS","Value":["A"]}}}"#
        ] {
            XCTAssertThrowsError(try RecordCodec.decode(Array(bad.utf8)), bad)
            XCTAssertThrowsError(try RecordCodec.decode(JSONParser.parse(Array(bad.utf8))), bad)
        }
    }
}
