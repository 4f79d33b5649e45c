@testable import DeidScrub
import XCTest

/// The hash table behind the word lists: every word put in is found (whatever the case),
/// others are not, and growing or merging loses nothing.
final class WordSetTests: XCTestCase {
    func testWordsAreFoundAcrossGrowthAndMerging() {
        let words = (0..<5000).map { "w\($0)x" }
        var grown = TextWordSet()
        for w in words { grown.insert(w) }
        XCTAssertEqual(grown.count, 5000)
        let parsed = TextWordSet(words: words.joined(separator: " ") + "\n")
        XCTAssertEqual(parsed.count, 5000)
        for w in words {
            XCTAssertTrue(grown.contains(w), w)
            XCTAssertTrue(parsed.contains(w.uppercased()), w)
        }
        for w in (5000..<6000).map({ "w\($0)x" }) { XCTAssertFalse(grown.contains(w), w) }
        XCTAssertFalse(TextWordSet().contains("w1x"))

        var merged = TextWordSet(["alpha", "beta"])
        merged.formUnion(grown)
        merged.insert("alpha")
        XCTAssertEqual(merged.count, 5002)
        XCTAssertTrue(merged.contains("Beta") && merged.contains("w4999x"))
    }

    func testAHashOfZeroIsKeptApart() {
        var s = TextWordSet()
        XCTAssertFalse(s.contains(0))
        s.insert(hash: 0)
        s.insert(hash: 0)
        XCTAssertTrue(s.contains(0))
        XCTAssertEqual(s.count, 1)
        var t = TextWordSet()
        t.formUnion(s)
        XCTAssertTrue(t.contains(0))
    }

    func testTheBuiltInSurnamesAreAllThere() {
        // A few from different parts of the census list, and a word that is none.
        for w in ["smith", "Johnson", "ZYWIEC", "garcia"] { XCTAssertTrue(TextLexicon.lastNames.contains(w), w) }
        XCTAssertGreaterThan(TextLexicon.lastNames.count, 80_000)
    }
}

/// The name lists generated as constant tables (scripts/gen-word-hashes.py) hold exactly the
/// words TextWordSet(words:) reads from `NameLists`, and answer every look-up alike.
final class GeneratedWordTableTests: XCTestCase {
    func testGeneratedTablesEqualTheParsedLists() {
        let pairs: [(String, TextWordSet, String)] = [
            ("firstNames", TextLexicon.firstNames, NameLists.firstNames),
            ("frequentFirstNames", TextLexicon.frequentFirstNames, NameLists.frequentFirstNames),
            ("lastNames", TextLexicon.lastNames, NameLists.lastNames),
            ("commonWords", TextLexicon.commonWords, NameLists.commonWords),
            ("frequentWordNames", TextLexicon.frequentWordNames, NameLists.frequentWordNames)
        ]
        for (name, generated, text) in pairs {
            let parsed = TextWordSet(words: text)
            XCTAssertGreaterThan(parsed.count, 50, name)
            XCTAssertEqual(generated.count, parsed.count, name)
            XCTAssertEqual(generated.hashes, parsed.hashes, name)
            for w in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                XCTAssertTrue(generated.contains(String(w)), "\(name) \(w)")
                XCTAssertTrue(generated.contains(w.uppercased()), "\(name) \(w)")
                XCTAssertEqual(generated.contains(w + "q"), parsed.contains(w + "q"), "\(name) \(w)")
            }
        }
    }

    /// A generated table is copied, not written, when a set made from it is changed.
    func testChangingACopyOfAGeneratedTable() {
        var s = TextLexicon.frequentWordNames
        XCTAssertFalse(s.contains("zzyzx"))
        s.insert("zzyzx")
        XCTAssertTrue(s.contains("zzyzx"))
        XCTAssertEqual(s.count, TextLexicon.frequentWordNames.count + 1)
        XCTAssertFalse(TextLexicon.frequentWordNames.contains("zzyzx"))
        var u = TextWordSet(["qzxalpha"])
        u.formUnion(TextLexicon.firstNames)
        XCTAssertEqual(u.count, TextLexicon.firstNames.count + 1)
        XCTAssertTrue(u.contains("QZXalpha") && u.contains("Zachary"))
    }
}
