import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMStream
import Foundation
import XCTest
@testable import DeidScrub

final class ScrubberTests: XCTestCase {
    /// The TCIA practice on a typical instance: what stays, what goes, what is cleaned.
    func testTCIAProfileOnAnInstance() throws {
        let input = Fx.instance([
            Fx.text(0x0010_1030, .DS, "61.5"),
            Fx.text(0x0010_21B0, .LT, "Chronic cough. Lives at 12 Elm Street Springfield"),
            Fx.text(0x0018_1030, .LO, "AP for Jane Doe"),
            Fx.text(0x0008_1070, .PN, "SMITH^ASHLEY"),
            Fx.text(0x0020_4000, .LT, "Reviewed with Dr Ross")
        ])
        let (out, state) = try Fx.scrub(input, Fx.profile("tcia"))
        // Kept for later stages.
        XCTAssertEqual(out.text(0x0010_0020), "PID-778899")
        XCTAssertEqual(out.text(0x0020_000D), "1.2.826.0.1.3680043.9.7433.2.1")
        XCTAssertEqual(out.text(0x0008_0020), "20130713")
        XCTAssertEqual(out.text(0x0010_0010), "", "PatientName present and empty until dcm-pseudo writes the pseudonym")
        // Patient characteristics kept.
        XCTAssertEqual(out.text(0x0010_0040), "F"); XCTAssertEqual(out.text(0x0010_1010), "052Y")
        XCTAssertEqual(out.text(0x0010_1030), "61.5")
        // Removed or emptied.
        for t: UInt32 in [0x0010_1040, 0x0010_2154, 0x0010_4000, 0x0020_4000] {
            XCTAssertFalse(out.has(t), "\(Tag(t)) removed")
        }
        // TCIA removes these, but their code (X/Z/D) says some IOD needs them: dummies.
        XCTAssertEqual(out.text(0x0008_0080), "ANONYMIZED"); XCTAssertEqual(out.text(0x0008_1070), "ANONYMIZED")
        XCTAssertEqual(out.text(0x0008_0050), ""); XCTAssertEqual(out.text(0x0008_0090), "")
        XCTAssertEqual(out.text(0x0010_0030), ""); XCTAssertEqual(out.text(0x0020_0010), "")
        // Cleaned.
        XCTAssertEqual(out.text(0x0008_1030), "XR CHEST PA")
        XCTAssertEqual(out.text(0x0018_1030), "AP")
        let history = out.text(0x0010_21B0) ?? ""
        XCTAssertTrue(history.hasPrefix("Chronic cough") && !history.contains("Elm"), history)
        // State for the later stages.
        XCTAssertEqual(state.profile, "tcia")
        XCTAssertEqual(Set(state.required), [.pseudonymizePatient, .remapUIDs, .shiftDates], "no pixel data, so no clean-pixels")
        XCTAssertTrue(state.options.contains("RetainLongitudinalTemporalInformationModifiedDates"))
    }

    /// The identifying values removed or replaced travel in the record, by kind.
    func testKnownPHICollectedFromTheOriginalHeader() throws {
        let (_, state) = try Fx.scrub(Fx.instance(), Fx.profile("tcia"))
        let phi = state.phi
        for v in ["DOE^JANE^Q", "DOE", "JANE", "JANE Q DOE", "ROSS^MICHAEL", "MICHAEL ROSS"] {
            XCTAssertTrue(phi[.name]?.contains(v) ?? false, "name \(v)")
        }
        XCTAssertEqual(Set(phi[.id] ?? []), ["PID-778899", "ACC12345", "STUDY77"])
        XCTAssertEqual(Set(phi[.date] ?? []), ["19601224", "20130713"])
        XCTAssertEqual(phi[.address], ["12 Elm Street Springfield"])
        XCTAssertEqual(phi[.phone], ["555-123-4567"])
        XCTAssertEqual(phi[.institution], ["Springfield General Hospital"])
        XCTAssertEqual(Set(phi[.other] ?? []), ["jane.doe@example.com", "555-987-6543"], "fragments of removed comments")
        XCTAssertNil(phi[.name]?.first { $0.contains("SMITH") }, "only values the profile removes")
    }

    /// Nothing identifying left in the written file; the values travel only in the stream.
    func testNoKnownValueReachesTheFile() throws {
        var r = Fx.record(Fx.instance([Fx.text(0x0008_103E, .LO, "PA 20130713 PID-778899")]))
        try Scrubber(profile: Fx.profile("tcia")).apply(to: &r)
        let text = String(decoding: try Part10Writer().encode(r.file), as: UTF8.self)
        // PatientID stays for dcm-pseudo; everything else identifying is gone.
        XCTAssertEqual(text.components(separatedBy: "778899").count, 2, "only in PatientID")
        for leak in ["DOE", "Doe", "ROSS", "ACC12345", "Elm Street", "555-", "Springfield", "19601224", "jane.doe"] {
            XCTAssertNil(text.range(of: leak), "\(leak) written")
        }
        XCTAssertNotNil(text.range(of: "20130713"), "the study date is kept for dcm-pseudo to shift")
        XCTAssertEqual(r.file.dataset.text(0x0008_103E), "PA")
    }

    func testStructuredContent() throws {
        func item(_ type: String, _ value: Element?, children: [DataSet] = []) -> DataSet {
            var e = [Fx.text(0x0040_A040, .CS, type), Fx.text(0x0040_A010, .CS, "CONTAINS")]
            if let value { e.append(value) }
            if !children.isEmpty { e.append(Fx.seq(0x0040_A730, children)) }
            return Fx.ds(e)
        }
        let deep = item("TEXT", Fx.text(0x0040_A160, .UT, "Small hiatal hernia. Patient Jane Doe (MRN PID-778899) was examined on 20130713."))
        let sr = Fx.instance([
            Fx.seq(
                0x0040_A730,
                [
                    item("PNAME", Fx.text(0x0040_A123, .PN, "WELBY^MARCUS")),
                    item("DATE", Fx.text(0x0040_A121, .DA, "20130714")),
                    item("UIDREF", Fx.text(0x0040_A124, .UI, "1.2.826.0.1.3680043.9.7433.5.5")),
                    item("CONTAINER", nil, children: [item("CONTAINER", nil, children: [deep])])
                ]),
            Fx.seq(
                0x0040_A073,
                [
                    Fx.ds([
                        Fx.text(0x0040_A075, .PN, "TURNER^JENNIFER"),
                        Fx.text(0x0040_A027, .LO, "Scott Community Hospital"),
                        Fx.text(0x0040_A030, .DT, "20130715120000")
                    ])
                ]),
            Fx.seq(0x0040_A078, [Fx.ds([Fx.text(0x0040_A123, .PN, "AUTHOR^ANN")])])
        ])
        let (out, state) = try Fx.scrub(sr, Fx.profile("tcia"))
        let content = try XCTUnwrap(out[Tag(0x0040_A730)]?.items)
        XCTAssertEqual(content.count, 4)
        XCTAssertEqual(content[0].text(0x0040_A123), "ANONYMIZED", "PNAME replaced")
        XCTAssertEqual(content[1].text(0x0040_A121), "20130714", "dates left to dcm-pseudo")
        XCTAssertEqual(content[2].text(0x0040_A124), "1.2.826.0.1.3680043.9.7433.5.5")
        let text = content[3][Tag(0x0040_A730)]?.items?.first?[Tag(0x0040_A730)]?.items?.first?.text(0x0040_A160) ?? ""
        XCTAssertTrue(text.hasPrefix("Small hiatal hernia"), text)
        for leak in ["Doe", "778899", "20130713"] { XCTAssertFalse(text.contains(leak), "\(leak) in: \(text)") }
        let verifier = try XCTUnwrap(out[Tag(0x0040_A073)]?.items?.first)
        XCTAssertNotEqual(verifier.text(0x0040_A075), "TURNER^JENNIFER")
        XCTAssertNotEqual(verifier.text(0x0040_A027), "Scott Community Hospital")
        XCTAssertFalse(out.has(0x0040_A078), "Author Observer Sequence removed")
        XCTAssertTrue(state.phi[.name]?.contains("WELBY^MARCUS") ?? false)
        XCTAssertTrue(state.phi[.name]?.contains("TURNER^JENNIFER") ?? false)
        XCTAssertTrue(state.phi[.name]?.contains("AUTHOR^ANN") ?? false, "names in removed sequences are known PHI too")
        XCTAssertTrue(state.required.contains(.shiftDates))
        // Without Clean Structured Content the content is dummy content (Content Sequence: D).
        let (basic, _) = try Fx.scrub(sr, Fx.profile("basic"))
        let basicText = basic[Tag(0x0040_A730)]?.items?[3][Tag(0x0040_A730)]?.items?.first?[Tag(0x0040_A730)]?.items?.first
        XCTAssertEqual(basicText?.text(0x0040_A160), "ANONYMIZED")
        XCTAssertEqual(basic[Tag(0x0040_A730)]?.items?[0].text(0x0040_A123), "ANONYMIZED")
    }

    func testMarkersNameExactlyTheOptionsInForce() throws {
        for name in ["basic", "tcia"] {
            let p = Fx.profile(name)
            let (out, _) = try Fx.scrub(Fx.instance(), p)
            XCTAssertEqual(out.text(0x0012_0062), "YES")
            XCTAssertEqual(out.text(0x0012_0063), "dcm-scrub profile \(name)")
            let codes = (out[Tag(0x0012_0064)]?.items ?? []).map { $0.text(0x0008_0100) ?? "" }
            // Clean Pixel Data is declared by dcm-redact-pixels on the images it examined.
            let declared = p.options.subtracting([.cleanPixelData])
            XCTAssertEqual(Set(codes), Set(["113100"] + declared.map(\.codeValue)))
            XCTAssertEqual(codes.count, declared.count + 1)
            XCTAssertFalse(codes.contains("113101"))
            XCTAssertEqual(out[Tag(0x0012_0064)]?.items?.first?.text(0x0008_0102), "DCM")
            XCTAssertEqual(out.text(0x0028_0303), name == "tcia" ? "MODIFIED" : "REMOVED")
        }
        XCTAssertEqual(Set(Fx.profile("tcia").options.map(\.codeValue)), ["113107", "113108", "113105", "113104", "113111", "113103", "113101"])
        let full = Fx.profile("basic") { $0.options = [.retainLongitudinalFullDates] }
        XCTAssertEqual(try Fx.scrub(Fx.instance(), full).0.text(0x0028_0303), "UNMODIFIED")
    }

    /// An earlier de-identification's markers stay; ours are added.
    func testExistingMarkersAreKept() throws {
        let earlier = Fx.ds([
            Fx.text(0x0008_0100, .SH, "113109"), Fx.text(0x0008_0102, .SH, "DCM"),
            Fx.text(0x0008_0103, .SH, "01"), Fx.text(0x0008_0104, .LO, "Retain Device Identity Option")
        ])
        let input = Fx.instance([Fx.text(0x0012_0063, .LO, "Vendor tool 2.1"), Fx.seq(0x0012_0064, [earlier])])
        let (out, _) = try Fx.scrub(input, Fx.profile("basic"))
        XCTAssertEqual(out.strings(Tag(0x0012_0063)), ["Vendor tool 2.1", "dcm-scrub profile basic"])
        let items = out[Tag(0x0012_0064)]?.items ?? []
        XCTAssertEqual(items.map { $0.text(0x0008_0100) ?? "" }, ["113109", "113100"])
        XCTAssertEqual(items.first?.text(0x0008_0103), "01")
    }

    /// Dates hidden in numbers.
    func testNumericDates() throws {
        let input = Fx.instance([
            Fx.text(0x0020_0011, .IS, "20181228"), Fx.text(0x0020_0013, .IS, "12"),
            Fx.seq(0x0008_1115, [Fx.ds([Fx.text(0x0020_0011, .IS, "19990908")])])
        ])
        let (tcia, state) = try Fx.scrub(input, Fx.profile("tcia"))
        XCTAssertEqual(tcia.text(0x0020_0011), "20181228", "left for dcm-pseudo")
        XCTAssertEqual(Set(state.paths[.shiftDate] ?? []), ["00200011", "00081115[0].00200011"])
        XCTAssertTrue(state.phi[.date]?.contains("20181228") ?? false)
        let (basic, _) = try Fx.scrub(input, Fx.profile("basic"))
        XCTAssertEqual(basic.text(0x0020_0011), "0")
        XCTAssertEqual(basic.text(0x0020_0013), "12")
        XCTAssertTrue(NumericDate.valueIsDate("20200229"))
        XCTAssertFalse(NumericDate.valueIsDate("20190229"))
        XCTAssertFalse(NumericDate.valueIsDate("1001"))
        XCTAssertTrue(NumericDate.valueIsDate(" 19970416.0 "))
    }

    /// A Type 1 attribute (its code allows D) that cleaning would empty gets a dummy.
    func testCleanedToNothingGivesADummyWhereTheTableAllowsOne() throws {
        let input = Fx.instance([Fx.text(0x0018_1030, .LO, "Jane Doe"), Fx.text(0x0008_103E, .LO, "Jane Doe")])
        let (out, _) = try Fx.scrub(input, Fx.profile("tcia"))
        XCTAssertEqual(out.text(0x0018_1030), "ANONYMIZED", "Protocol Name is X/D")
        XCTAssertEqual(out.text(0x0008_103E), "", "Series Description is X: empty is fine")
    }

    /// Values the declared character set cannot decode are still cleaned, byte for byte.
    func testUndecodableTextIsCleanedAsLatin1() throws {
        var bytes: [UInt8] = [0x5B, 0xBF, 0xDC, 0xBA, 0xCE, 0x5D]  // "[" 4 high bytes "]"
        bytes += Array("CHEST PA for Jane Doe".utf8)
        var input = Fx.instance([Element(tag: Tag(0x0008_1030), vr: .LO, bytes: bytes)])
        input.setString(Tag(0x0008_0005), "ISO_IR 6", vr: .CS)
        input[Tag(0x0008_0005)] = Element(tag: Tag(0x0008_0005), vr: .CS, bytes: Array("ISO_IR 192".utf8))
        let (out, _) = try Fx.scrub(input, Fx.profile("tcia"))
        let b = out[Tag(0x0008_1030)]?.bytes ?? []
        XCTAssertEqual(Array(b.prefix(6)), Array(bytes.prefix(6)), "other bytes untouched")
        XCTAssertNil(String(decoding: b, as: UTF8.self).range(of: "Doe"))
    }

    /// Pixel data is never read: bulk values pass as they are.
    func testBulkValuesPassUntouched() throws {
        let bulk = BulkData(storage: .stream(id: 3), length: 1024)
        let input = Fx.instance([
            Element(tag: .pixelData, vr: .OW, value: .bulk(bulk)),
            Element(tag: Tag(0x0088_0200), vr: .SQ, value: .items([Fx.ds([Element(tag: .pixelData, vr: .OB, value: .bulk(bulk))])]))
        ])
        let (out, _) = try Fx.scrub(input, Fx.profile("tcia"))
        guard case .bulk(let b)? = out[.pixelData]?.value, case .stream(let id) = b.storage else { return XCTFail("pixel data kept as is") }
        XCTAssertEqual(id, 3); XCTAssertEqual(b.length, 1024)
        XCTAssertFalse(out.has(0x0088_0200), "Icon Image Sequence removed (X)")
    }

    func testFileMetaLosesSenderNames() throws {
        var r = Fx.record(Fx.instance())
        r.file.meta = Fx.ds([Fx.text(0x0002_0003, .UI, "1.2.826.0.1.3680043.9.7433.1.1"), Fx.text(0x0002_0016, .AE, "HOSPITAL_PACS")])
        try Scrubber(profile: Fx.profile("tcia")).apply(to: &r)
        XCTAssertFalse(r.file.meta.has(0x0002_0016))
        XCTAssertTrue(r.file.meta.has(0x0002_0003))
    }

    func testRequiredStepsPerProfile() {
        XCTAssertEqual(Fx.profile("basic").requiredSteps, [.pseudonymizePatient, .remapUIDs, .cleanPixels])
        XCTAssertEqual(Fx.profile("tcia").requiredSteps, [.pseudonymizePatient, .remapUIDs, .shiftDates, .cleanPixels])
        XCTAssertEqual(
            Fx.profile("tcia") {
                $0.options.insert(.retainUIDs); $0.options.remove(.cleanPixelData)
            }.requiredSteps,
            [.pseudonymizePatient, .shiftDates])
    }

    /// Safe by default: both built-in profiles require Clean Pixel Data of every record that
    /// has pixel data (integer, float or double float), and of no other; switching the
    /// option off (dcm-scrub --no-clean-pixel-data) lifts it.
    func testCleanPixelsRequiredWhereThereArePixels() throws {
        for name in Profile.builtinNames {
            let p = Fx.profile(name)
            XCTAssertFalse(try Fx.scrub(Fx.instance(), p).1.required.contains(.cleanPixels), "\(name): no pixel data")
            for tag: UInt32 in [0x7FE0_0010, 0x7FE0_0008, 0x7FE0_0009] {
                let image = Fx.instance([Fx.bin(tag, tag == 0x7FE0_0010 ? .OW : .OF, [0, 0, 0, 0])])
                let state = try Fx.scrub(image, p).1
                XCTAssertTrue(state.required.contains(.cleanPixels), "\(name) \(Tag(tag))")
                XCTAssertEqual(state.outstanding.last, .cleanPixels)
                let off = try Fx.scrub(image, Fx.profile(name) { $0.options.remove(.cleanPixelData) }).1
                XCTAssertFalse(off.required.contains(.cleanPixels), "\(name) with Clean Pixel Data off")
            }
        }
    }

    /// A built-in profile's own choices hold until an option they assume is switched.
    func testSwitchingAnOptionRederivesItsAttributes() {
        let tcia = Fx.profile("tcia")
        XCTAssertEqual(tcia.action(for: Tag(0x0008_0081)), .remove, "TCIA removes Institution Address")
        XCTAssertEqual(tcia.action(for: Tag(0x0008_0080)), .dummy, "TCIA removes Institution Name, X/Z/D keeps a dummy")
        XCTAssertEqual(Fx.profile("tcia") { $0.combinedCodes = .strict }.action(for: Tag(0x0008_0080)), .remove)
        let inst = Fx.profile("tcia") { $0.options.insert(.retainInstitutionIdentity) }
        XCTAssertEqual(inst.action(for: Tag(0x0008_0080)), .keep)
        let noDates = Fx.profile("tcia") { $0.options.remove(.retainLongitudinalModifiedDates) }
        XCTAssertEqual(noDates.action(for: Tag(0x0008_0020)), .empty, "Study Date back to Z")
        XCTAssertEqual(noDates.action(for: Tag(0x0008_1030)), .clean, "unrelated TCIA choices hold")
        let override = Fx.profile("tcia") { $0.tagActions[Profile.TagPattern(Tag(0x0008_0080))] = .dummy }
        XCTAssertEqual(override.action(for: Tag(0x0008_0080)), .dummy)
    }

    /// A sequence TCIA removes goes whole, though its code would allow a dummy (Institution
    /// Code Sequence is X/Z/D); Issuer of Patient ID Qualifiers Sequence, which Table E.1-1
    /// does not list, goes where Issuer of Patient ID goes.
    func testSequencesTheProfileRemovesGoWhole() throws {
        let code = Fx.ds([
            Fx.text(0x0008_0100, .SH, "SGH"), Fx.text(0x0008_0102, .SH, "L"),
            Fx.text(0x0008_0104, .LO, "Shelbyville Clinic")
        ])
        let qualifiers = Fx.ds([Fx.text(0x0040_0032, .UT, "2.16.840.1.113883.19.5"), Fx.text(0x0040_0033, .CS, "ISO")])
        let input = Fx.instance([
            Fx.seq(0x0008_0082, [code]), Fx.text(0x0010_0021, .LO, "SGH"),
            Fx.seq(0x0010_0024, [qualifiers])
        ])
        for name in ["tcia", "basic"] {
            let (out, _) = try Fx.scrub(input, Fx.profile(name))
            XCTAssertFalse(out.has(0x0010_0021), name)
            XCTAssertFalse(out.has(0x0010_0024), name)
        }
        let (tcia, _) = try Fx.scrub(input, Fx.profile("tcia"))
        XCTAssertFalse(tcia.has(0x0008_0082))
        XCTAssertEqual(Fx.profile("tcia").action(for: Tag(0x0010_0024)), .remove)
        XCTAssertEqual(Fx.profile("tcia") { $0.tagActions[.init(Tag(0x0010_0021))] = .keep }.action(for: Tag(0x0010_0024)), .keep)
    }

    /// A patient called by ordinary words: the name goes wherever the text makes it one, the
    /// same words stay in clinical phrases (cleaned and kept-but-searched attributes alike).
    func testOrdinaryWordNameInFreeText() throws {
        var input = Fx.instance([
            Fx.text(0x0008_103E, .LO, "Hill-Sachs lesion, Callback re Rose Hill"),
            Fx.text(0x0018_1030, .LO, "Rose bengal stain for HILL^ROSE"),
            Fx.text(0x0040_0254, .LO, "Pt: Hill, Rose. Sharp margins")
        ])
        input.insert(Fx.text(0x0010_0010, .PN, "HILL^ROSE"))
        let (out, _) = try Fx.scrub(input, Fx.profile("tcia"))
        XCTAssertEqual(out.text(0x0008_103E), "Hill-Sachs lesion, Callback")
        XCTAssertEqual(out.text(0x0018_1030), "Rose bengal stain")
        XCTAssertEqual(out.text(0x0040_0254), "Sharp margins")
    }
}
