import DICOMCore
import DICOMObject
import DICOMPart10
@testable import DICOMStream
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The end-of-stream frame: a reader tells a finished stream from one whose writer stopped
/// between two records, and streams written one after another read as one.
final class StreamEndTests: XCTestCase {
    func record(_ id: String) -> Record {
        var ds = DataSet()
        ds.setString(.patientID, id, vr: .LO)
        return Record(source: id, file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian))
    }

    /// A temporary file holding what `write` wrote, rewound.
    func streamFile(_ write: (StreamWriter) throws -> Void) throws -> Int32 {
        var template = Array("/tmp/dcm-stream-end.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        unlink(String(cString: template))
        let w = StreamWriter(fd: fd)
        try write(w)
        try w.flush()
        lseek(fd, 0, SEEK_SET)
        return fd
    }

    func ids(_ fd: Int32) throws -> [String] {
        let reader = try StreamReader(fd: fd)
        var out: [String] = []
        while let item = try reader.next() {
            if case .record(let h) = item { out.append(try RecordCodec.decode(h).file.dataset.string(.patientID) ?? "") }
        }
        return out
    }

    func testAFinishedStreamReadsToItsEnd() throws {
        let fd = try streamFile { w in
            try w.start(); try w.write(record("A")); try w.write(record("B")); try w.finish()
        }
        defer { close(fd) }
        XCTAssertEqual(try ids(fd), ["A", "B"])
    }

    /// Cut at a record boundary (the writer died): the records read, then an error, never a
    /// clean end.
    func testAStreamCutBetweenRecordsIsAnError() throws {
        let fd = try streamFile { w in
            try w.start(); try w.write(record("A"))
        }
        defer { close(fd) }
        let reader = try StreamReader(fd: fd)
        guard case .record = try reader.next() else { return XCTFail("the first record is readable") }
        XCTAssertThrowsError(try reader.next()) { XCTAssertTrue("\($0)".contains("end-of-stream"), "\($0)") }
    }

    func testAnEmptyInputIsAnError() throws {
        let fd = try streamFile { _ in }
        defer { close(fd) }
        XCTAssertThrowsError(try StreamReader(fd: fd)) { XCTAssertTrue("\($0)".contains("empty"), "\($0)") }
    }

    func testStreamsWrittenOneAfterAnotherReadAsOne() throws {
        let fd = try streamFile { w in
            try w.start(); try w.write(record("A")); try w.finish()
            // A second writer on the same descriptor starts its own stream header.
            let second = StreamWriter(fd: w.fd)
            try second.start(); try second.write(record("B")); try second.finish()
        }
        defer { close(fd) }
        XCTAssertEqual(try ids(fd), ["A", "B"])
    }

    /// A stage passes the end on only when its input had one.
    func testAStageDoesNotEndAStreamItsInputDidNotEnd() throws {
        let inFD = try streamFile { w in
            try w.start(); try w.write(record("A"))
        }
        defer { close(inFD) }
        var template = Array("/tmp/dcm-stream-end-out.XXXXXX".utf8CString)
        let outFD = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        unlink(String(cString: template))
        defer { close(outFD) }
        let output = StreamWriter(fd: outFD)
        XCTAssertThrowsError(try StageRunner(stage: "t").run(input: StreamReader(fd: inFD), output: output) { _ in })
        try output.flush()
        lseek(outFD, 0, SEEK_SET)
        let reader = try StreamReader(fd: outFD)
        guard case .record = try reader.next() else { return XCTFail("the record went through") }
        XCTAssertThrowsError(try reader.next())
    }
}

extension StreamEndTests {
    /// Many empty streams one after another: read in a loop, not by recursion.
    func testManyConcatenatedStreamsDoNotExhaustTheStack() throws {
        let fd = try streamFile { w in
            for _ in 0..<200_000 { let s = StreamWriter(fd: w.fd); try s.start(); try s.finish() }
            let last = StreamWriter(fd: w.fd)
            try last.start(); try last.write(record("A")); try last.finish()
        }
        defer { close(fd) }
        XCTAssertEqual(try ids(fd), ["A"])
    }
}
