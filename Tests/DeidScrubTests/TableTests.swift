import DICOMCore
import DICOMDeid
import DICOMObject
import XCTest
@testable import DeidScrub

/// Tests generated from PS3.15 Table E.1-1: every attribute under every code it carries.
final class TableTests: XCTestCase {
    /// A value of `vr` that no dummy equals.
    static func sample(_ vr: VR) -> ElementValue {
        func t(_ s: String) -> ElementValue { Fx.value(s, vr) }
        switch vr {
        case .SQ: return .items([Fx.ds([Fx.text(0x0008_0100, .SH, "T-1234"), Fx.text(0x0008_0104, .LO, "Sample meaning")])])
        case .DA: return t("20200102")
        case .DT: return t("20200102101010")
        case .TM: return t("101010")
        case .UI: return t("1.2.826.0.1.3680043.9.7433.9.9")
        case .PN: return t("SMITH^ALICE")
        case .AS: return t("030Y")
        case .IS: return t("7")
        case .DS: return t("1.5")
        case .CS: return t("SAMPLE")
        case .AE: return t("SAMPLEAE")
        case .UR: return t("http://x.invalid/a")
        case .LO, .SH, .ST, .LT, .UT, .UC: return t("Sample text")
        case .AT: return .bytes([0x08, 0, 0x10, 0])
        case .US, .SS: return .bytes([1, 2])
        case .UL, .SL, .FL, .OF, .OL: return .bytes([1, 2, 3, 4])
        case .FD, .SV, .UV, .OD, .OV: return .bytes([1, 2, 3, 4, 5, 6, 7, 8])
        case .OB, .OW, .UN: return .bytes([1, 2, 3, 4])
        }
    }

    static var exactRows: [ConfidentialityTable.Row] {
        ConfidentialityTable.rows.filter { $0.mask == 0xFFFF_FFFF && $0.tag.group > 0x0004 }
    }

    func testTableIsComplete() {
        XCTAssertEqual(ConfidentialityTable.rows.count, 620, "PS3.15 Table E.1-1 lists 620 attributes (plus the private row)")
        var codes: [String: Int] = [:]
        for r in ConfidentialityTable.rows { codes[r.basic.text, default: 0] += 1 }
        XCTAssertEqual(Set(codes.keys), ["X", "Z", "D", "U", "X/Z", "X/D", "X/Z/D", "Z/D", "X/Z/U*"])
        XCTAssertEqual(codes["X/Z/U*"], 2)
        XCTAssertNotNil(ConfidentialityTable.row(for: Tag(0x6002_3000)), "overlays are a repeating group")
        XCTAssertNotNil(ConfidentialityTable.row(for: Tag(0x501E_0010)), "curves are a repeating group")
        XCTAssertNil(ConfidentialityTable.row(for: Tag(0x0029_1010)), "private elements are not rows")
    }

    /// Every attribute alone in a data set, under the Basic Profile: the outcome its code says.
    func testEveryAttributeUnderTheBasicProfile() throws {
        let basic = Fx.profile("basic")
        var tested: [String: Int] = [:]
        for row in TableTests.exactRows {
            let vr = DataDictionary.vr(for: row.tag)
            let original = Element(tag: row.tag, vr: vr, value: TableTests.sample(vr))
            let (out, state) = try Fx.scrub(Fx.ds([original]), basic)
            let e = out[row.tag]
            let what = "\(row.tag) \(row.keyword) \(row.basic)"
            tested[row.basic.text, default: 0] += 1
            if row.tag == .patientID {
                XCTAssertEqual(e?.bytes, original.bytes, "\(what): kept for dcm-pseudo")
                XCTAssertTrue(state.required.contains(.pseudonymizePatient))
                continue
            }
            // ConformanceFloor: the few X attributes that some IOD requires (Type 1 or 2C).
            switch ConformanceFloor.actions[row.tag.rawValue] ?? row.basic.action(.conformant) {
            case .remove:
                XCTAssertNil(e, "\(what): removed")
            case .empty:
                XCTAssertNotNil(e, "\(what): kept empty")
                if let items = e?.items {
                    // X/Z sequences keep their items (cleaned): a Type 3 sequence may not be empty.
                    XCTAssertEqual(items.count, row.basic.letters.contains("X") ? 1 : 0, what)
                } else {
                    XCTAssertEqual(e?.bytes ?? [9], [], what)
                }
            case .dummy:
                XCTAssertNotNil(e, "\(what): dummy")
                if let items = e?.items {
                    XCTAssertEqual(items.count, 1, "\(what): a sequence keeps its items, cleaned")
                } else {
                    XCTAssertEqual(e?.bytes, DummyValue.bytes(for: vr, length: original.bytes?.count ?? 0), what)
                    XCTAssertNotEqual(e?.bytes, original.bytes, what)
                }
            case .uid:
                XCTAssertNotNil(e, "\(what): left for dcm-pseudo")
                if let items = e?.items { XCTAssertEqual(items.count, 1, what) } else { XCTAssertEqual(e?.bytes, original.bytes, what) }
                XCTAssertTrue(state.required.contains(.remapUIDs), what)
            default:
                XCTFail("\(what): the Basic Profile column has no other codes")
            }
        }
        XCTAssertEqual(tested.values.reduce(0, +), TableTests.exactRows.count)
        for code in ["X", "Z", "D", "U", "X/Z", "X/D", "X/Z/D", "Z/D", "X/Z/U*"] {
            XCTAssertGreaterThan(tested[code] ?? 0, 0, "no attribute with code \(code) was tested")
        }
    }

    func testCombinedCodesResolution() {
        XCTAssertEqual(ProfileCode("X/Z")!.action(.conformant), .empty)
        XCTAssertEqual(ProfileCode("X/D")!.action(.conformant), .dummy)
        XCTAssertEqual(ProfileCode("Z/D")!.action(.conformant), .dummy)
        XCTAssertEqual(ProfileCode("X/Z/D")!.action(.conformant), .dummy)
        XCTAssertEqual(ProfileCode("X/Z/U*")!.action(.conformant), .uid)
        XCTAssertEqual(ProfileCode("X/Z")!.action(.strict), .remove)
        XCTAssertEqual(ProfileCode("Z/D")!.action(.strict), .empty)
        XCTAssertEqual(ProfileCode("X/Z/U*")!.action(.strict), .remove)
        XCTAssertNil(ProfileCode("X/K"))
    }

    /// Each option alone on top of the Basic Profile: every attribute its column names gets
    /// K (unchanged) or C (cleaned; dates kept for dcm-pseudo).
    func testEveryOptionColumn() throws {
        let text: Set<VR> = [.LO, .SH, .ST, .LT, .UT, .UC]
        for option in ConfidentialityTable.columns where option != .retainSafePrivate {
            let p = Fx.profile("basic") { $0.options = [option] }
            var n = 0
            for row in TableTests.exactRows {
                guard let code = row.options[option], row.tag != .patientName, row.tag != .patientID else { continue }
                n += 1
                let vr = DataDictionary.vr(for: row.tag)
                let what = "\(option.rawValue) \(code) \(row.tag) \(row.keyword)"
                let cleanable = code == "C" && text.contains(vr) && option != .retainLongitudinalModifiedDates
                let value = cleanable ? Fx.value("CHEST PA for Jane Doe", vr) : TableTests.sample(vr)
                let original = Element(tag: row.tag, vr: vr, value: value)
                let (out, state) = try Fx.scrub(Fx.ds([original, Fx.text(0x0010_0010, .PN, "DOE^JANE")]), p)
                guard let e = out[row.tag] else { XCTFail("\(what): kept"); continue }
                if let items = e.items { XCTAssertEqual(items.count, 1, what); continue }
                if cleanable {
                    let v = out.text(row.tag.rawValue) ?? ""
                    XCTAssertTrue(v.hasPrefix("CHEST PA"), "\(what): clinical words stay: \(v)")
                    XCTAssertFalse(v.contains("Doe"), "\(what): the patient's name is cut: \(v)")
                } else {
                    XCTAssertEqual(e.bytes, original.bytes, what)
                }
                if option == .retainLongitudinalModifiedDates, vr == .DA || vr == .DT {
                    XCTAssertTrue(state.required.contains(.shiftDates), what)
                }
            }
            XCTAssertGreaterThan(n, 0, "\(option) names no attribute")
        }
    }

    /// Dates decide for dates: with Retain Device Identity (K) and Modified Dates (C) both in
    /// force, a device's datetime is still shifted.
    func testDateOptionsDecideForDates() throws {
        let tag = Tag(0x300C_0127)  // Beam Hold Transition DateTime: D, device K, dates K/C
        let row = try XCTUnwrap(ConfidentialityTable.row(for: tag))
        XCTAssertEqual(row.options[.retainDeviceIdentity], "K")
        let both = Fx.profile("basic") { $0.options = [.retainDeviceIdentity, .retainLongitudinalModifiedDates] }
        XCTAssertEqual(both.action(for: tag), .shift)
        XCTAssertEqual(Fx.profile("basic") { $0.options = [.retainDeviceIdentity] }.action(for: tag), .keep)
        XCTAssertEqual(Fx.profile("basic").action(for: tag), .dummy)
        XCTAssertEqual(both.action(for: Tag(0x0008_0030)), .keep, "times stay under Modified Dates")
    }

    /// Curves and overlays: repeating groups, removed whole (an Overlay Plane without its data
    /// breaks the module) unless Clean Graphics keeps them.
    func testCurvesAndOverlaysAsRepeatingGroups() throws {
        var elements = Fx.instance().elements
        for g: UInt32 in [0x6000, 0x6002] {
            elements.append(Fx.bin(g << 16 | 0x0010, .US, [0, 2]))
            elements.append(Fx.bin(g << 16 | 0x0011, .US, [0, 2]))
            elements.append(Fx.text(g << 16 | 0x0040, .CS, "G"))
            elements.append(Fx.text(g << 16 | 0x4000, .LT, "Overlay by Jane Doe"))
            elements.append(Fx.bin(g << 16 | 0x3000, .OW, [UInt8](repeating: 0xFF, count: 64)))
        }
        elements.append(Fx.bin(0x5000_0005, .US, [2, 0]))
        elements.append(Fx.bin(0x5000_3000, .OW, [1, 2, 3, 4]))
        let input = Fx.ds(elements)
        let (basic, _) = try Fx.scrub(input, Fx.profile("basic"))
        XCTAssertFalse(basic.elements.contains { $0.tag.group & 0xFF00 == 0x6000 || $0.tag.group & 0xFF00 == 0x5000 })
        let (kept, _) = try Fx.scrub(input, Fx.profile("basic") { $0.options = [.cleanGraphics] })
        for g: UInt32 in [0x6000, 0x6002] {
            XCTAssertEqual(kept[Tag(g << 16 | 0x3000)]?.bytes, input[Tag(g << 16 | 0x3000)]?.bytes, "overlay bits untouched")
            XCTAssertTrue(kept.has(g << 16 | 0x0010))
            let comment = kept.text(g << 16 | 0x4000) ?? ""
            XCTAssertTrue(comment.hasPrefix("Overlay") && !comment.contains("Doe"), comment)
        }
        XCTAssertTrue(kept.has(0x5000_3000))
        let (tcia, _) = try Fx.scrub(input, Fx.profile("tcia"))
        XCTAssertTrue(tcia.has(0x6000_3000), "the MIDI-B keys keep overlays")
    }

    /// Attributes the table does not list: standard ones are kept (documented choice; their
    /// text is still searched for the known identifying values), even-group tags unknown to
    /// PS3.6 go.
    func testUnlistedAttributes() throws {
        let input = Fx.instance([
            Fx.text(0x0018_0050, .DS, "2.5"),  // Slice Thickness
            Fx.text(0x0008_0070, .LO, "ACME"),  // Manufacturer
            Fx.text(0x0008_1090, .LO, "Scanner of Jane Doe"),  // Manufacturer's Model Name
            Fx.text(0x0006_1234, .LO, "unknown public")
        ])
        let (out, _) = try Fx.scrub(input, Fx.profile("tcia"))
        XCTAssertEqual(out.text(0x0018_0050), "2.5")
        XCTAssertEqual(out.text(0x0008_0070), "ACME")
        let model = out.text(0x0008_1090) ?? ""
        XCTAssertTrue(model.hasPrefix("Scanner") && !model.contains("Doe"), "known PHI cut from kept text: \(model)")
        XCTAssertFalse(out.has(0x0006_1234))
        XCTAssertEqual(Fx.profile("tcia") { $0.unknownPublic = .keep }.action(for: Tag(0x0006_1234)), .keep)
        XCTAssertEqual(Fx.profile("tcia") { $0.unlisted = .clean }.action(for: Tag(0x0008_0070)), .clean)
    }
}
