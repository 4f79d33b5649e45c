import SharedTestSupport
import DICOMCore
import DICOMObject
import DICOMPart10
@testable import DICOMStream
import Foundation
import XCTest

/// Passes files through the stream (JSON header + bulk frames) and back to Part 10.
enum StreamTrip {
    /// A new temporary file, already unlinked (gone when its descriptor is closed).
    static func scratchFile() -> Int32 {
        var template = Array("/tmp/dcm-stream-test.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        unlink(String(cString: template))
        return fd
    }

    /// Writes `records` to a temporary stream file and returns its descriptor, rewound.
    static func streamFile(_ records: [Record], errorsAfter: Set<Int> = []) throws -> Int32 {
        let fd = scratchFile()
        let w = StreamWriter(fd: fd)
        try w.start()
        for (i, r) in records.enumerated() {
            try w.write(r)
            if errorsAfter.contains(i) { try w.writeError(ErrorRecord(source: "e\(i)", stage: "earlier", message: "bad", cause: nil)) }
        }
        try w.finish()
        lseek(fd, 0, SEEK_SET)
        return fd
    }

    /// Reads every record of a stream back and writes each as Part 10 bytes.
    static func readBack(_ fd: Int32) throws -> [[UInt8]] {
        let reader = try StreamReader(fd: fd)
        var out: [[UInt8]] = []
        while let item = try reader.next() {
            guard case .record(let header) = item else { continue }
            let record = try RecordCodec.decode(header)
            var provider = StreamBulkDataProvider(reader: reader)
            var bytes: [UInt8] = []
            try Part10Writer().write(record.file, bulk: &provider) { bytes.append(contentsOf: $0) }
            out.append(bytes)
        }
        return out
    }
}

final class StreamRoundTripTests: XCTestCase {
    /// Every readable corpus file comes out of the stream as the Part 10 writer would write
    /// the file read directly: the JSON header and bulk frames lose nothing.
    func testCorpusThroughStreamIsLossless() throws {
        let entries = try Corpus.catalog()
        var checked = 0, differ: [String] = []
        for e in entries {
            guard let file = try? Part10Reader().read(contentsOf: e.path) else { continue }
            let direct = try Part10Writer().encode(file)
            let fd = try StreamTrip.streamFile([Record(source: e.path, file: file)])
            defer { close(fd) }
            let back = try StreamTrip.readBack(fd)
            checked += 1
            if back.first != direct { differ.append((e.path as NSString).lastPathComponent) }
        }
        print("stream round trip: \(checked - differ.count) of \(checked) identical")
        XCTAssertGreaterThan(checked, 490)
        XCTAssertEqual(differ, [], "files altered by the stream")
    }

    /// Bulk values travel as frames in chunks, never inside the JSON header.
    func testBulkDataIsNotInTheHeader() throws {
        var ds = DataSet()
        ds.setString(.sopInstanceUID, "1.2.3", vr: .UI)
        let pixels = [UInt8]((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        ds.insert(Element(tag: .pixelData, vr: .OW, value: .bulk(BulkData(bytes: pixels))))
        let file = DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian)
        let (json, bulk) = RecordCodec.encode(Record(source: "mem", file: file))
        XCTAssertLessThan(json.count, 1000)
        XCTAssertEqual(bulk.count, 1)
        let fd = try StreamTrip.streamFile([Record(source: "mem", file: file)])
        defer { close(fd) }
        let back = try StreamTrip.readBack(fd)
        XCTAssertEqual(back.first, try Part10Writer().encode(file))
    }

    /// Error records pass through a stage untouched and keep the stream going.
    func testStageRunnerPassesErrorsAndIsolatesFailures() throws {
        var good = DataSet(); good.setString(.patientID, "A", vr: .LO)
        var bad = DataSet(); bad.setString(.patientID, "B", vr: .LO)
        let records = [
            Record(source: "good", file: DICOMFile(dataset: good, transferSyntax: .explicitVRLittleEndian)),
            Record(source: "bad", file: DICOMFile(dataset: bad, transferSyntax: .explicitVRLittleEndian))
        ]
        let inFD = try StreamTrip.streamFile(records)
        defer { close(inFD) }
        // Prepend an error record by writing a second stream in front.
        var template = Array("/tmp/dcm-stage-test.XXXXXX".utf8CString)
        let outFD = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        unlink(String(cString: template))
        defer { close(outFD) }
        struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
        let counts = try StageRunner(stage: "test").run(input: StreamReader(fd: inFD), output: StreamWriter(fd: outFD)) { r in
            if r.source == "bad" { throw Boom() }
            r.file.dataset.setString(.patientID, "CHANGED", vr: .LO)
        }
        XCTAssertEqual(counts.records, 2)
        XCTAssertEqual(counts.failed, 1)
        lseek(outFD, 0, SEEK_SET)
        let reader = try StreamReader(fd: outFD)
        var seen: [String] = []
        while let item = try reader.next() {
            switch item {
            case .record(let h): seen.append("record:" + (try RecordCodec.decode(h).file.dataset.string(.patientID) ?? ""))
            case .error(let e): seen.append("error:\(e.source):\(e.stage):\(e.message)")
            }
        }
        XCTAssertEqual(seen, ["record:CHANGED", "error:bad:test:boom"])
    }

    /// Records transformed on several workers come out exactly as with one: same order,
    /// same bytes, failures and error records of earlier stages in their place, streamed
    /// and held records interleaved.
    func testParallelStageRunnerKeepsOrderAndBytes() throws {
        var records: [Record] = []
        for i in 0..<23 {
            var ds = DataSet()
            ds.setString(.patientID, "P\(i)", vr: .LO)
            // Every third record has a bulk value (so it is held for a worker), others stream.
            if i % 3 != 1 {
                let px = (0..<(3000 + i * 97)).map { UInt8(truncatingIfNeeded: $0 &* (i + 1)) }
                ds.insert(Element(tag: .pixelData, vr: .OB, value: .bulk(BulkData(bytes: px))))
            }
            records.append(Record(source: "r\(i)", file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian)))
        }
        struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
        func output(workers: Int) throws -> [UInt8] {
            let inFD = try StreamTrip.streamFile(records, errorsAfter: [0, 4, 5, 22])
            defer { close(inFD) }
            var template = Array("/tmp/dcm-stage-par.XXXXXX".utf8CString)
            let outFD = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            unlink(String(cString: template))
            defer { close(outFD) }
            let counts = try StageRunner(stage: "t").run(
                input: StreamReader(fd: inFD), output: StreamWriter(fd: outFD),
                needsBulk: { $0.file.dataset[.pixelData] != nil },
                workers: workers
            ) { r, _ in
                if r.source.hasSuffix("7") { throw Boom() }
                // Work whose length varies, so workers finish out of order.
                var sum = 0
                for _ in 0..<((r.source.count * 7919) % 5 * 20_000) { sum &+= 1 }
                r.file.dataset.setString(.patientID, "X\(sum % 2)" + (r.file.dataset.string(.patientID) ?? ""), vr: .LO)
            }
            XCTAssertEqual(counts.records, 23)
            XCTAssertEqual(counts.failed, 2)
            XCTAssertEqual(counts.passedErrors, 4)
            let size = lseek(outFD, 0, SEEK_END)
            lseek(outFD, 0, SEEK_SET)
            var bytes = [UInt8](repeating: 0, count: Int(size))
            XCTAssertEqual(read(outFD, &bytes, bytes.count), bytes.count)
            return bytes
        }
        let one = try output(workers: 1)
        XCTAssertGreaterThan(one.count, 60_000)
        for w in [2, 3, 8] { XCTAssertEqual(try output(workers: w), one, "\(w) workers") }
    }
}
