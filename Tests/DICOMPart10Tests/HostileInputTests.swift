import SharedTestSupport
import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream
import Foundation
import XCTest

/// Broken and hostile inputs: each must end in a thrown `DICOMReadError`, never a crash,
/// a hang or memory out of proportion to the input.
final class HostileInputTests: XCTestCase {
    /// Reads `bytes`, which must fail with a `DICOMReadError`; returns it.
    @discardableResult
    func assertRejected(_ bytes: [UInt8], _ what: String, file: StaticString = #filePath, line: UInt = #line) -> DICOMReadError? {
        do {
            let f = try Part10Reader().read(bytes: bytes)
            XCTFail("\(what): read \(f.dataset.count) elements instead of failing", file: file, line: line)
        } catch let e as DICOMReadError {
            return e
        } catch {
            XCTFail("\(what): not a DICOMReadError: \(error)", file: file, line: line)
        }
        return nil
    }

    /// Cuts `bytes` at each offset in `cuts`: a cut at a clean top-level boundary (plus up
    /// to 7 bytes of what the reader takes as padding) reads as the elements before it;
    /// any other cut must be a `DICOMReadError`. Returns (read, rejected).
    @discardableResult
    func checkCuts(_ bytes: [UInt8], boundaries: [Int]?, cuts: some Sequence<Int>, _ what: String) throws -> (Int, Int) {
        let full = try Part10Reader().read(bytes: bytes)
        let fullTags = full.dataset.elements.map(\.tag)
        var read = 0, rejected = 0
        for cut in cuts {
            let part = Array(bytes[0..<cut])
            do {
                let f = try Part10Reader().read(bytes: part)
                read += 1
                let tags = f.dataset.elements.map(\.tag)
                XCTAssertEqual(Array(fullTags.prefix(tags.count)), tags, "\(what) cut at \(cut): not a prefix of the file")
                if let boundaries {
                    XCTAssertTrue(
                        boundaries.contains { cut >= $0 && cut < $0 + 8 },
                        "\(what) cut at \(cut) inside an element was read as \(tags.count) elements")
                }
                _ = try Part10Writer().encode(f)
            } catch is DICOMReadError {
                rejected += 1
            } catch {
                XCTFail("\(what) cut at \(cut): \(error)")
            }
        }
        return (read, rejected)
    }

    func testTruncatedAtEveryOffset() throws {
        let fixtures: [(String, [UInt8], [Int]?)] = [
            ("explicit LE", Fixture.explicitLittle().bytes, Fixture.explicitLittle().boundaries),
            ("implicit LE", Fixture.implicitLittle().bytes, Fixture.implicitLittle().boundaries),
            ("encapsulated", Fixture.encapsulated().bytes, Fixture.encapsulated().boundaries),
            ("big endian", Fixture.explicitBig(), nil),
            ("deflated", try Fixture.deflated(), [])
        ]
        for (name, bytes, boundaries) in fixtures {
            // The preamble and empty cut are always rejected: no element to read.
            let (read, rejected) = try checkCuts(bytes, boundaries: boundaries, cuts: 0..<bytes.count, name)
            XCTAssertGreaterThan(rejected, bytes.count / 2, name)
            XCTAssertEqual(read + rejected, bytes.count)
        }
    }

    /// A few real files of different syntaxes, cut every 97 bytes.
    func testCorpusFilesCutEvery97Bytes() throws {
        let entries = try Corpus.catalog()
        var picked: [String: String] = [:]  // syntax -> path, the smallest file of each
        var sizes: [String: Int] = [:]
        for e in entries {
            let ts = e.columns["transfer_syntax"] ?? "", size = Int(e.columns["size"] ?? "") ?? .max
            let name = (e.path as NSString).lastPathComponent
            guard size > 2000, size < 300_000, knownUnreadable[name] == nil, knownInexact[name] == nil else { continue }
            if size < sizes[ts] ?? .max { sizes[ts] = size; picked[ts] = e.path }
        }
        XCTAssertGreaterThan(picked.count, 3)
        var cutsTried = 0
        for (ts, path) in picked.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let bytes = [UInt8](data)
            let (read, rejected) = try checkCuts(
                bytes, boundaries: nil, cuts: stride(from: 0, to: bytes.count, by: 97),
                "\((path as NSString).lastPathComponent) (\(ts))")
            cutsTried += read + rejected
        }
        print("hostile: \(picked.count) corpus files, \(cutsTried) cuts, none crashed")
    }

    func testEmptyGarbageAndWrongMagic() {
        XCTAssertEqual(assertRejected([], "empty")?.kind, .notDICOM)
        XCTAssertEqual(assertRejected([0x44, 0x49, 0x43, 0x4D], "DICM alone")?.kind, .notDICOM)
        XCTAssertEqual(assertRejected([UInt8](repeating: 0, count: 128) + Array("DICM".utf8), "preamble only")?.kind, .notDICOM)
        XCTAssertEqual(assertRejected(Array("%PDF-1.7\n%âãÏÓ\n1 0 obj << >> endobj".utf8), "a PDF")?.kind, .notDICOM)

        var wrongMagic = Fixture.explicitLittle().bytes
        wrongMagic[131] = UInt8(ascii: "N")  // DICN
        assertRejected(wrongMagic, "wrong magic")

        // Random bytes, seeded: none may crash, and (as the first group is implausible or
        // a length runs off the end) none reads.
        var rng = SplitMix64(seed: 0xD1C0_4D00)
        for n in [1, 7, 8, 64, 131, 132, 1000, 5000] {
            for _ in 0..<40 {
                let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
                assertRejected(bytes, "\(n) random bytes")
            }
        }
        // Random bytes after a valid head: the data set is garbage.
        let head = Fixture.part10Head(transferSyntax: "1.2.840.10008.1.2.1")
        for _ in 0..<200 {
            let tail = (0..<300).map { _ in UInt8.random(in: 0...255, using: &rng) }
            do { _ = try Part10Reader().read(bytes: head + tail) } catch is DICOMReadError {} catch {
                XCTFail("garbage data set: \(error)")
            }
        }
    }

    func testLengthsPastTheEnd() {
        var b = ByteBuilder()
        b.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        var short = b
        short.explicitHeader(0x0010_0010, "PN", length: 40); short.out += Array("DOE".utf8)
        XCTAssertEqual(assertRejected(short.out, "PN past the end")?.kind, .truncated)

        for length: UInt32 in [0xFFFF_FFF0, 0xFFFF_FFFE, 0x7FFF_FFFF, 0x8000_0000] {
            var big = b
            big.explicitHeader(0x7FE0_0010, "OW", length: length); big.out += [1, 2, 3, 4]
            XCTAssertEqual(assertRejected(big.out, "OW of \(length)")?.kind, .truncated)
            var un = b
            un.explicitHeader(0x0009_1001, "UN", length: length); un.out += [0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0]
            XCTAssertEqual(assertRejected(un.out, "UN of \(length)")?.kind, .truncated)
            var implicitUN = ByteBuilder()
            implicitUN.implicit(0x0008_0018, Fixture.sopInstance, vr: "UI")
            implicitUN.implicitHeader(0x0009_1001, length: length); implicitUN.out += [1, 2, 3, 4, 5, 6, 7, 8]
            XCTAssertEqual(assertRejected(implicitUN.out, "implicit private of \(length)")?.kind, .truncated)
            var item = b
            item.explicitHeader(0x0008_1115, "SQ", length: 0xFFFF_FFFF)
            item.item(length: length); item.out += [1, 2, 3, 4]
            assertRejected(item.out, "item of \(length)")
            var sq = b
            sq.explicitHeader(0x0008_1115, "SQ", length: length); sq.item(length: 0)
            assertRejected(sq.out, "SQ of \(length)")
            var fragment = b
            fragment.explicitHeader(0x7FE0_0010, "OB", length: 0xFFFF_FFFF)
            fragment.item(length: 0); fragment.item(length: length); fragment.out += [0xFF, 0xD8]
            assertRejected(fragment.out, "fragment of \(length)")
        }
        // A meta group whose transfer syntax element claims more than the file holds.
        var meta = Fixture.part10Head(transferSyntax: "1.2.840.10008.1.2.1")
        meta += [0x02, 0x00, 0x13, 0x00, 0x53, 0x48, 0xF0, 0xFF]
        assertRejected(meta, "meta element past the end")
    }

    func testDeepNesting() {
        for defined in [false, true] {
            let bytes = Fixture.nested(levels: 10_000, definedLength: defined)
            XCTAssertEqual(assertRejected(bytes, "10,000 levels")?.kind, .tooDeep)
        }
        // The same in implicit VR: undefined-length private elements are sequences there.
        var head = ByteBuilder(), tail = ByteBuilder()
        head.implicit(0x0008_0018, Fixture.sopInstance, vr: "UI")
        for _ in 0..<10_000 {
            head.implicitHeader(0x0009_1001, length: 0xFFFF_FFFF); head.item()
            tail.itemDelimiter(); tail.sequenceDelimiter()
        }
        XCTAssertEqual(assertRejected(head.out + tail.out, "10,000 implicit levels")?.kind, .tooDeep)
        // And with UN in explicit VR, whose contents are implicit VR.
        var un = ByteBuilder()
        un.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        un.explicitHeader(0x0009_1001, "UN", length: 0xFFFF_FFFF); un.item()
        for _ in 0..<10_000 { un.implicitHeader(0x0009_1001, length: 0xFFFF_FFFF); un.item() }
        XCTAssertEqual(assertRejected(un.out, "10,000 UN levels")?.kind, .tooDeep)
    }

    func testSequenceThatNeverEnds() {
        var b = ByteBuilder()
        b.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        b.explicitHeader(0x0008_1115, "SQ", length: 0xFFFF_FFFF)
        for _ in 0..<1000 {
            b.item()
            b.explicit(0x0008_1150, "UI", Fixture.sopClass)
            b.itemDelimiter()
        }
        XCTAssertEqual(assertRejected(b.out, "sequence without delimiter")?.kind, .truncated)
        var open = ByteBuilder()
        open.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        open.explicitHeader(0x0008_1115, "SQ", length: 0xFFFF_FFFF)
        open.item()
        open.explicit(0x0008_1150, "UI", Fixture.sopClass)
        XCTAssertEqual(assertRejected(open.out, "item without delimiter")?.kind, .truncated)
        var pixels = ByteBuilder()
        pixels.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        pixels.explicitHeader(0x7FE0_0010, "OB", length: 0xFFFF_FFFF)
        for _ in 0..<1000 { pixels.item(length: 4); pixels.out += [1, 2, 3, 4] }
        XCTAssertEqual(assertRejected(pixels.out, "fragments without delimiter")?.kind, .truncated)
    }

    func testDelimiterStorms() {
        // At the top level: a few stray delimiters are a known writer bug; thousands are garbage.
        var top = ByteBuilder()
        top.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        for _ in 0..<100_000 { top.itemDelimiter() }
        XCTAssertEqual(assertRejected(top.out, "top-level item delimiter storm")?.kind, .malformed)
        var bare = ByteBuilder()
        for _ in 0..<100_000 { bare.sequenceDelimiter() }
        assertRejected(bare.out, "nothing but sequence delimiters")
        var items = ByteBuilder()
        items.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        for _ in 0..<100_000 { items.item(length: 0) }
        XCTAssertEqual(assertRejected(items.out, "top-level empty item storm")?.kind, .malformed)
        // Inside a sequence: the first delimiter closes the item, the next is out of place.
        var inside = ByteBuilder()
        inside.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        inside.explicitHeader(0x0008_1115, "SQ", length: 0xFFFF_FFFF)
        inside.item()
        for _ in 0..<100_000 { inside.itemDelimiter() }
        XCTAssertEqual(assertRejected(inside.out, "item delimiter storm in a sequence")?.kind, .malformed)
        // Inside a defined-length sequence, where a stray sequence delimiter is tolerated once.
        var defined = ByteBuilder()
        defined.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        defined.explicitHeader(0x0008_1115, "SQ", length: 8 * 10_000)
        for _ in 0..<10_000 { defined.sequenceDelimiter() }
        XCTAssertEqual(assertRejected(defined.out, "delimiters filling a defined-length sequence")?.kind, .malformed)
    }

    func testHugeDeclaredUNLengths() {
        // Explicit UN with a length just short of undefined, in a 40-byte input: rejected
        // before anything of that size is allocated.
        var b = ByteBuilder()
        b.explicit(0x0008_0018, "UI", "1.2")
        b.explicitHeader(0x0011_1010, "UN", length: 0xFFFF_FFFE)
        b.out += [0, 0, 0, 0]
        XCTAssertEqual(assertRejected(b.out, "UN of 4 GiB")?.kind, .truncated)
        // Undefined-length UN whose content is not items.
        var u = ByteBuilder()
        u.explicit(0x0008_0018, "UI", "1.2")
        u.explicitHeader(0x0011_1010, "UN", length: 0xFFFF_FFFF)
        u.out += Array("not an item at all".utf8)
        XCTAssertEqual(assertRejected(u.out, "undefined UN of text")?.kind, .malformed)
        // Undefined-length UN in a deflated file that inflates past the limit.
        let saved = Deflate.maxInflatedSize.load(ordering: .relaxed)
        defer { Deflate.maxInflatedSize.store(saved, ordering: .relaxed) }
        Deflate.maxInflatedSize.store(1 << 20, ordering: .relaxed)
        var bomb = ByteBuilder()
        bomb.explicit(0x0008_0018, "UI", "1.2")
        bomb.explicitHeader(0x0011_1010, "UN", length: 0xFFFF_FFFF)
        bomb.out += [UInt8](repeating: 0, count: 2 << 20)
        let deflatedBomb = Fixture.part10Head(transferSyntax: "1.2.840.10008.1.2.1.99") + ((try? Deflate.deflate(bomb.out)) ?? [])
        XCTAssertLessThan(deflatedBomb.count, 10_000)
        XCTAssertEqual(assertRejected(deflatedBomb, "deflate bomb")?.kind, .deflate)
    }

    func testCorruptDeflateStreams() throws {
        let good = try Fixture.deflated()
        let headCount = Fixture.part10Head(transferSyntax: "1.2.840.10008.1.2.1.99").count
        var rng = SplitMix64(seed: 99)
        for _ in 0..<300 {
            var bad = good
            let i = Int.random(in: headCount..<bad.count, using: &rng)
            bad[i] ^= UInt8.random(in: 1...255, using: &rng)
            do { _ = try Part10Reader().read(bytes: bad) } catch is DICOMReadError {} catch {
                XCTFail("corrupt deflate: \(error)")
            }
        }
        XCTAssertEqual(assertRejected(Array(good[0..<(headCount + 10)]), "cut deflate stream")?.kind, .truncated)
    }

    /// Found by fuzzing: a Specific Character Set value that is not valid text travels only
    /// as `_raw`; the decoder must still pick the character set the encoder used.
    func testUndecodableCharacterSetValueSurvivesTheRecordCodec() throws {
        var b = ByteBuilder()
        b.explicit(0x0008_0005, "CS", Array("ISO 2022 IR 13\\ISO 2022 IR ".utf8) + [0xFA, 0x37, 0x20])
        b.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        // Yamada^Taro in JIS X 0201 and ISO 2022 IR 87 (the PS3.5 H.3.1 example).
        let name: [UInt8] = [
            0xD4, 0xCF, 0xC0, 0xDE, 0x5E, 0xC0, 0xDB, 0xB3, 0x3D, 0x1B, 0x24, 0x42, 0x3B, 0x33,
            0x45, 0x44, 0x1B, 0x28, 0x4A, 0x5E, 0x1B, 0x24, 0x42, 0x42, 0x40, 0x4F, 0x3A, 0x1B,
            0x28, 0x4A, 0x3D, 0x1B, 0x24, 0x42, 0x24, 0x64, 0x24, 0x5E, 0x24, 0x40, 0x1B, 0x28,
            0x4A, 0x5E, 0x1B, 0x24, 0x42, 0x24, 0x3F, 0x24, 0x6D, 0x24, 0x26, 0x1B, 0x28, 0x4A
        ]
        b.explicit(0x0010_0010, "PN", name)
        let f = try Part10Reader().read(bytes: b.out)
        let (json, _) = RecordCodec.encode(Record(source: "charset", file: f))
        XCTAssertEqual(try Part10Writer().encode(RecordCodec.decode(json).file), b.out)
    }

    /// Items under a tag the dictionary does not call a sequence (undefined length in
    /// implicit VR, or UN on the wire) make it a sequence: SQ, so every layer agrees.
    func testItemsUnderANonSequenceTagAreASequence() throws {
        var implicit = ByteBuilder()
        implicit.implicit(0x0008_0018, Fixture.sopInstance, vr: "UI")
        implicit.implicitHeader(0x0008_1030, length: 0xFFFF_FFFF)
        implicit.item(); implicit.implicit(0x0008_0100, "CODE", vr: "SH"); implicit.itemDelimiter()
        implicit.sequenceDelimiter()
        var explicitUN = ByteBuilder()
        explicitUN.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        explicitUN.explicitHeader(0x0010_0010, "UN", length: 0xFFFF_FFFF)
        explicitUN.item(); explicitUN.implicit(0x0008_0100, "CODE", vr: "SH"); explicitUN.itemDelimiter()
        explicitUN.sequenceDelimiter()
        for (name, bytes, tag) in [("implicit", implicit.out, Tag(0x0008_1030)), ("UN", explicitUN.out, .patientName)] {
            let f = try Part10Reader().read(bytes: bytes)
            XCTAssertEqual(f.dataset[tag]?.vr, .SQ, name)
            XCTAssertEqual(f.dataset[tag]?.items?.first?.string(Tag(0x0008_0100)), "CODE", name)
            XCTAssertEqual(try Part10Writer().encode(f), bytes, name)
            let (json, _) = RecordCodec.encode(Record(source: name, file: f))
            XCTAssertEqual(try Part10Writer().encode(RecordCodec.decode(json).file), bytes, name)
        }
    }

    /// What the reader accepts, the stream's JSON can carry: a file read from hostile
    /// bytes goes through `RecordCodec` and back to the same Part 10 bytes.
    func testAcceptedOddFilesSurviveTheRecordCodec() throws {
        var b = ByteBuilder()
        b.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        b.explicitHeader(0x0018_6011, "SQ", length: 0)
        b.item(length: 4); b.out += [0xDE, 0xAD, 0xBE, 0xEF]
        b.itemDelimiter()
        b.sequenceDelimiter()
        b.explicit(0x0028_0010, "US", ByteBuilder.us(4))
        let f = try Part10Reader().read(bytes: b.out)
        XCTAssertEqual(try Part10Writer().encode(f), b.out)
        let (json, _) = RecordCodec.encode(Record(source: "odd", file: f))
        XCTAssertEqual(try Part10Writer().encode(RecordCodec.decode(json).file), b.out)
    }
}
