import DICOMCore
import DICOMObject
@testable import DICOMPart10
import DICOMStream
import Foundation
import XCTest

/// The reader and writer on fixtures built in code: values come out right, and what was
/// read is written back byte for byte, including the odd encodings seen in real files.
final class ReaderTests: XCTestCase {
    func read(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws -> DICOMFile {
        try Part10Reader().read(bytes: bytes)
    }

    func assertRoundTrip(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws {
        let f = try Part10Reader().read(bytes: bytes)
        let written = try Part10Writer().encode(f)
        XCTAssertEqual(
            written, bytes, "not written back exactly: first diff at \(firstDifference(written, bytes))",
            file: file, line: line)
    }

    func testExplicitLittleEndianFile() throws {
        let bytes = Fixture.explicitLittle().bytes
        let f = try read(bytes)
        XCTAssertTrue(f.isPart10)
        XCTAssertEqual(f.transferSyntax, .explicitVRLittleEndian)
        XCTAssertEqual(f.notes, [])
        XCTAssertEqual(f.dataset.string(.patientName), "DOE^JANE")
        XCTAssertEqual(f.dataset.string(.sopInstanceUID), Fixture.sopInstance)
        XCTAssertEqual(f.dataset.uint(Tag(0x0028_0010)), 2)
        let seq = try XCTUnwrap(f.dataset[Tag(0x0008_1115)])
        XCTAssertTrue(seq.undefinedLength)
        let item = try XCTUnwrap(seq.items?.first)
        XCTAssertTrue(item.undefinedLength)
        XCTAssertEqual(item[Tag(0x0008_114A)]?.items?.first?.string(Tag(0x0008_1155)), "1.2.3.4.5")
        XCTAssertEqual(f.dataset[Tag(0x0008_2218)]?.items?.first?.string(Tag(0x0008_0100)), "T-D3000")
        try assertRoundTrip(bytes)
    }

    func testBareImplicitDataSet() throws {
        let bytes = Fixture.implicitLittle().bytes
        let f = try read(bytes)
        XCTAssertFalse(f.hasPrefix)
        XCTAssertNil(f.preamble)
        XCTAssertEqual(f.transferSyntax, .implicitVRLittleEndian)
        XCTAssertEqual(f.dataset.string(.patientName), "ROE^RICHARD")
        XCTAssertEqual(f.dataset[Tag(0x0009_1001)]?.vr, .UN)
        XCTAssertEqual(f.dataset[Tag(0x0008_1140)]?.vr, .SQ)
        try assertRoundTrip(bytes)
    }

    /// PS3.5 6.2.2: a UN element of undefined length holds implicit VR little endian items,
    /// even in a big endian data set (fo-dicom GH177).
    func testUndefinedLengthUNInBigEndianIsLittleEndianInside() throws {
        let bytes = Fixture.explicitBig()
        let f = try read(bytes)
        XCTAssertTrue(f.transferSyntax.bigEndian)
        let seq = try XCTUnwrap(f.dataset[Tag(0x0008_2112)])
        XCTAssertEqual(seq.vr, .SQ)
        XCTAssertEqual(seq.wireVR, .UN)
        XCTAssertEqual(seq.items?.first?.string(Tag(0x0008_1155)), "1.2.3.4.5.6")
        XCTAssertEqual(f.dataset.string(.patientName), "DOE^JOHN")
        XCTAssertEqual(f.dataset.uint(Tag(0x0028_0010)), 512, "big endian numbers are kept little endian in memory")
        try assertRoundTrip(bytes)
    }

    /// Found by fuzzing: a group 0000 element reads the same in both byte orders, so it
    /// must not make the reader doubt a declared big endian syntax.
    func testBigEndianDataSetStartingWithGroupZero() throws {
        var b = ByteBuilder(bigEndian: true)
        b.out = Fixture.part10Head(transferSyntax: "1.2.840.10008.1.2.2")
        b.explicit(0x0000_0000, "UL", [0, 0, 0, 8])
        b.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        b.explicit(0x0028_0010, "US", ByteBuilder.usBE(300))
        let f = try read(b.out)
        XCTAssertTrue(f.transferSyntax.bigEndian)
        XCTAssertEqual(f.notes, [])
        XCTAssertEqual(f.dataset.uint(Tag(0x0028_0010)), 300)
        try assertRoundTrip(b.out)
    }

    /// Found by fuzzing: (0400,1100) reads as (0004,0011) in big endian. A declared syntax
    /// whose first headers make sense is kept; the bytes win only when they do not.
    func testDeclaredSyntaxIsKeptWhenItsHeadersMakeSense() throws {
        var b = ByteBuilder()
        b.out = Fixture.part10Head(transferSyntax: "1.2.840.10008.1.2.1")
        b.explicit(0x0400_1100, "UN", [1, 2, 3, 4])
        b.explicit(0x0400_1200, "UN", [5, 6, 7, 8])
        b.explicit(0x0400_1300, "UN", [9, 10, 11, 12])
        let f = try read(b.out)
        XCTAssertEqual(f.transferSyntax, .explicitVRLittleEndian)
        XCTAssertEqual(f.notes, [])
        XCTAssertEqual(f.dataset.elements.map(\.tag.rawValue), [0x0400_1100, 0x0400_1200, 0x0400_1300])
        try assertRoundTrip(b.out)

        // The same bytes declared big endian do not parse as such: little endian is taken.
        var wrong = ByteBuilder()
        wrong.out = Fixture.part10Head(transferSyntax: "1.2.840.10008.1.2.2")
        wrong.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        wrong.explicit(0x0028_0010, "US", ByteBuilder.us(16))
        let g = try read(wrong.out)
        XCTAssertFalse(g.transferSyntax.bigEndian)
        XCTAssertEqual(g.dataset.uint(Tag(0x0028_0010)), 16)
        try assertRoundTrip(wrong.out)
    }

    func testEncapsulatedPixelData() throws {
        let bytes = Fixture.encapsulated().bytes
        let f = try read(bytes)
        let px = try XCTUnwrap(f.dataset[.pixelData]?.bulk)
        XCTAssertTrue(px.encapsulated)
        XCTAssertEqual(px.length, 8 + 14 + 12 + 8)
        try assertRoundTrip(bytes)
    }

    func testDeflatedFileRoundTrips() throws {
        let bytes = try Fixture.deflated()
        let f = try read(bytes)
        XCTAssertTrue(f.transferSyntax.deflated)
        XCTAssertFalse(f.gzipTrailer)
        XCTAssertEqual(f.dataset.string(.patientName), "DOE^JANE")
        try assertRoundTrip(bytes)
    }

    /// Some writers leave a gzip trailer (CRC-32, length) after the deflate stream
    /// (pydicom's image_dfl.dcm): it is kept, and recomputed when the data set changes.
    func testGzipTrailerIsKeptAndRecomputed() throws {
        let bytes = try Fixture.deflated(gzipTrailer: true)
        var f = try read(bytes)
        XCTAssertTrue(f.gzipTrailer)
        XCTAssertTrue(f.notes.contains("gzip trailer after the deflated data set"))
        try assertRoundTrip(bytes)

        f.dataset.setString(.patientName, "ANON^CHANGED", vr: .PN)
        let changed = try Part10Writer().encode(f)
        let g = try read(changed)
        XCTAssertEqual(g.dataset.string(.patientName), "ANON^CHANGED")
        XCTAssertTrue(g.gzipTrailer, "the recomputed trailer must match the new data set")
    }

    func testBytesAfterTheDeflateStreamAreNoted() throws {
        let bytes = try Fixture.deflated() + [1, 2, 3]
        let f = try read(bytes)
        XCTAssertFalse(f.gzipTrailer)
        XCTAssertTrue(f.notes.contains("3 bytes after the deflated data set ignored"), "\(f.notes)")
    }

    /// An item header where an element belongs (a lost or zero-length SQ header before it,
    /// fo-dicom FreezePattern.dcm and GH364.dcm) is kept as an element with the item's bytes.
    func testItemOutsideASequenceIsKeptAsAnElement() throws {
        var b = ByteBuilder()
        b.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        b.explicitHeader(0x0018_6011, "SQ", length: 0)  // empty sequence ...
        b.item(length: 0)  // ... then a zero-length item
        b.explicit(0x0018_6012, "US", ByteBuilder.us(1))  // continues the data set
        b.item(length: 10)  // an item with a body
        b.explicit(0x0018_6014, "US", ByteBuilder.us(2))
        b.explicit(0x0028_0010, "US", ByteBuilder.us(64))
        let f = try read(b.out)
        let tags = f.dataset.elements.map(\.tag.rawValue)
        XCTAssertEqual(tags, [0x0008_0018, 0x0018_6011, 0xFFFE_E000, 0x0018_6012, 0xFFFE_E000, 0x0028_0010])
        XCTAssertEqual(f.dataset.elements[4].bytes?.count, 10)
        XCTAssertEqual(f.dataset.uint(Tag(0x0028_0010)), 64)
        XCTAssertTrue(f.notes.contains("2 item headers where a data element was expected, kept as elements"), "\(f.notes)")
        try assertRoundTrip(b.out)
    }

    func testItemOutsideASequenceRunningPastTheEndIsAnError() {
        var b = ByteBuilder()
        b.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        b.item(length: 100)
        b.out += [0, 0]
        XCTAssertThrowsError(try read(b.out)) { XCTAssertTrue($0 is DICOMReadError) }
    }

    /// A private UN value that looks like a sequence is read as one only when that reading
    /// is lossless; a sequence delimiter inside its defined length (fo-dicom GH064) keeps
    /// it as bytes, so it is written back exactly.
    func testUNSequenceIsReadOnlyWhenLossless() throws {
        var content = ByteBuilder()
        content.implicit(0x0009_1002, "VALUE")
        var items = ByteBuilder()
        items.item(length: UInt32(content.out.count))
        items.out += content.out

        var clean = ByteBuilder()
        clean.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        clean.explicit(0x0009_0010, "LO", "ACME 1.0")
        clean.explicit(0x0009_1001, "UN", items.out)
        let c = try read(clean.out)
        XCTAssertEqual(c.dataset[Tag(0x0009_1001)]?.vr, .SQ)
        XCTAssertEqual(c.dataset[Tag(0x0009_1001)]?.wireVR, .UN)
        try assertRoundTrip(clean.out)

        var odd = ByteBuilder()
        odd.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        odd.explicit(0x0009_0010, "LO", "ACME 1.0")
        var withDelimiter = ByteBuilder()
        withDelimiter.out = items.out
        withDelimiter.sequenceDelimiter()
        odd.explicit(0x0009_1001, "UN", withDelimiter.out)
        let o = try read(odd.out)
        XCTAssertEqual(o.dataset[Tag(0x0009_1001)]?.vr, .UN)
        XCTAssertEqual(o.dataset[Tag(0x0009_1001)]?.bytes, withDelimiter.out)
        try assertRoundTrip(odd.out)
    }

    /// A real SQ cannot stay bytes: the stray delimiter is dropped, and the file says so.
    func testStrayDelimiterInDefinedLengthSequenceIsNoted() throws {
        var content = ByteBuilder()
        content.explicit(0x0008_0100, "SH", "T-D3000")
        var b = ByteBuilder()
        b.explicitHeader(0x0008_2218, "SQ", length: UInt32(content.out.count + 16))
        b.item(length: UInt32(content.out.count))
        b.out += content.out
        b.sequenceDelimiter()
        b.explicit(0x0028_0010, "US", ByteBuilder.us(8))
        let f = try read(b.out)
        XCTAssertEqual(f.dataset[Tag(0x0008_2218)]?.items?.count, 1)
        XCTAssertEqual(f.dataset.uint(Tag(0x0028_0010)), 8)
        XCTAssertTrue(f.notes.contains("1 sequence delimiters inside defined-length sequences dropped"), "\(f.notes)")
    }

    /// The nesting limit: `maxDepth` levels are read, written back exactly and survive the
    /// stream's JSON (whose parser has its own depth limit); one more level is refused.
    func testNestingLimitIsConsistentWithTheStream() throws {
        let depth = Part10Reader.Options().maxDepth
        for defined in [false, true] {
            let ok = Fixture.nested(levels: depth, definedLength: defined)
            let f = try read(ok)
            var ds = f.dataset
            var levels = 0
            while let next = ds[Tag(0x0040_A730)]?.items?.first { ds = next; levels += 1 }
            XCTAssertEqual(levels, depth)
            XCTAssertEqual(ds.string(Tag(0x0040_A160)), "deep")
            try assertRoundTrip(ok)

            let (json, _) = RecordCodec.encode(Record(source: "nested", file: f))
            let back = try RecordCodec.decode(json)
            XCTAssertEqual(try Part10Writer().encode(back.file), ok, "deepest accepted file through the stream JSON")

            XCTAssertThrowsError(try read(Fixture.nested(levels: depth + 1, definedLength: defined))) { error in
                XCTAssertEqual((error as? DICOMReadError)?.kind, .tooDeep)
            }
        }
    }

    /// The deepest accepted nesting is read, written and put through the stream's JSON on
    /// a thread with a 1 MiB stack: an eighth of the usual 8 MiB, in a debug build.
    func testDeepestNestingFitsInASmallStack() throws {
        let bytes = Fixture.nested(levels: Part10Reader.Options().maxDepth)
        final class Outcome: @unchecked Sendable { var result: Result<[UInt8], Error>? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome.result = Result {
                let f = try Part10Reader().read(bytes: bytes)
                let (json, _) = RecordCodec.encode(Record(source: "deep", file: f))
                return try Part10Writer().encode(RecordCodec.decode(json).file)
            }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
        done.wait()
        XCTAssertEqual(try outcome.result?.get(), bytes)
    }

    func testZeroFilledInputIsNotDICOM() {
        for n in [8, 132, 4096] {
            XCTAssertThrowsError(try read([UInt8](repeating: 0, count: n))) { error in
                XCTAssertEqual((error as? DICOMReadError)?.kind, .notDICOM, "\(n) zero bytes")
            }
        }
    }

    func testGzipTrailerHelperMatchesRFC1952() {
        // CRC-32 of "123456789" is 0xCBF43926 (the standard check value).
        let t = Deflate.gzipTrailer(for: Array("123456789".utf8))
        XCTAssertEqual(t, [0x26, 0x39, 0xF4, 0xCB, 9, 0, 0, 0])
    }
}
