import DICOMCore
import DICOMObject
import DICOMPart10
@testable import DICOMStream
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A stage with a barrier before its output (dcm-pseudo's fsync of the mapping files) lets
/// records that are waiting leave together after one barrier, and never holds one back
/// while it waits for input.
final class StreamGatherTests: XCTestCase {
    /// A record with a value large enough (100 kB) to go out at once when not gathering.
    func record(_ n: Int) -> Record {
        var ds = DataSet()
        ds.setString(.patientID, "GATHER\(n)", vr: .LO)
        ds.insert(Element(tag: .pixelData, vr: .OB, value: .bulk(BulkData(bytes: [UInt8](repeating: UInt8(n), count: 100_000)))))
        return Record(source: "g\(n)", file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian))
    }

    /// Writes five records to a file with `gatherBytes`; the barrier calls and the stream.
    func write(gather: Int) throws -> (barriers: Int, bytes: [UInt8]) {
        let path = NSTemporaryDirectory() + "gather-\(UUID().uuidString)"
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd); unlink(path) }
        var barriers = 0
        do {
            let w = StreamWriter(fd: fd)
            w.gatherBytes = gather
            w.beforeFlush = { barriers += 1 }
            try w.start()
            for i in 0..<5 { try w.write(record(i)) }
            try w.finish()
        }
        return (barriers, try XCTUnwrap(FileManager.default.contents(atPath: path).map { Array($0) }))
    }

    func testGatheredRecordsShareOneBarrierAndTheStreamReadsTheSame() throws {
        let one = try write(gather: 0)
        let gathered = try write(gather: 4 << 20)
        // Without gathering each record's value goes out by itself (a barrier each), plus
        // the stream header and the end; gathered, the header and the end only.
        XCTAssertGreaterThanOrEqual(one.barriers, 6)
        XCTAssertEqual(gathered.barriers, 2)
        XCTAssertEqual(one.bytes, gathered.bytes)
    }

    /// The hook runs only before a read that would wait: here the writer of the pipe sends
    /// the next record from inside the hook, as a stage upstream would after a pause.
    func testTheReaderSaysWhenItWouldWait() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]) }
        let w = StreamWriter(fd: fds[1])
        try w.start()
        try w.write(record(0))
        let r = try StreamReader(fd: fds[0])
        var waits = 0
        r.beforeWaiting = {
            waits += 1
            if waits == 1 { try w.write(self.record(1)); try w.finish(); close(fds[1]) }
        }
        guard case .record = try r.next() else { return XCTFail("first record") }
        XCTAssertEqual(waits, 0, "the first record was there: no wait")
        guard case .record = try r.next() else { return XCTFail("second record") }
        XCTAssertEqual(waits, 1, "the second had not come yet")
        XCTAssertNil(try r.next())
    }
}
