import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMStream
import XCTest

final class DeidStateTests: XCTestCase {
    func record() -> Record {
        var ds = DataSet()
        ds.setString(.patientID, "P1", vr: .LO)
        return Record(source: "s", file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian))
    }

    func testStateSurvivesTheRecordCodec() throws {
        var r = record()
        var s = DeidState()
        s.profile = "tcia"
        s.options = ["RetainPatientCharacteristics"]
        s.require(.remapUIDs); s.require(.shiftDates); s.markDone(.remapUIDs)
        s.addPHI("Doe^Jane", kind: .name); s.addPHI("  ", kind: .name); s.addPHI("Doe^Jane", kind: .name)
        s.paths[.shiftDate] = ["00091002"]
        s.require(.cleanPixels); s.markDone(.cleanPixels, note: "not read: one-bit")
        r.deid = s
        let back = try RecordCodec.decode(RecordCodec.encode(r).json)
        XCTAssertEqual(back.deid, s)
        XCTAssertEqual(back.deid.phi[.name], ["Doe^Jane"])
        XCTAssertEqual(back.deid.outstanding, [.shiftDates])
        XCTAssertEqual(back.deid.notes, ["clean-pixels": "not read: one-bit"])
    }

    /// A third-party stage may name a kind this version does not know: its values are still
    /// searched (as free text), never dropped; an unknown path action is left out.
    func testUnknownKindsFromAStream() throws {
        let json = try JSONParser.parse(
            Array(
                #"{"required":[],"done":[],"phi":{"name":["A^B"],"pager":["5551234"],"other":["x y"]},"paths":{"hash-uid":["00091001"],"rot13":["00091002"]}}"#
                    .utf8))
        let s = DeidState(json: json)
        XCTAssertEqual(s.phi[.name], ["A^B"])
        XCTAssertEqual(Set(s.phi[.other] ?? []), ["x y", "5551234"])
        XCTAssertEqual(s.paths, [.hashUID: ["00091001"]])
        XCTAssertEqual(DeidState(json: s.json), s, "the typed form writes the names it read")
    }

    /// The one tag-to-kind table: attributes by tag, person names by their VR.
    func testTheTableOfKinds() {
        XCTAssertEqual(PHIKind.of(.patientID, vr: .LO), .id)
        XCTAssertEqual(PHIKind.of(Tag(0x0008_0090), vr: .PN), .name, "Referring Physician's Name, by VR")
        XCTAssertEqual(PHIKind.of(Tag(0x0008_0080), vr: .LO), .institution)
        XCTAssertEqual(PHIKind.of(Tag(0x0008_0020), vr: .DA), .date)
        XCTAssertEqual(PHIKind.of(Tag(0x0010_1040), vr: .LO), .address)
        XCTAssertNil(PHIKind.of(Tag(0x0008_1030), vr: .LO), "Study Description is not a kind of PHI")
        XCTAssertEqual(PHIKind(streamName: "institution"), .institution)
        XCTAssertEqual(PHIKind(streamName: "pager"), .other)
    }

    /// The refusal says which stage to run, why a stage left a step undone, and the way out.
    func testInterlockSaysWhatToDo() {
        var r = record()
        var s = DeidState(); s.profile = "tcia"
        s.require(.remapUIDs); s.require(.cleanPixels); s.markDone(.remapUIDs)
        r.deid = s
        var why = Interlock.missingSteps(r) ?? ""
        XCTAssertTrue(
            why.contains("clean-pixels") && why.contains("run dcm-redact-pixels")
                && why.contains("--allow-incomplete") && why.contains("--no-clean-pixel-data"), why)
        XCTAssertFalse(why.contains("dcm-pseudo"), why)
        s.leaveOutstanding(.cleanPixels, note: "undecodable (MPEG2): passed unexamined (--undecodable pass)")
        r.deid = s
        why = Interlock.missingSteps(r) ?? ""
        XCTAssertTrue(why.contains("clean-pixels (undecodable (MPEG2): passed unexamined"), why)
        s.markDone(.cleanPixels, note: "not read: one-bit"); r.deid = s
        XCTAssertNil(Interlock.missingSteps(r))
    }

    func testPixelDataOfEveryKindCounts() {
        var ds = DataSet()
        XCTAssertFalse(DeidState.hasPixelData(ds))
        for t: UInt32 in [0x7FE0_0010, 0x7FE0_0008, 0x7FE0_0009] {
            var d = ds
            d.insert(Element(tag: Tag(t), vr: .OB, bytes: [0, 0]))
            XCTAssertTrue(DeidState.hasPixelData(d), "\(Tag(t))")
        }
        ds.setString(.patientID, "P1", vr: .LO)
        XCTAssertFalse(DeidState.hasPixelData(ds))
    }

    func testInterlockNamesWhatIsMissing() {
        var r = record()
        XCTAssertNotNil(Interlock.missingSteps(r)?.range(of: "dcm-scrub did not run"))
        var s = DeidState(); s.profile = "basic"; s.require(.remapUIDs); s.require(.cleanPixels)
        r.deid = s
        let why = Interlock.missingSteps(r) ?? ""
        XCTAssertTrue(why.contains("remap-uids") && why.contains("clean-pixels"), why)
        s.markDone(.remapUIDs); s.markDone(.cleanPixels); r.deid = s
        XCTAssertNil(Interlock.missingSteps(r))
    }

    /// The values handed between stages live outside the data set: a written file never holds them.
    func testCarriedPHINeverReachesTheFile() throws {
        var r = record()
        var s = DeidState(); s.profile = "basic"; s.addPHI("Zyxwvut^Secretname", kind: .name); r.deid = s
        let bytes = try Part10Writer().encode(r.file)
        XCTAssertNil(String(decoding: bytes, as: UTF8.self).range(of: "Secretname"))
        let json = String(decoding: RecordCodec.encode(r).json, as: UTF8.self)
        XCTAssertNotNil(json.range(of: "Secretname"), "the stream does carry it, for later stages")
    }
}
