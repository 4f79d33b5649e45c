import DICOMCore
import DICOMEncoding
import DICOMObject
import DICOMPart10
@testable import DICOMStream
import XCTest

final class RecordCodecTests: XCTestCase {
    func element(_ tag: UInt32, _ vr: VR, _ bytes: [UInt8]) -> Element { Element(tag: Tag(tag), vr: vr, bytes: bytes) }

    func roundTrip(_ ds: DataSet, ts: TransferSyntax = .explicitVRLittleEndian) throws -> (JSON, DataSet) {
        let rec = Record(source: "x", file: DICOMFile(dataset: ds, transferSyntax: ts))
        let (json, _) = RecordCodec.encode(rec)
        let parsed = try JSONParser.parse(json)
        return (parsed, try RecordCodec.decode(parsed).file.dataset)
    }

    func testDecimalStringsKeepTheirExactText() throws {
        var ds = DataSet()
        ds.insert(element(0x0018_0050, .DS, Array("2.500000".utf8)))  // valid JSON number: carried verbatim
        ds.insert(element(0x0028_0030, .DS, Array(" .5\\+1.0 ".utf8)))  // not JSON numbers: original bytes kept
        ds.insert(element(0x0020_0013, .IS, Array("007 ".utf8)))
        let (json, back) = try roundTrip(ds)
        XCTAssertEqual(json["dataset"]?["00180050"]?["Value"], .array([.number("2.500000")]))
        XCTAssertNil(json["dataset"]?["00180050"]?["_raw"])
        XCTAssertNotNil(json["dataset"]?["00280030"]?["_raw"])
        for e in ds.elements { XCTAssertEqual(back[e.tag]?.bytes, e.bytes, "\(e.tag)") }
    }

    func testPersonNameGroupsAndCharacterSet() throws {
        var ds = DataSet()
        ds.insert(element(0x0008_0005, .CS, Array("ISO 2022 IR 87".utf8)))
        // Yamada^Tarou=山田^太郎 in ISO 2022 IR 87 (PS3.5 H.3.1 style).
        let name: [UInt8] =
            Array("Yamada^Tarou=".utf8) + [
                0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x42, 0x5E,
                0x1B, 0x24, 0x42, 0x42, 0x40, 0x4F, 0x3A, 0x1B, 0x28, 0x42
            ]
        ds.insert(element(0x0010_0010, .PN, name.count % 2 == 1 ? name + [0x20] : name))
        let (json, back) = try roundTrip(ds)
        let pn = json["dataset"]?["00100010"]?["Value"]?.arrayValue?.first
        XCTAssertEqual(pn?["Alphabetic"]?.stringValue, "Yamada^Tarou")
        XCTAssertEqual(pn?["Ideographic"]?.stringValue, "山田^太郎")
        XCTAssertEqual(back[.patientName]?.bytes, ds[.patientName]?.bytes)
    }

    func testChangedValueDropsStaleOriginalBytes() throws {
        var ds = DataSet()
        ds.insert(element(0x0008_1030, .LO, Array(" Study  ".utf8)))  // leading space: needs _raw
        let rec = Record(source: "x", file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian))
        var parsed = try JSONParser.parse(RecordCodec.encode(rec).json)
        // A stage edits Value but leaves _raw behind: the new value must win.
        guard case .object(var top) = parsed, let di = top.firstIndex(where: { $0.0 == "dataset" }),
            case .object(var dset) = top[di].1, case .object(var el) = dset[0].1
        else { return XCTFail("shape") }
        el = el.map { $0.0 == "Value" ? ($0.0, .array([.string("Other")])) : $0 }
        dset[0].1 = .object(el); top[di].1 = .object(dset); parsed = .object(top)
        XCTAssertEqual(try RecordCodec.decode(parsed).file.dataset.string(Tag(0x0008_1030)), "Other")
    }

    func testBinaryNumbersAndTags() throws {
        var ds = DataSet()
        ds.insert(element(0x0028_0010, .US, [0x00, 0x02]))
        ds.insert(element(0x0018_1310, .US, [1, 0, 2, 0, 3, 0, 4, 0]))
        ds.insert(element(0x0020_9165, .AT, [0x20, 0x00, 0x32, 0x00]))
        ds.insert(element(0x0018_9087, .FD, Array(withUnsafeBytes(of: Double(0.1).bitPattern.littleEndian) { $0 })))
        ds.insert(element(0x0018_1152, .FL, Array(withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { $0 })))
        let (json, back) = try roundTrip(ds)
        XCTAssertEqual(json["dataset"]?["00280010"]?["Value"], .array([.number("512")]))
        XCTAssertEqual(json["dataset"]?["00209165"]?["Value"], .array([.string("00200032")]))
        XCTAssertEqual(json["dataset"]?["00189087"]?["Value"], .array([.number("0.1")]))
        for e in ds.elements { XCTAssertEqual(back[e.tag]?.bytes, e.bytes, "\(e.tag)") }
    }

    func testUndecodableTextIsCarriedAsBytes() throws {
        var ds = DataSet()
        ds.insert(element(0x0008_0005, .CS, Array("ISO_IR 192".utf8)))
        ds.insert(element(0x0010_0010, .PN, [0x41, 0xFF, 0xFE, 0x42]))  // invalid UTF-8
        let (json, back) = try roundTrip(ds)
        XCTAssertNil(json["dataset"]?["00100010"]?["Value"])
        XCTAssertEqual(back[.patientName]?.bytes, [0x41, 0xFF, 0xFE, 0x42])
    }

    func testPlainOutputHasNoExtensionMembers() throws {
        var ds = DataSet()
        ds.insert(element(0x0008_1030, .LO, Array(" x".utf8)))
        var opts = RecordCodec.EncodeOptions(); opts.plain = true
        let json = RecordCodec.encode(Record(source: "x", file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian)), options: opts).json
        XCTAssertFalse(String(decoding: json, as: UTF8.self).contains("\"_"))
    }

    func testJSONParserRejectsBadInputAndHandlesEscapes() throws {
        XCTAssertThrowsError(try JSONParser.parse(Array("{\"a\":}".utf8)))
        XCTAssertThrowsError(try JSONParser.parse(Array("[1,2".utf8)))
        XCTAssertThrowsError(try JSONParser.parse(Array(String(repeating: "[", count: 10_000).utf8)))
        XCTAssertEqual(try JSONParser.parse(Array("\"a\\u00e9\\ud83d\\ude00\\n\"".utf8)), .string("aé😀\n"))
        var w = JSONWriter(); w.string("q\"\\\u{1}")
        XCTAssertEqual(try JSONParser.parse(w.out), .string("q\"\\\u{1}"))
    }

    func testBase64() {
        for n in 0..<10 {
            let b = (0..<n).map { UInt8($0 * 37 & 0xFF) }
            XCTAssertEqual(Base64.decode(Base64.encode(b)), b)
        }
        XCTAssertEqual(Base64.encode(Array("Man".utf8)), "TWFu")
        XCTAssertNil(Base64.decode("@@@@"))
    }
}
