import XCTest
import DICOMCore
import DICOMObject
import DICOMStream
@testable import DeidPseudo

final class UIDTests: XCTestCase {
    func testDefaultRootMakesValidUUIDDerivedUIDs() throws {
        let h = try UIDHasher(key: Fixture.keyA.symmetricKey)
        var seen = Set<String>()
        for i in 0..<2000 {
            let u = h.hash("1.2.826.0.1.3680043.2.1125.\(i)")
            XCTAssertTrue(u.hasPrefix("2.25."))
            XCTAssertTrue(UIDHasher.isValidUID(u), u)
            XCTAssertLessThanOrEqual(u.count, 44)
            // The integer is a version 8, variant 10 UUID.
            let v = try XCTUnwrap(UInt128(u.dropFirst(5)))
            XCTAssertEqual((v >> 76) & 0xF, 8)
            XCTAssertEqual((v >> 62) & 0x3, 2)
            seen.insert(u)
        }
        XCTAssertEqual(seen.count, 2000)
        XCTAssertEqual(h.hash("1.2.3"), h.hash("1.2.3"))
        XCTAssertEqual(h.bits, 122)
    }

    func testOrganisationRootKeepsWithin64Characters() throws {
        let root = "1.2.826.0.1.3680043.10.1234"
        let h = try UIDHasher(key: Fixture.keyA.symmetricKey, root: root)
        XCTAssertEqual(h.bits, 119)  // 36 digits left: floor(36 · log2 10) bits
        for i in 0..<2000 {
            let u = h.hash("9.\(i)")
            XCTAssertTrue(u.hasPrefix(root + "."))
            XCTAssertTrue(UIDHasher.isValidUID(u), u)
        }
        let longRoot = "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20"
        XCTAssertThrowsError(try UIDHasher(key: Fixture.keyA.symmetricKey, root: longRoot))
        XCTAssertThrowsError(try UIDHasher(key: Fixture.keyA.symmetricKey, root: "1.02.3"))
        XCTAssertThrowsError(try UIDHasher(key: Fixture.keyA.symmetricKey, root: "1..3"))
        XCTAssertThrowsError(try UIDHasher(key: Fixture.keyA.symmetricKey, root: "1.2.a"))
    }

    func testDifferentKeysGiveDifferentUIDs() throws {
        let a = try UIDHasher(key: Fixture.keyA.symmetricKey), b = try UIDHasher(key: Fixture.keyB.symmetricKey)
        XCTAssertNotEqual(a.hash("1.2.3.4"), b.hash("1.2.3.4"))
    }

    func testDefinitionTagsAreTheClassSyntaxAndSchemeElements() {
        // Every tag in the keep list is a UI element whose keyword names a definition.
        for t in UIDPolicy.definitionTags {
            let e = DataDictionary.entry(for: t)
            XCTAssertEqual(e?.vr, .UI, "\(t)")
            let k = e?.keyword ?? ""
            XCTAssertTrue(
                k.contains("SOPClass") || k.contains("TransferSyntax") || k.contains("CodingScheme")
                    || k.hasPrefix("Context") || k.contains("MappingResource") || k == "ImplementationClassUID"
                    || k == "PrivateInformationCreatorUID" || k == "CreatorVersionUID", k)
        }
        for k in [
            "SOPClassUID", "ReferencedSOPClassUID", "MediaStorageSOPClassUID", "TransferSyntaxUID",
            "ReferencedSOPClassUIDInFile", "ImplementationClassUID", "CodingSchemeUID", "ContextUID"
        ] {
            let tag = DataDictionary.entry(forKeyword: k)!.tag
            XCTAssertTrue(UIDPolicy.keeps(tag: tag), k)
        }
        // Identities, including one whose keyword ends in ClassUID, are replaced.
        for k in [
            "SOPInstanceUID", "ManufacturerDeviceClassUID", "InstanceCreatorUID", "UID", "IrradiationEventUID",
            "ConcatenationUID", "MediaStorageSOPInstanceUID", "ReferencedSOPInstanceUID"
        ] {
            let tag = DataDictionary.entry(forKeyword: k)!.tag
            XCTAssertFalse(UIDPolicy.keeps(tag: tag), k)
        }
    }

    func testWellKnownUIDsSurviveAnywhereAndIdentitiesAreReplaced() throws {
        let p = Fixture.pseudonymizer()
        var r = Fixture.instance(sop: "1.2.3.4.100.1.1", refs: ["1.2.3.4.100.1.2"])
        // SR content: a UIDREF to an instance, and a coding scheme UID (well-known by value).
        let code = Fixture.ds([Fixture.text(0x0008_0100, .SH, "113000"), Fixture.text(0x0008_010C, .UI, "2.16.840.1.113883.6.96")])
        let uidref = Fixture.ds([Fixture.text(0x0040_A040, .CS, "UIDREF"), Fixture.text(0x0040_A124, .UI, "1.2.3.4.100.1.2")])
        let wellKnownRef = Fixture.ds([
            Fixture.text(0x0040_A040, .CS, "UIDREF"),
            Fixture.text(0x0040_A124, .UI, "1.2.840.10008.6.1.2")
        ])
        r.file.dataset.insert(Fixture.seq(0x0040_A730, [uidref, wellKnownRef, code]))
        // A private UI element holding an instance UID, and one holding a transfer syntax.
        r.file.dataset.insert(Fixture.text(0x0009_0010, .LO, "ACME 1.0"))
        r.file.dataset.insert(Fixture.text(0x0009_1001, .UI, "1.2.3.4.100.1.1"))
        r.file.dataset.insert(Fixture.text(0x0009_1002, .UI, "1.2.840.10008.1.2.4.50"))
        let result = try p.apply(to: &r)
        let ds = r.file.dataset
        XCTAssertEqual(ds.text(0x0008_0016), Fixture.ctImage)
        XCTAssertEqual(r.file.meta.text(0x0002_0002), Fixture.ctImage)
        XCTAssertEqual(r.file.meta.text(0x0002_0010), "1.2.840.10008.1.2.1")
        let newSOP = try XCTUnwrap(ds.text(0x0008_0018))
        XCTAssertEqual(newSOP, p.replacementUID("1.2.3.4.100.1.1"))
        XCTAssertEqual(r.file.meta.text(0x0002_0003), newSOP)
        XCTAssertEqual(ds.text(0x0009_1001), newSOP)
        XCTAssertEqual(ds.text(0x0009_1002), "1.2.840.10008.1.2.4.50")
        XCTAssertEqual(ds.item(0x0008_1140, 0)?.text(0x0008_1150), Fixture.ctImage)
        XCTAssertEqual(ds.item(0x0008_1140, 0)?.text(0x0008_1155), p.replacementUID("1.2.3.4.100.1.2"))
        XCTAssertEqual(ds.item(0x0040_A730, 0)?.text(0x0040_A124), p.replacementUID("1.2.3.4.100.1.2"))
        XCTAssertEqual(ds.item(0x0040_A730, 1)?.text(0x0040_A124), "1.2.840.10008.6.1.2")
        // The coding scheme UID is not under the DICOM root but its element defines a scheme.
        XCTAssertEqual(ds.item(0x0040_A730, 2)?.text(0x0008_010C), "2.16.840.1.113883.6.96")
        XCTAssertEqual(ds.text(0x0020_000D), p.replacementUID("1.2.3.4.100"))
        XCTAssertEqual(ds.text(0x0020_0052), p.replacementUID("1.2.3.4.100.9"))
        // Every replacement is in the mapping, once.
        let uidRows = result.rows.filter { $0.kind == .uid }
        XCTAssertEqual(Set(uidRows.map(\.old)), ["1.2.3.4.100.1.1", "1.2.3.4.100.1.2", "1.2.3.4.100", "1.2.3.4.100.1", "1.2.3.4.100.9"])
        XCTAssertEqual(uidRows.count, 5)
        for row in uidRows { XCTAssertEqual(row.new, p.replacementUID(row.old)) }
    }

    func testMultiValuedAndPaddedUIDs() throws {
        let p = Fixture.pseudonymizer()
        var r = Fixture.instance(sop: "1.2.3.9")
        r.file.dataset.insert(Element(tag: Tag(0x0008_0058), vr: .UI, bytes: Array("1.2.3.7\\1.2.3.8\0".utf8)))
        _ = try p.apply(to: &r)
        let e = try XCTUnwrap(r.file.dataset[Tag(0x0008_0058)]?.bytes)
        XCTAssertEqual(e.count % 2, 0)
        XCTAssertEqual(r.file.dataset.strings(Tag(0x0008_0058)), [p.replacementUID("1.2.3.7"), p.replacementUID("1.2.3.8")])
    }
}
