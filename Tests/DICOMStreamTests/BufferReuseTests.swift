import DICOMCore
import DICOMObject
import DICOMPart10
@testable import DICOMStream
import Foundation
import XCTest

/// The stream writer encodes record headers into the buffer it keeps across records, and the
/// reader reads on from the start of its buffer once it is empty: neither may carry anything
/// of one record into the next.
final class BufferReuseTests: XCTestCase {
    /// A record whose header size and bulk values vary with `n` (small values, one larger
    /// than the reader's read-ahead, one large enough to be left pending in the input).
    static func record(_ n: Int) -> Record {
        var ds = DataSet()
        ds.insert(Element(tag: Tag(0x0008_0018), vr: .UI, bytes: Array("1.2.3.\(n)\0".utf8)))
        ds.insert(Element(tag: Tag(0x0010_0010), vr: .PN, bytes: Array("Name^\(n) ".utf8)))
        // Headers from a few bytes to some 300 KiB, so that some outgrow what came before.
        let text = [UInt8](repeating: UInt8(ascii: "a") + UInt8(n % 26), count: (n * 7919) % (300 << 10) + 2)
        ds.insert(Element(tag: Tag(0x0020_4000), vr: .LT, bytes: text))
        let big = (n % 3 == 0) ? (200 << 10) + n : n * 3 + 1
        ds.insert(
            Element(
                tag: Tag(0x7FE0_0010), vr: .OB,
                value: .bulk(BulkData(bytes: (0..<big).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ n) }))))
        ds.insert(Element(tag: Tag(0x5400_1010), vr: .OW, value: .bulk(BulkData(bytes: [UInt8(n & 0xFF), 1]))))
        let file = DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian)
        return Record(source: "r\(n)", file: file, extras: [("pipeline", .array([.object([("stage", .string("t"))])]))])
    }

    /// The frames of a stream: each record's header bytes and its bulk bytes by id.
    static func frames(_ fd: Int32) throws -> [(header: [UInt8], bulk: [Int: [UInt8]])] {
        let reader = try StreamReader(fd: fd)
        var out: [(header: [UInt8], bulk: [Int: [UInt8]])] = []
        while let item = try reader.next() {
            guard case .record(let h) = item else { continue }
            var bulk: [Int: [UInt8]] = [:]
            while let c = try reader.nextChunkPart() {
                bulk[c.id, default: []].append(contentsOf: c.bytes)
                try reader.readPending { bulk[c.id, default: []].append(contentsOf: $0) }
            }
            out.append((h.bytes, bulk))
        }
        return out
    }

    func testEachRecordIsWrittenAndReadAsWhenAlone() throws {
        let records = (0..<40).map(BufferReuseTests.record)
        let all = try BufferReuseTests.frames(StreamTrip.streamFile(records))
        XCTAssertEqual(all.count, records.count)
        for (i, r) in records.enumerated() {
            let alone = try BufferReuseTests.frames(StreamTrip.streamFile([r]))
            XCTAssertEqual(alone.count, 1)
            XCTAssertEqual(all[i].header, alone[0].header, "header of record \(i)")
            XCTAssertEqual(all[i].bulk, alone[0].bulk, "bulk of record \(i)")
            // What the buffer-encoded header holds is what `BinaryHeader.encode` gives.
            XCTAssertEqual(all[i].header, BinaryHeader.encode(r).payload, "record \(i)")
            let back = try RecordCodec.decode(RecordHeader(form: .binary, bytes: all[i].header))
            XCTAssertEqual(back.source, "r\(i)")
            XCTAssertEqual(back.file.dataset[Tag(0x0020_4000)]?.bytes, r.file.dataset[Tag(0x0020_4000)]?.bytes)
        }
    }

    /// The same through a pipe, where reads return what the writer has sent so far and the
    /// reader's buffer empties and starts over many times.
    func testRecordsThroughAPipeAreIntact() throws {
        let records = (0..<30).map { BufferReuseTests.record($0 * 5 + 1) }
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let readFD = fds[0], writeFD = fds[1]
        let writer = Thread {
            let w = StreamWriter(fd: writeFD)
            try? w.start()
            for r in records { try? w.write(r) }
            try? w.finish()
            close(writeFD)
        }
        writer.start()
        let got = try BufferReuseTests.frames(readFD)
        close(readFD)
        XCTAssertEqual(got.count, records.count)
        for (i, r) in records.enumerated() where i < got.count {
            XCTAssertEqual(got[i].header, BinaryHeader.encode(r).payload, "record \(i)")
            XCTAssertEqual(got[i].bulk, BinaryHeaderTests.expectedBulk(r), "bulk of record \(i)")
        }
    }
}

extension BinaryHeaderTests {
    /// The bulk bytes a record's frames carry, by the ids the encoder gives them.
    static func expectedBulk(_ r: Record) -> [Int: [UInt8]] {
        var out: [Int: [UInt8]] = [:]
        for (id, data) in BinaryHeader.encode(r).bulk {
            var bytes: [UInt8] = []
            try? data.forEachChunk(chunkSize: 1 << 20) { bytes.append(contentsOf: $0) }
            out[id] = bytes
        }
        return out
    }
}
