import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMStream
import Foundation
import Synchronization
import XCTest
@testable import DeidPseudo

final class PseudonymizerTests: XCTestCase {
    func testPatientIDAndNameFollowTheFormatAndTheKey() throws {
        let p = Fixture.pseudonymizer()
        var r = Fixture.instance(sop: "1.2.3.1")
        let result = try p.apply(to: &r)
        let id = try XCTUnwrap(r.file.dataset.text(0x0010_0020))
        XCTAssertTrue(id.hasPrefix("P"))
        XCTAssertEqual(id.count, 13)
        XCTAssertTrue(id.dropFirst().allSatisfy(\.isNumber))
        XCTAssertEqual(r.file.dataset.text(0x0010_0010), id)
        XCTAssertEqual(result.rows.filter { $0.kind == .patientID }, [MappingRow(kind: .patientID, old: "PAT-001", new: id)])
        XCTAssertEqual(id, p.hashedPatientID("PAT-001"))

        let custom = Fixture.pseudonymizer {
            $0.patientIDFormat = PatientIDFormat(prefix: "TCIA-", digits: 6); $0.patientName = .empty
        }
        var r2 = Fixture.instance(sop: "1.2.3.1")
        _ = try custom.apply(to: &r2)
        let id2 = try XCTUnwrap(r2.file.dataset.text(0x0010_0020))
        XCTAssertTrue(id2.hasPrefix("TCIA-"))
        XCTAssertEqual(id2.count, 11)
        XCTAssertEqual(r2.file.dataset.text(0x0010_0010), "")

        var r3 = Fixture.instance(sop: "1.2.3.1")
        _ = try Fixture.pseudonymizer(Fixture.keyB).apply(to: &r3)
        XCTAssertNotEqual(r3.file.dataset.text(0x0010_0020), id)
        XCTAssertNotEqual(r3.file.dataset.text(0x0008_0018), r.file.dataset.text(0x0008_0018))
        XCTAssertNotEqual(r3.file.dataset.text(0x0008_0020), r.file.dataset.text(0x0008_0020))
    }

    func testPatientTableGivesIDsAndDays() throws {
        let table = try PatientTable(csv: Array("id_old,id_new,days\nPAT-001,SUBJ-7,30\nPAT-002,SUBJ-8\n".utf8))
        let p = Fixture.pseudonymizer { $0.patientTable = table }
        var a = Fixture.instance(patientID: "PAT-001", sop: "1.1", studyDate: "20140321")
        _ = try p.apply(to: &a)
        XCTAssertEqual(a.file.dataset.text(0x0010_0020), "SUBJ-7")
        XCTAssertEqual(a.file.dataset.text(0x0008_0020), "20140219")
        var b = Fixture.instance(patientID: "PAT-002", sop: "1.2", studyDate: "20140321")
        _ = try p.apply(to: &b)
        XCTAssertEqual(b.file.dataset.text(0x0010_0020), "SUBJ-8")
        let days = p.hashedDayOffset("PAT-002")
        XCTAssertEqual(b.file.dataset.text(0x0008_0020), DateShifter.shiftDA("20140321", days: days))
        var c = Fixture.instance(patientID: "PAT-003", sop: "1.3")
        _ = try p.apply(to: &c)
        XCTAssertEqual(c.file.dataset.text(0x0010_0020), p.hashedPatientID("PAT-003"))
        let strict = Fixture.pseudonymizer {
            $0.patientTable = table; $0.requireTableEntry = true
        }
        var d = Fixture.instance(patientID: "PAT-003", sop: "1.4")
        XCTAssertThrowsError(try strict.apply(to: &d))
        XCTAssertThrowsError(try PatientTable(csv: Array("a,b\na,c\n".utf8)))
        XCTAssertThrowsError(try PatientTable(csv: Array("a,b,x\n".utf8)))
    }

    func testDatesShiftPerPatientKeepingIntervalsTimesAndAges() throws {
        let p = Fixture.pseudonymizer()
        let days = p.hashedDayOffset("PAT-001")
        XCTAssertTrue((1...365).contains(days))
        var first = Fixture.instance(study: "1.9.1", sop: "1.9.1.1", studyDate: "20140321")
        var second = Fixture.instance(study: "1.9.2", sop: "1.9.2.1", studyDate: "20150704")
        _ = try p.apply(to: &first)
        _ = try p.apply(to: &second)
        func dayNumber(_ s: String?) throws -> Int {
            let b = Array(try XCTUnwrap(s).utf8)
            return CivilDate(
                year: DateShifter.number(b[0..<4])!, month: DateShifter.number(b[4..<6])!,
                day: DateShifter.number(b[6..<8])!
            ).dayNumber
        }
        let d1 = try dayNumber(first.file.dataset.text(0x0008_0020)), d2 = try dayNumber(second.file.dataset.text(0x0008_0020))
        XCTAssertEqual(d2 - d1, try dayNumber("20150704") - dayNumber("20140321"))
        XCTAssertEqual(try dayNumber("20140321") - d1, days)
        XCTAssertEqual(first.file.dataset.text(0x0008_0030), "101500")
        XCTAssertEqual(first.file.dataset.text(0x0010_1010), "044Y")
        let dt = try XCTUnwrap(first.file.dataset.text(0x0008_002A))
        XCTAssertTrue(dt.hasSuffix("101500.25-0500"))
        XCTAssertEqual(String(dt.prefix(8)), first.file.dataset.text(0x0008_0020))
        XCTAssertEqual(first.file.dataset.text(0x0028_0303), "MODIFIED")
        // Another patient almost surely gets another offset; these two do under keyA.
        XCTAssertNotEqual(p.hashedDayOffset("PAT-001"), p.hashedDayOffset("PAT-002"))
    }

    func testInvalidDatesAreRemovedAndReportedWithoutTheirValue() throws {
        let p = Fixture.pseudonymizer()
        var r = Fixture.instance(sop: "1.5.1")
        r.file.dataset.insert(Fixture.text(0x0008_0021, .DA, "20141399"))
        let item = Fixture.ds([Fixture.text(0x0040_0244, .DA, "1999X101")])
        r.file.dataset.insert(Fixture.seq(0x0040_0275, [item]))
        let result = try p.apply(to: &r)
        XCTAssertEqual(r.file.dataset[Tag(0x0008_0021)]?.bytes, [])
        XCTAssertEqual(r.file.dataset.item(0x0040_0275, 0)?[Tag(0x0040_0244)]?.bytes, [])
        XCTAssertEqual(result.issues.map(\.path), ["(0008,0021)", "(0040,0275)[0](0040,0244)"])
        for i in result.issues {
            XCTAssertFalse(i.description.contains("20141399"))
            XCTAssertFalse(i.description.contains("1999X101"))
        }
    }

    func testEmptyPatientIDFallsBackToTheStudy() throws {
        let p = Fixture.pseudonymizer()
        var a = Fixture.instance(patientID: "", study: "1.7.7", sop: "1.7.7.1")
        var b = Fixture.instance(patientID: "", study: "1.7.7", sop: "1.7.7.2")
        var c = Fixture.instance(patientID: "", study: "1.7.8", sop: "1.7.8.1")
        let ra = try p.apply(to: &a)
        _ = try p.apply(to: &b); _ = try p.apply(to: &c)
        XCTAssertEqual(a.file.dataset.text(0x0010_0020), p.hashedPatientID("study:1.7.7"))
        XCTAssertEqual(a.file.dataset.text(0x0010_0020), b.file.dataset.text(0x0010_0020))
        XCTAssertNotEqual(a.file.dataset.text(0x0010_0020), c.file.dataset.text(0x0010_0020))
        XCTAssertEqual(a.file.dataset.text(0x0008_0020), DateShifter.shiftDA("20140321", days: p.hashedDayOffset("study:1.7.7")))
        XCTAssertTrue(ra.rows.allSatisfy { $0.kind == .uid })
    }

    func testObjectsWithoutAnyIdentityStillGoThrough() throws {
        // A DICOMDIR-like object: no patient, study or instance at the top, records in a sequence.
        let patientRecord = Fixture.ds([
            Fixture.text(0x0004_1430, .CS, "PATIENT"), Fixture.text(0x0010_0020, .LO, "PAT-001"),
            Fixture.text(0x0010_0010, .PN, "DOE^JOHN")
        ])
        let imageRecord = Fixture.ds([
            Fixture.text(0x0004_1430, .CS, "IMAGE"), Fixture.text(0x0004_1510, .UI, Fixture.ctImage),
            Fixture.text(0x0004_1511, .UI, "1.2.3.4.5"), Fixture.text(0x0008_0020, .DA, "20140321")
        ])
        let ds = Fixture.ds([Fixture.text(0x0004_1130, .CS, "FILESET"), Fixture.seq(0x0004_1220, [patientRecord, imageRecord])])
        var r = Record(source: "dir", file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian))
        let p = Fixture.pseudonymizer()
        let result = try p.apply(to: &r)
        let out = r.file.dataset
        XCTAssertNil(out[.patientID])
        XCTAssertNil(out[.patientName])
        XCTAssertEqual(out.item(0x0004_1220, 0)?.text(0x0010_0020), p.hashedPatientID("PAT-001"))
        XCTAssertEqual(out.item(0x0004_1220, 0)?.text(0x0010_0010), p.hashedPatientID("PAT-001"))
        XCTAssertEqual(out.item(0x0004_1220, 1)?.text(0x0004_1510), Fixture.ctImage)
        XCTAssertEqual(out.item(0x0004_1220, 1)?.text(0x0004_1511), p.replacementUID("1.2.3.4.5"))
        XCTAssertEqual(
            out.item(0x0004_1220, 1)?.text(0x0008_0020),
            DateShifter.shiftDA("20140321", days: p.hashedDayOffset("unidentified")))
        XCTAssertTrue(result.rows.contains(MappingRow(kind: .patientID, old: "PAT-001", new: p.hashedPatientID("PAT-001"))))
    }

    func testOtherPatientIDsAndIssuer() throws {
        var r = Fixture.instance(sop: "1.6.1")
        r.file.dataset.insert(Fixture.text(0x0010_0021, .LO, "HOSPITAL A"))
        r.file.dataset.insert(Fixture.text(0x0010_1000, .LO, "MRN1\\MRN2"))
        r.file.dataset.insert(
            Fixture.seq(
                0x0010_1002,
                [
                    Fixture.ds([
                        Fixture.text(0x0010_0020, .LO, "MRN1"),
                        Fixture.text(0x0010_0021, .LO, "HOSPITAL B")
                    ])
                ]))
        let p = Fixture.pseudonymizer()
        _ = try p.apply(to: &r)
        XCTAssertNil(r.file.dataset[Tag(0x0010_0021)])
        XCTAssertEqual(r.file.dataset.strings(Tag(0x0010_1000)), [p.hashedPatientID("MRN1"), p.hashedPatientID("MRN2")])
        XCTAssertEqual(r.file.dataset.item(0x0010_1002, 0)?.text(0x0010_0020), p.hashedPatientID("MRN1"))
        XCTAssertNil(r.file.dataset.item(0x0010_1002, 0)?[Tag(0x0010_0021)])

        var r2 = Fixture.instance(sop: "1.6.2")
        r2.file.dataset.insert(Fixture.text(0x0010_0021, .LO, "HOSPITAL A"))
        _ = try Fixture.pseudonymizer { $0.issuerOfPatientID = "DCM-PSEUDO" }.apply(to: &r2)
        XCTAssertEqual(r2.file.dataset.text(0x0010_0021), "DCM-PSEUDO")
    }

    func testScrubPathsAndProfileSteps() throws {
        let p = Fixture.pseudonymizer()
        var r = Fixture.instance(sop: "1.8.1")
        let ds = [
            Fixture.text(0x0009_0010, .LO, "GEMS_IDEN_01"),
            Element(tag: Tag(0x0009_1027), vr: .SL, bytes: withUnsafeBytes(of: Int32(1467104331).littleEndian, Array.init)),
            Fixture.text(0x0009_10E3, .LO, "1.2.840.113619.1.1.4.1762583153"),
            Fixture.text(0x0009_10E9, .LO, "978955222"),
            Element(tag: Tag(0x0009_10F0), vr: .UN, bytes: Array("20141023105851.00 ".utf8)),
            Fixture.text(0x0009_10F1, .LO, "Scanned 03/21/2014 at site"),
            Element(tag: Tag(0x0009_10F2), vr: .FD, bytes: withUnsafeBytes(of: (1467104341.5).bitPattern.littleEndian, Array.init)),
            Fixture.text(0x0009_10F3, .LO, "no date here")
        ]
        for e in ds { r.file.dataset.insert(e) }
        r.file.dataset.insert(
            Fixture.seq(
                0x0009_10F4,
                [
                    Fixture.ds([
                        Fixture.text(0x0009_0010, .LO, "GEMS_IDEN_01"),
                        Fixture.text(0x0009_1001, .SH, "1.2.3.55")
                    ])
                ]))
        var state = DeidState()
        state.profile = "tcia"
        state.required = [.pseudonymizePatient, .remapUIDs, .shiftDates]
        state.paths = [
            .hashUID: ["000910E3", "000910F4[0].00091001"],
            .shiftIntDate: ["00091027", "000910E9", "000910F2"],
            .shiftDate: ["000910F0", "000910F1", "000910F3"]
        ]
        r.deid = state
        let days = p.hashedDayOffset("PAT-001")
        let result = try p.apply(to: &r)
        let out = r.file.dataset
        XCTAssertEqual(out[Tag(0x0009_1027)]?.bytes, withUnsafeBytes(of: Int32(1467104331 - days * 86_400).littleEndian, Array.init))
        XCTAssertEqual(out.text(0x0009_10E3), p.replacementUID("1.2.840.113619.1.1.4.1762583153"))
        XCTAssertEqual(out.item(0x0009_10F4, 0)?.text(0x0009_1001), p.replacementUID("1.2.3.55"))
        XCTAssertEqual(out.text(0x0009_10E9), String(978955222 - days * 86_400))
        XCTAssertEqual(
            String(decoding: out[Tag(0x0009_10F0)]?.bytes ?? [], as: UTF8.self),
            DateShifter.shiftDT("20141023105851.00", days: days)! + " ")
        XCTAssertEqual(out.text(0x0009_10F1), "Scanned " + DateShifter.shiftDatesInText("03/21/2014", days: days).0 + " at site")
        let fd = out[Tag(0x0009_10F2)]?.bytes ?? []
        XCTAssertEqual(fd.count, 8)
        let bits = fd.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
        XCTAssertEqual(Double(bitPattern: bits), 1467104341.5 - Double(days * 86_400))
        XCTAssertEqual(out[Tag(0x0009_10F3)]?.bytes, [])
        XCTAssertEqual(result.issues.map(\.path), ["(0009,10f3)"])
        XCTAssertTrue(
            result.rows.contains(
                MappingRow(
                    kind: .uid, old: "1.2.840.113619.1.1.4.1762583153",
                    new: p.replacementUID("1.2.840.113619.1.1.4.1762583153"))))
        XCTAssertEqual(Set(r.deid.done), [.pseudonymizePatient, .remapUIDs, .shiftDates])
        XCTAssertEqual(r.deid.outstanding, [])
        XCTAssertTrue(r.deid.phi[.id]?.contains("PAT-001") ?? false)
        XCTAssertEqual(r.pipeline.last?["stage"]?.stringValue, "dcm-pseudo")
        XCTAssertEqual(r.pipeline.last?["settings"]?["keyFingerprint"]?.stringValue, Fixture.keyA.fingerprint)

        // A second pass does nothing: the steps are done.
        let before = r.file.dataset.text(0x0008_0018)
        let again = try p.apply(to: &r)
        XCTAssertEqual(r.file.dataset.text(0x0008_0018), before)
        XCTAssertTrue(again.steps.isEmpty && again.rows.isEmpty)

        // A profile that does not require date shifting keeps dates.
        var kept = Fixture.instance(sop: "1.8.2")
        var s2 = DeidState()
        s2.profile = "basic"
        s2.required = [.pseudonymizePatient, .remapUIDs]
        kept.deid = s2
        _ = try p.apply(to: &kept)
        XCTAssertEqual(kept.file.dataset.text(0x0008_0020), "20140321")
        XCTAssertNotEqual(kept.file.dataset.text(0x0008_0018), "1.8.2")
    }

    func testTheKeyNeverAppearsInTheRecord() throws {
        let key = try PseudonymKey(bytes: Array("this is a secret key of 32 bytes".utf8))
        let p = Fixture.pseudonymizer(key)
        var r = Fixture.instance(sop: "1.2.3.1")
        _ = try p.apply(to: &r)
        let (json, _) = RecordCodec.encode(r)
        let text = String(decoding: json, as: UTF8.self)
        XCTAssertFalse(text.contains("this is a secret"))
        XCTAssertFalse(text.contains(PseudonymKey.hex(key.bytes)))
        XCTAssertTrue(text.contains(key.fingerprint))
    }

    func testThreadsWithTheSameKeyAgree() throws {
        let records = (0..<40).map { i in
            Fixture.instance(patientID: "PAT-\(i % 5)", study: "1.3.\(i % 7)", sop: "1.3.\(i % 7).\(i)", refs: ["1.3.\(i % 7).\(i + 1)"])
        }
        let encoded = Mutex([[UInt8]?](repeating: nil, count: 2))
        DispatchQueue.concurrentPerform(iterations: 2) { t in
            let p = Fixture.pseudonymizer()
            var all: [UInt8] = []
            for var r in records {
                _ = try? p.apply(to: &r)
                all += (try? Part10Writer().encode(r.file)) ?? []
            }
            encoded.withLock { $0[t] = all }
        }
        let both = encoded.withLock { $0 }
        XCTAssertNotNil(both[0])
        XCTAssertEqual(both[0], both[1])
    }
}
