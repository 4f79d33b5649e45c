import DICOMCore
import DICOMObject
import DICOMPart10
@testable import DICOMStream
import Foundation
import XCTest

/// A stage may load a record's bulk data into memory or pass it on from its input (a
/// gathering stage decides by timing): the record must leave with the same bytes either way.
final class LoadedBulkIDTests: XCTestCase {
    /// Each record of `input`, less its (5400,1010) value, written to a stream file:
    /// `loading` reads every bulk value into memory first, otherwise they pass through.
    static func stage(_ input: Int32, loading: Bool) throws -> [UInt8] {
        let reader = try StreamReader(fd: input)
        let out = StreamTrip.scratchFile()
        defer { close(out) }
        let writer = StreamWriter(fd: out)
        try writer.start()
        while let item = try reader.next() {
            guard case .record(let header) = item else { continue }
            var record = try RecordCodec.decode(header)
            if loading { try reader.loadBulk(into: &record) }
            // The value that had the first id goes, so the one left keeps a later id.
            record.file.dataset.remove(Tag(0x5400_1010))
            try writer.write(record, input: loading ? nil : reader)
        }
        try writer.finish()
        let size = Int(lseek(out, 0, SEEK_END))
        lseek(out, 0, SEEK_SET)
        var bytes = [UInt8](repeating: 0, count: size)
        XCTAssertEqual(bytes.withUnsafeMutableBytes { read(out, $0.baseAddress, size) }, size)
        return bytes
    }

    func testLoadedValuesKeepTheirIDs() throws {
        let records = (1..<12).map(BufferReuseTests.record)
        let passed = try LoadedBulkIDTests.stage(StreamTrip.streamFile(records), loading: false)
        let loaded = try LoadedBulkIDTests.stage(StreamTrip.streamFile(records), loading: true)
        XCTAssertGreaterThan(passed.count, 1000)
        let common = min(passed.count, loaded.count)
        let differ = (0..<common).first { passed[$0] != loaded[$0] } ?? (passed.count == loaded.count ? nil : common)
        XCTAssertNil(differ, "the streams differ from byte \(differ ?? 0) on")
        // The pixel data kept the id it had in the input (1: the removed value had 0).
        let frames = try BufferReuseTests.frames(StreamTrip.streamFile(records))
        XCTAssertEqual(Set(frames[0].bulk.keys), [0, 1])
        let back = try LoadedBulkIDTests.readIDs(passed)
        XCTAssertEqual(back.first, [1])
    }

    /// A value a stage makes anew gets the next id after those from the input.
    func testNewValuesFollowTheInputs() throws {
        var r = BufferReuseTests.record(3)
        var loaded = r
        loaded.file.dataset[Tag(0x7FE0_0010)]!.value = .bulk(BulkData(storage: .memory([1, 2, 3, 4], streamID: 5), length: 4))
        r.file.dataset[Tag(0x5400_1010)]!.value = .bulk(BulkData(bytes: [9, 9]))
        loaded.file.dataset[Tag(0x5400_1010)]!.value = .bulk(BulkData(bytes: [9, 9]))
        let ids = BinaryHeader.encode(loaded).bulk.map(\.id)
        XCTAssertEqual(ids, [6, 5])
        XCTAssertEqual(BinaryHeader.encode(r).bulk.map(\.id), [0, 1])
    }

    /// The bulk ids of each record of a stream held in `bytes`.
    static func readIDs(_ bytes: [UInt8]) throws -> [Set<Int>] {
        let fd = StreamTrip.scratchFile()
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, bytes.count) }
        lseek(fd, 0, SEEK_SET)
        return try BufferReuseTests.frames(fd).map { Set($0.bulk.keys) }
    }
}
