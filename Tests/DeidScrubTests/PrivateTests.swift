import DICOMCore
import DICOMDeid
import DICOMObject
import XCTest
@testable import DeidScrub

/// Private elements: the TCIA Private Tag Knowledge Base (Retain Safe Private), profile rules,
/// creators, sequences.
final class PrivateTests: XCTestCase {
    func testKnowledgeBaseDispositions() throws {
        XCTAssertGreaterThan(PrivateTagKB.count, 5000)
        XCTAssertEqual(PrivateTagKB.disposition(group: 0x0019, creator: "GEMS_ACQU_01", element: 0x9C), .keep)
        XCTAssertEqual(PrivateTagKB.disposition(group: 0x0019, creator: "AGFA ADC NX", element: 0x07), .remove)
        XCTAssertEqual(PrivateTagKB.disposition(group: 0x0009, creator: "GEMS_IDEN_01", element: 0xE3), .hashUID)
        XCTAssertEqual(PrivateTagKB.disposition(group: 0x0009, creator: "GEMS_PETD_01", element: 0x05), .shiftDate)
        XCTAssertEqual(PrivateTagKB.disposition(group: 0x0009, creator: "GEMS_IDEN_01", element: 0x27), .shiftIntDate)
        XCTAssertEqual(
            PrivateTagKB.disposition(group: 0x0009, creator: "gems_iden_01 ", element: 0x27), .shiftIntDate,
            "creators match without case and padding")
        XCTAssertNil(PrivateTagKB.disposition(group: 0x0033, creator: "SYNTH_RIS 1.0", element: 0x10))
    }

    /// Every disposition applied, in a block that is not at 0x10, with the paths handed on.
    func testDispositionsInARecord() throws {
        let block =
            Fx.privateBlock(
                group: 0x0009, block: 0x11, creator: "GEMS_IDEN_01",
                [
                    (0xE3, .UI, Fx.value("1.2.840.113619.2.55.3.1", .UI)),
                    (0x27, .SL, .bytes([0x35, 0x0C, 0x31, 0x01]))
                ])
            + Fx.privateBlock(
                group: 0x0009, block: 0x12, creator: "GEMS_PETD_01",
                [
                    (0x05, .DT, Fx.value("20130713101500", .DT))
                ])
            + Fx.privateBlock(
                group: 0x0019, block: 0x10, creator: "GEMS_ACQU_01",
                [
                    (0x9C, .LO, Fx.value("cm3d"))
                ])
            + Fx.privateBlock(
                group: 0x0019, block: 0x11, creator: "AGFA ADC NX",
                [
                    (0x07, .CS, Fx.value("YES", .CS))
                ])
            + Fx.privateBlock(
                group: 0x0033, block: 0x10, creator: "SYNTH_RIS 1.0",
                [
                    (0x10, .LO, Fx.value("PID-778899"))
                ])
        let (out, state) = try Fx.scrub(Fx.instance(block), Fx.profile("tcia"))
        XCTAssertTrue(out.has(0x0009_11E3)); XCTAssertTrue(out.has(0x0009_1127)); XCTAssertTrue(out.has(0x0009_1205))
        XCTAssertEqual(out.text(0x0019_109C), "cm3d")
        XCTAssertFalse(out.has(0x0019_1107), "KB says delete")
        XCTAssertFalse(out.has(0x0019_0011), "a creator whose block is empty goes")
        XCTAssertFalse(out.has(0x0033_1010), "unknown private elements go")
        XCTAssertFalse(out.has(0x0033_0010))
        XCTAssertEqual(out.text(0x0019_0010), "GEMS_ACQU_01")
        XCTAssertEqual(state.paths[.hashUID], ["000911E3"])
        XCTAssertEqual(state.paths[.shiftIntDate], ["00091127"])
        XCTAssertEqual(state.paths[.shiftDate], ["00091205"])
        XCTAssertTrue(state.required.contains(.remapUIDs) && state.required.contains(.shiftDates))
    }

    /// The same element signature with different dispositions by sequence path.
    func testSequencePathsInTheKnowledgeBase() throws {
        func nested(in seq: UInt32) -> DataSet {
            Fx.instance([
                Fx.seq(
                    seq,
                    [
                        Fx.ds(
                            Fx.privateBlock(
                                group: 0x2001, creator: "Philips Imaging DD 001",
                                [
                                    (0xC1, .LO, Fx.value("1.0\\0.0"))
                                ]))
                    ])
            ])
        }
        let p = Fx.profile("tcia")
        XCTAssertTrue(
            try Fx.scrub(nested(in: 0x0008_1110), p).0[Tag(0x0008_1110)]?.items?.first?.has(0x2001_10C1) ?? false,
            "kept inside Referenced Study Sequence")
        XCTAssertFalse(
            try Fx.scrub(nested(in: 0x0008_1115), p).0[Tag(0x0008_1115)]?.items?.first?.has(0x2001_10C1) ?? true,
            "deleted inside Referenced Series Sequence")
    }

    func testProfileRulesOverrideTheKnowledgeBase() throws {
        let input = Fx.instance(
            Fx.privateBlock(
                group: 0x0019, creator: "GEMS_ACQU_01",
                [
                    (0x9C, .LO, Fx.value("cm3d")), (0x9E, .LO, Fx.value("EFGRE3D"))
                ]) + Fx.privateBlock(group: 0x0033, creator: "SYNTH_RIS 1.0", [(0x20, .LO, Fx.value("keep me"))]))
        let p = Fx.profile("tcia") {
            $0.privateRules = [
                Profile.PrivateRule(group: 0x0019, creator: "gems_acqu_01", element: nil, disposition: .remove),
                Profile.PrivateRule(group: 0x0019, creator: "GEMS_ACQU_01", element: 0x9E, disposition: .keep),
                Profile.PrivateRule(group: 0x0033, creator: nil, element: nil, disposition: .keep)
            ]
        }
        let (out, _) = try Fx.scrub(input, p)
        XCTAssertFalse(out.has(0x0019_109C), "block rule beats the KB")
        XCTAssertTrue(out.has(0x0019_109E), "element rule beats the block rule")
        XCTAssertEqual(out.text(0x0033_1020), "keep me")
    }

    func testWithoutRetainSafePrivateEveryPrivateElementGoes() throws {
        let input = Fx.instance(Fx.privateBlock(group: 0x0019, creator: "GEMS_ACQU_01", [(0x9C, .LO, Fx.value("cm3d"))]))
        let (out, _) = try Fx.scrub(input, Fx.profile("basic"))
        XCTAssertFalse(out.elements.contains { $0.tag.isPrivate })
        let (out2, _) = try Fx.scrub(input, Fx.profile("tcia") { $0.options.remove(.retainSafePrivate) })
        XCTAssertFalse(out2.elements.contains { $0.tag.isPrivate })
    }

    /// Options change what the KB's h, o and oi mean.
    func testUIDAndDateOptionsGovernKnowledgeBaseActions() {
        let p = Fx.profile("basic") { $0.options = [.retainSafePrivate, .retainUIDs] }
        XCTAssertEqual(p.privateDisposition(group: 0x0009, creator: "GEMS_IDEN_01", element: 0xE3, ancestors: []), .keep)
        XCTAssertEqual(
            p.privateDisposition(group: 0x0009, creator: "GEMS_PETD_01", element: 0x05, ancestors: []), .remove,
            "a date nobody will shift goes")
        let full = Fx.profile("basic") { $0.options = [.retainSafePrivate, .retainLongitudinalFullDates] }
        XCTAssertEqual(full.privateDisposition(group: 0x0009, creator: "GEMS_PETD_01", element: 0x05, ancestors: []), .keep)
    }

    /// Known identifying values are cut from kept private text too.
    func testKnownPHIInKeptPrivateText() throws {
        let input = Fx.instance(
            Fx.privateBlock(
                group: 0x0019, creator: "GEMS_ACQU_01",
                [
                    (0x9C, .LO, Fx.value("cm3d Jane Doe")), (0x9E, .UN, .bytes(Array("EFGRE3D PID-778899 ".utf8)))
                ]))
        let (out, _) = try Fx.scrub(input, Fx.profile("tcia"))
        let v = out.text(0x0019_109C) ?? ""
        XCTAssertTrue(v.hasPrefix("cm3d") && !v.contains("Doe"), v)
        let un = String(decoding: out[Tag(0x0019_109E)]?.bytes ?? [], as: UTF8.self)
        XCTAssertTrue(un.hasPrefix("EFGRE3D") && !un.contains("778899"), un)
    }

    /// Vendors nest standard data sets in private sequences. A sequence the KB marks d goes
    /// whole under tcia, as TCIA removes it; `public-content` keeps it as a container (its
    /// private content still follows the rules).
    func testPrivateSequencesHoldingStandardAttributes() throws {
        let inner = Fx.ds(
            [
                Fx.text(0x0008_0018, .UI, "1.3.46.670589.11.1.1"),
                Fx.text(0x0018_0050, .DS, "10"),
                Fx.text(0x0010_0010, .PN, "DOE^JANE")
            ] + Fx.privateBlock(group: 0x2005, creator: "Unknown Vendor", [(0x01, .LO, Fx.value("x"))]))
        let input = Fx.instance([
            Fx.seq(
                0x5200_9230,
                [
                    Fx.ds(
                        Fx.privateBlock(
                            group: 0x2005, creator: "Philips MR Imaging DD 005",
                            [
                                (0x0F, .SQ, .items([inner]))
                            ]))
                ])
        ])
        let (out, _) = try Fx.scrub(input, Fx.profile("tcia"))
        XCTAssertFalse(out[Tag(0x5200_9230)]?.items?.first?.has(0x2005_100F) ?? true, "KB d: the sequence goes whole")
        let (out2, state2) = try Fx.scrub(input, Fx.profile("tcia") { $0.privateSequences = .publicContent })
        let frame = try XCTUnwrap(out2[Tag(0x5200_9230)]?.items?.first)
        let item = try XCTUnwrap(frame[Tag(0x2005_100F)]?.items?.first, "container kept")
        XCTAssertEqual(item.text(0x0018_0050), "10")
        XCTAssertTrue(item.has(0x0008_0018))
        XCTAssertEqual(item.text(0x0010_0010), "", "standard rules inside: the name is emptied")
        XCTAssertFalse(item.has(0x2005_1001), "private content follows its own rules")
        XCTAssertTrue(state2.required.contains(.remapUIDs))
    }

    /// The KB decides per sequence: Philips' Presentation State Sequence (2001,"Philips
    /// Imaging DD 129",00) is d and goes whole with the public attributes nested in it;
    /// Series PlanScan (2005,"Philips MR Imaging DD 001",80) is k and stays, its content
    /// following the rules; a private sequence the KB does not list goes.
    func testPrivateSequencesFollowTheKnowledgeBase() throws {
        let nested = Fx.ds([Fx.text(0x0018_0050, .DS, "3"), Fx.text(0x0008_0090, .PN, "ROSS^MICHAEL")])
        let input = Fx.instance(
            Fx.privateBlock(group: 0x2001, creator: "Philips Imaging DD 129", [(0x00, .SQ, .items([nested]))])
                + Fx.privateBlock(group: 0x2005, creator: "Philips MR Imaging DD 001", [(0x80, .SQ, .items([nested]))])
                + Fx.privateBlock(group: 0x0071, creator: "Nobody Knows 1", [(0x10, .SQ, .items([nested]))]))
        let (out, _) = try Fx.scrub(input, Fx.profile("tcia"))
        XCTAssertFalse(out.has(0x2001_1000), "KB d")
        XCTAssertFalse(out.has(0x0071_1010), "not in the KB")
        XCTAssertFalse(out.has(0x0071_0010), "its creator goes with the block")
        let kept = try XCTUnwrap(out[Tag(0x2005_1080)]?.items?.first, "KB k")
        XCTAssertEqual(kept.text(0x0018_0050), "3")
        XCTAssertEqual(kept.text(0x0008_0090) ?? "", "", "standard rules inside")
    }
}
