import DICOMCore
@testable import DeidScrub
import XCTest

/// The Private Tag Knowledge Base as packed tables (no work at start-up) answers exactly what
/// the dictionaries once parsed from its text at start-up answered: the text is generated for
/// the tests alongside the tables, and the old parser, kept here, is the oracle.
final class PackedTableTests: XCTestCase {
    /// The former start-up parse of `generatedPrivateTagKBText`, verbatim in what it builds.
    struct LegacyKBIndex {
        var byPath: [String: PrivateDisposition] = [:]
        var byElement: [String: PrivateDisposition] = [:]
        var byLastStep: [String: PrivateDisposition] = [:]

        init(_ text: String) {
            var ambiguous = Set<String>()
            for line in text.utf8.split(separator: 0x0A) {
                guard let tab = line.firstIndex(of: 0x09) else { continue }
                guard let d = PrivateDisposition(name: String(decoding: line[..<tab], as: UTF8.self)) else { continue }
                let rest = line[line.index(after: tab)...]
                let steps = rest.split(separator: 0x09)
                guard !steps.isEmpty else { continue }
                let path = steps.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\t")
                byPath[path] = d
                guard steps.count > 1 else {
                    byElement[path] = d
                    continue
                }
                let last = String(decoding: steps[steps.count - 1], as: UTF8.self)
                if let old = byLastStep[last], old != d { ambiguous.insert(last) } else { byLastStep[last] = d }
            }
            for a in ambiguous { byLastStep[a] = nil }
        }

        func disposition(ancestors: [String], element: String) -> PrivateDisposition? {
            if !ancestors.isEmpty, let d = byPath[(ancestors + [element]).joined(separator: "\t")] { return d }
            return byElement[element] ?? byLastStep[element]
        }
    }

    static let oracle = LegacyKBIndex(generatedPrivateTagKBText)

    func testEveryKeyOfTheKnowledgeBaseAnswersAsBefore() {
        let o = Self.oracle
        XCTAssertGreaterThan(o.byPath.count, 5000)
        XCTAssertGreaterThan(o.byLastStep.count, 500)
        XCTAssertEqual(PrivateTagKB.count, o.byPath.count)
        XCTAssertEqual(PrivateTagKB.byLastStep.count, o.byLastStep.count)
        for (k, d) in o.byPath {
            XCTAssertEqual(PrivateTagKB.byPath.code(for: k).flatMap(PrivateTagKB.disposition(code:)), d, k)
        }
        for (k, d) in o.byLastStep {
            XCTAssertEqual(PrivateTagKB.byLastStep.code(for: k).flatMap(PrivateTagKB.disposition(code:)), d, k)
        }
        // Keys are sorted and every stored key is one of the oracle's.
        for i in 0..<PrivateTagKB.byPath.count {
            let k = PrivateTagKB.byPath.key(at: i)
            XCTAssertEqual(PrivateTagKB.disposition(code: PrivateTagKB.byPath.code(at: i)), o.byPath[k], k)
            if i > 0 { XCTAssertTrue(PrivateTagKB.byPath.key(at: i - 1).utf8.lexicographicallyPrecedes(k.utf8), k) }
        }
    }

    /// The public look-up on every signature, every step alone, every prefix and some
    /// near misses, with and without ancestors.
    func testLookupsMatchTheOracle() {
        let o = Self.oracle
        var checked = 0
        for path in o.byPath.keys {
            let steps = path.split(separator: "\t").map(String.init)
            var probes: [([String], String)] = [(Array(steps.dropLast()), steps.last!), ([], steps.last!)]
            for s in steps { probes.append(([], s)); probes.append((["00081115"], s)) }
            for n in 1..<max(1, steps.count) { probes.append((Array(steps.prefix(n - 1)), steps[n - 1])) }
            let last = steps.last!
            probes.append(([], String(last.dropLast())))
            probes.append(([], last + "0"))
            probes.append(([], last.lowercased()))
            probes.append(([], steps.joined(separator: "\t")))
            for (a, e) in probes {
                XCTAssertEqual(
                    PrivateTagKB.disposition(ancestors: a, element: e), o.disposition(ancestors: a, element: e),
                    "\(a) \(e)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 30000)
        XCTAssertNil(PrivateTagKB.disposition(ancestors: [], element: ""))
        XCTAssertNil(PrivateTagKB.disposition(ancestors: [], element: "~~~~"))
    }
}

/// The byte-wise parsers of the Table E.1-1 and TCIA texts build what the former
/// Character-wise ones (kept here as the oracle) built.
final class TableParseTests: XCTestCase {
    func legacyConfidentialityRows(_ text: String) -> [ConfidentialityTable.Row] {
        var out: [ConfidentialityTable.Row] = []
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count == 3 + ConfidentialityTable.columns.count, let basic = ProfileCode(String(f[1])) else { continue }
            var mask: UInt32 = 0, value: UInt32 = 0
            for ch in f[0].utf8 {
                mask <<= 4; value <<= 4
                if ch == UInt8(ascii: "x") { continue }
                mask |= 0xF
                value |= UInt32(ch <= UInt8(ascii: "9") ? ch &- 48 : ch &- 55)
            }
            var opts: [DeidOption: Character] = [:]
            for (i, o) in ConfidentialityTable.columns.enumerated() {
                let c = f[2 + i]
                if c != "-", let ch = c.first { opts[o] = ch }
            }
            out.append(ConfidentialityTable.Row(tag: Tag(value), mask: mask, keyword: String(f[f.count - 1]), basic: basic, options: opts))
        }
        return out
    }

    func testConfidentialityRowsAsBefore() {
        let old = legacyConfidentialityRows(generatedConfidentialityText)
        let new = ConfidentialityTable.rows
        XCTAssertGreaterThan(old.count, 600)
        XCTAssertEqual(new.count, old.count)
        for (a, b) in zip(new, old) {
            XCTAssertEqual(a.tag, b.tag)
            XCTAssertEqual(a.mask, b.mask)
            XCTAssertEqual(a.keyword, b.keyword)
            XCTAssertEqual(a.basic.text, b.basic.text, b.keyword)
            XCTAssertEqual(a.options, b.options, b.keyword)
        }
        // Options and codes of more than one letter appear, so the comparison covers them.
        XCTAssertTrue(old.contains { $0.options.count >= 2 } && old.contains { $0.basic.text.count > 1 })
    }

    func testTCIAActionsAsBefore() {
        var old: [UInt32: Action] = [:]
        for line in generatedTCIAProfileText.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count == 3, let v = UInt32(f[0], radix: 16), let a = Action(rawValue: String(f[1])) else { continue }
            old[v] = a
        }
        XCTAssertGreaterThan(old.count, 500)
        XCTAssertEqual(TCIATable.actions, old)
    }
}
