import DICOMCore
import DICOMObject
@testable import DICOMPart10
@testable import DICOMStream
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A deflated data set that no stage changed is written with the deflated bytes it was read
/// from (not deflated again), also when another deflater made them; one that changed, or
/// whose bytes did not come through the stream, is deflated anew.
final class DeflateKeptTests: XCTestCase {
    /// A compressible explicit VR little endian data set.
    func datasetBytes() -> [UInt8] {
        var b = ByteBuilder()
        b.explicit(0x0008_0016, "UI", "1.2.840.10008.5.1.4.1.1.7")
        b.explicit(0x0008_0018, "UI", Fixture.sopInstance)
        b.explicit(0x0008_103E, "LO", "SERIES SERIES SERIES SERIES SERIES")
        b.explicit(0x0010_0010, "PN", "Deflate^Kept")
        b.explicit(0x0020_4000, "LT", String(repeating: "a comment that repeats itself, ", count: 40))
        b.explicit(0x0009_0010, "LO", "KEPT TEST")
        b.explicit(0x0009_1001, "OB", (0..<6000).map { UInt8(truncatingIfNeeded: $0 / 7 &* 3) })
        return b.out
    }

    /// A Part 10 file whose data set another deflater compressed (zlib at `level`).
    func foreignFile(level: Int32, gzipTrailer: Bool = false) throws -> [UInt8] {
        let ds = datasetBytes()
        var out = Fixture.part10Head(transferSyntax: "1.2.840.10008.1.2.1.99") + (try Deflate.deflate(ds, level: level))
        if gzipTrailer { out += Deflate.gzipTrailer(for: ds) }
        let usual = Fixture.part10Head(transferSyntax: "1.2.840.10008.1.2.1.99") + (try Deflate.deflate(ds))
        XCTAssertNotEqual(out, usual, "level \(level) must give other bytes than the default level")
        return out
    }

    /// `file` through a stream (binary or JSON headers) and back to Part 10 bytes, as
    /// dcm-parse | dcm-write do.
    func throughStream(_ file: DICOMFile, form: RecordHeader.Form) throws -> [UInt8] {
        let path = NSTemporaryDirectory() + "kept-\(UUID().uuidString)"
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd); unlink(path) }
        let w = StreamWriter(fd: fd)
        w.headerForm = form
        try w.start(); try w.write(Record(source: "in", file: file)); try w.finish(); try w.flush()
        lseek(fd, 0, SEEK_SET)
        let reader = try StreamReader(fd: fd)
        guard case .record(let h)? = try reader.next() else { XCTFail("no record"); return [] }
        let r = try RecordCodec.decode(h)
        XCTAssertNotNil(r.file.deflatedDataSet, "the deflated bytes travel with the record")
        var provider = StreamBulkDataProvider(reader: reader, record: r)
        var out: [UInt8] = []
        try Part10Writer().write(r.file, bulk: &provider) { out += $0 }
        return out
    }

    func testUntouchedDataSetKeepsItsDeflatedBytes() throws {
        // Fastest and stored (no compression): both differ from zlib's default level.
        for (level, trailer) in [(1, false), (0, false), (1, true)] as [(Int32, Bool)] {
            let bytes = try foreignFile(level: level, gzipTrailer: trailer)
            let file = try Part10Reader().read(bytes: bytes)
            XCTAssertEqual(
                file.deflatedDataSet?.length, bytes.count - Fixture.part10Head(transferSyntax: "1.2.840.10008.1.2.1.99").count - (trailer ? 8 : 0))
            XCTAssertEqual(try Part10Writer().encode(file), bytes, "read and written, level \(level)")
            XCTAssertEqual(try throughStream(file, form: .binary), bytes, "binary stream, level \(level)")
            XCTAssertEqual(try throughStream(file, form: .json), bytes, "JSON stream, level \(level)")
        }
    }

    func testChangedDataSetIsDeflatedAnew() throws {
        let bytes = try foreignFile(level: 1)
        var file = try Part10Reader().read(bytes: bytes)
        file.dataset.setString(.patientName, "Changed^Name", vr: .PN)
        for out in [try Part10Writer().encode(file), try throughStream(file, form: .binary)] {
            XCTAssertNotEqual(out, bytes)
            let back = try Part10Reader().read(bytes: out)
            XCTAssertEqual(back.dataset.string(.patientName), "Changed^Name")
            // The usual deflater's bytes, not the input's.
            var plain = file
            plain.deflatedDataSet = nil
            XCTAssertEqual(out, try Part10Writer().encode(plain))
        }
    }

    /// A stage that dropped the deflated bytes but kept the reference: the record is still
    /// written, deflated anew.
    func testMissingDeflatedBytesAreDeflatedAnew() throws {
        var file = try Part10Reader().read(bytes: try foreignFile(level: 1))
        var plain = file
        plain.deflatedDataSet = nil
        let expected = try Part10Writer().encode(plain)
        file.deflatedDataSet = BulkData(storage: .stream(id: 77), length: 1000)
        let (payload, bulk) = BinaryHeader.encode(Record(source: "in", file: file))
        let path = NSTemporaryDirectory() + "kept-\(UUID().uuidString)"
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd); unlink(path) }
        let w = StreamWriter(fd: fd)
        try w.start(); try w.writeHeader(RecordHeader(form: .binary, bytes: payload))
        // The data set's own bulk values come; the deflated bytes (id 77) do not.
        for (id, data) in bulk {
            if case .stream = data.storage { continue }
            try data.loadBytes().withUnsafeBytes { try w.writeChunk(id: id, $0) }
        }
        try w.endRecord(); try w.finish(); try w.flush()
        lseek(fd, 0, SEEK_SET)
        let reader = try StreamReader(fd: fd)
        guard case .record(let h)? = try reader.next() else { return XCTFail("no record") }
        let r = try RecordCodec.decode(h)
        guard case .stream(77)? = r.file.deflatedDataSet?.storage else { return XCTFail("the reference reads back") }
        var provider = StreamBulkDataProvider(reader: reader, record: r)
        var out: [UInt8] = []
        try Part10Writer().write(r.file, bulk: &provider) { out += $0 }
        XCTAssertEqual(out, expected)
    }
}
