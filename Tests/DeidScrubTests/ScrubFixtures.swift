import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMStream
import Foundation
import SharedTestSupport
import XCTest
@testable import DeidScrub

/// Data sets built in code, and a one-call scrub.
enum Fx {
    static func text(_ tag: UInt32, _ vr: VR, _ value: String) -> Element {
        Element(tag: Tag(tag), vr: vr, bytes: TextValue.encode(value, vr: vr, charset: .defaultRepertoire))
    }
    static func seq(_ tag: UInt32, _ items: [DataSet]) -> Element {
        Element(tag: Tag(tag), vr: .SQ, value: .items(items))
    }
    static func bin(_ tag: UInt32, _ vr: VR, _ bytes: [UInt8]) -> Element {
        Element(tag: Tag(tag), vr: vr, bytes: bytes)
    }
    static func ds(_ elements: [Element]) -> DataSet {
        var d = DataSet()
        for e in elements { d.insert(e) }
        return d
    }
    /// An instance with a patient, a study and identifying header values.
    static func instance(_ extra: [Element] = []) -> DataSet {
        ds(
            [
                text(0x0008_0016, .UI, "1.2.840.10008.5.1.4.1.1.7"),
                text(0x0008_0018, .UI, "1.2.826.0.1.3680043.9.7433.1.1"),
                text(0x0008_0020, .DA, "20130713"),
                text(0x0008_0030, .TM, "101500"),
                text(0x0008_0050, .SH, "ACC12345"),
                text(0x0008_0060, .CS, "OT"),
                text(0x0008_0080, .LO, "Springfield General Hospital"),
                text(0x0008_0090, .PN, "ROSS^MICHAEL"),
                text(0x0008_1030, .LO, "XR CHEST PA for Jane Doe"),
                text(0x0010_0010, .PN, "DOE^JANE^Q"),
                text(0x0010_0020, .LO, "PID-778899"),
                text(0x0010_0030, .DA, "19601224"),
                text(0x0010_0040, .CS, "F"),
                text(0x0010_1010, .AS, "052Y"),
                text(0x0010_1040, .LO, "12 Elm Street Springfield"),
                text(0x0010_2154, .SH, "555-123-4567"),
                text(0x0010_4000, .LT, "Contact jane.doe@example.com or 555-987-6543"),
                text(0x0020_000D, .UI, "1.2.826.0.1.3680043.9.7433.2.1"),
                text(0x0020_000E, .UI, "1.2.826.0.1.3680043.9.7433.3.1"),
                text(0x0020_0010, .SH, "STUDY77")
            ] + extra)
    }

    static func record(_ ds: DataSet) -> Record {
        Record(source: "fixture", file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian))
    }

    static func profile(_ name: String, _ change: (inout Profile) -> Void = { _ in }) -> Profile {
        var p = Profile.builtin(named: name)!
        change(&p)
        return p
    }

    /// Scrubs `ds` with `profile`; returns the data set and the state handed on.
    static func scrub(_ ds: DataSet, _ profile: Profile) throws -> (DataSet, DeidState) {
        var r = record(ds)
        try Scrubber(profile: profile).apply(to: &r)
        return (r.file.dataset, r.deid)
    }

    /// A private block: creator at (group,00bb), elements (group,bbee).
    static func privateBlock(
        group: UInt16, block: UInt8 = 0x10, creator: String,
        _ elements: [(UInt8, VR, ElementValue)]
    ) -> [Element] {
        var out = [text(UInt32(group) << 16 | UInt32(block), .LO, creator)]
        for (e, vr, v) in elements {
            out.append(Element(tag: Tag(group: group, element: UInt16(block) << 8 | UInt16(e)), vr: vr, value: v))
        }
        return out
    }
    static func value(_ s: String, _ vr: VR = .LO) -> ElementValue {
        .bytes(TextValue.encode(s, vr: vr, charset: .defaultRepertoire))
    }
}

extension DataSet {
    func text(_ tag: UInt32) -> String? { string(Tag(tag), charset: declaredCharacterSet ?? .defaultRepertoire) }
    func has(_ tag: UInt32) -> Bool { self[Tag(tag)] != nil }
    /// Every decodable text value at any depth, for leak checks.
    var allText: String {
        var out = ""
        for e in elements {
            if let items = e.items {
                for i in items { out += i.allText + "\n" }
            } else if let b = e.bytes {
                out += String(decoding: b, as: UTF8.self) + "\n"
            }
        }
        return out
    }
}

/// ../shared, when present.
enum Shared {
    static var dir: URL { Corpus.sharedDir }

    /// Paths of the corpus files (CATALOG.tsv order); throws XCTSkip when absent.
    static func corpus() throws -> [String] {
        let cat = dir.appendingPathComponent("corpus/CATALOG.tsv")
        guard let text = try? String(contentsOf: cat, encoding: .utf8) else {
            throw XCTSkip("../shared/corpus not found (set DCM_SHARED): corpus tests skipped")
        }
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false)
        guard let col = header.firstIndex(of: "path") else { return [] }
        return lines.compactMap { l in
            let f = l.split(separator: "\t", omittingEmptySubsequences: false)
            return col < f.count ? dir.appendingPathComponent("corpus").appendingPathComponent(String(f[col])).path : nil
        }
    }
}
