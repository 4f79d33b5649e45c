import Crypto
import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMStream
import XCTest
@testable import DeidPseudo

/// The UID hasher goes on from a keyed HMAC state made once, and the walker skips elements
/// whose tag ends no marked path: both give what the plain per-value work gave.
final class PseudoReuseTests: XCTestCase {
    func testUIDHashIsTheKeyedMACOfEachValueAlone() throws {
        for root in [UIDHasher.defaultRoot, "1.2.826.0.1.3680043.10.1234"] {
            let h = try UIDHasher(key: Fixture.keyA.symmetricKey, root: root)
            let uids = ["1.2.3", "1.2.840.113619.2.55.3.604688119.868.1249979520.521", "1.2.3", "9", ""]
            let first = uids.map(h.hash)
            for (u, got) in zip(uids, first) {
                // A fresh MAC of "uid\0" + the value, as the hasher documents.
                let mac = HMAC<SHA256>.authenticationCode(for: Array("uid\u{0}".utf8) + Array(u.utf8), using: Fixture.keyA.symmetricKey)
                var v: UInt128 = 0
                for b in Array(mac).prefix(16) { v = v << 8 | UInt128(b) }
                if root == UIDHasher.defaultRoot {
                    v = (v & ~(UInt128(0xF) << 76)) | (UInt128(0x8) << 76)
                    v = (v & ~(UInt128(0x3) << 62)) | (UInt128(0x2) << 62)
                } else {
                    v >>= UInt128(128 - h.bits)
                }
                XCTAssertEqual(got, root + "." + String(v), u)
                // A hasher that saw other values first gives the same.
                XCTAssertEqual(try UIDHasher(key: Fixture.keyA.symmetricKey, root: root).hash(u), got)
            }
            XCTAssertEqual(uids.map(h.hash), first, "hashing again changes nothing")
            XCTAssertNotEqual(try UIDHasher(key: Fixture.keyB.symmetricKey, root: root).hash("1.2.3"), first[0])
        }
    }

    /// Marked paths whose last step is not a tag's eight hex digits still reach their
    /// elements (every element is then looked up), and a record's marks do not reach the next.
    func testMarkedPathsAreFoundWhateverTheirTailAndOnlyInTheirRecord() throws {
        func record(_ sop: String, paths: [DeidState.PathAction: [String]]) -> Record {
            var r = Fixture.instance(sop: sop)
            r.file.dataset.insert(Fixture.text(0x0009_0010, .LO, "GEMS_IDEN_01"))
            r.file.dataset.insert(Fixture.text(0x0009_10E3, .LO, "1.2.840.113619.1.1.4.99"))
            r.file.dataset.insert(Fixture.text(0x0009_10E4, .LO, "1.2.840.113619.1.1.4.98"))
            var state = DeidState()
            state.profile = "tcia"
            state.required = [.pseudonymizePatient, .remapUIDs, .shiftDates]
            state.paths = paths
            r.deid = state
            return r
        }
        let marked: [DeidState.PathAction: [String]] = [.hashUID: ["000910e3"]]
        let odd: [DeidState.PathAction: [String]] = [.hashUID: ["000910E3", "00091E3"]]
        let none: [DeidState.PathAction: [String]] = [:]
        let p = Fixture.pseudonymizer()
        for paths in [marked, odd] {
            var r = record("1.9.1", paths: paths)
            _ = try p.apply(to: &r)
            XCTAssertEqual(r.file.dataset.text(0x0009_10E3), p.replacementUID("1.2.840.113619.1.1.4.99"))
            XCTAssertEqual(r.file.dataset.text(0x0009_10E4), "1.2.840.113619.1.1.4.98", "not marked")
        }
        // One pseudonymizer for records with and without marks: each as when alone.
        let shared = Fixture.pseudonymizer()
        var outs: [[UInt8]] = []
        let order = [("1.9.2", marked), ("1.9.3", none), ("1.9.4", odd)]
        for (sop, paths) in order {
            var r = record(sop, paths: paths)
            _ = try shared.apply(to: &r)
            outs.append(BinaryHeader.encode(r).payload)
        }
        for (i, (sop, paths)) in order.enumerated() {
            var alone = record(sop, paths: paths)
            _ = try Fixture.pseudonymizer().apply(to: &alone)
            XCTAssertEqual(outs[i], BinaryHeader.encode(alone).payload, "record \(i)")
            if paths.isEmpty { XCTAssertEqual(alone.file.dataset.text(0x0009_10E3), "1.2.840.113619.1.1.4.99") }
        }
    }
}
