import DICOMCore
import DICOMObject
import DICOMPart10
@testable import DICOMStream
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Large bulk frames left in the input (`nextChunkPart`) and moved on by the kernel: a stage
/// passing records through from pipe to pipe, to a file, or from a file writes the stream it
/// would have written by copying, and pending bytes read or skipped come out right.
final class StreamSpliceTests: XCTestCase {
    /// A feeder still writing when a test has read what it needs gets EPIPE, not a signal.
    override func setUp() { signal(SIGPIPE, SIG_IGN) }

    /// A record with a small value, a large one of several frames and an odd length, and one
    /// just above the size that may stay pending.
    func record(_ n: Int) -> Record {
        var ds = DataSet()
        ds.setString(.patientID, "SPLICE\(n)", vr: .LO)
        func pattern(_ count: Int, _ seed: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11 &+ seed) } }
        ds.insert(Element(tag: Tag(group: 0x0009, element: 0x0010), vr: .LO, bytes: Array("SPLICE TEST ".utf8)))
        ds.insert(Element(tag: Tag(group: 0x0009, element: 0x1001), vr: .OB, value: .bulk(BulkData(bytes: pattern(2000, n)))))
        ds.insert(
            Element(
                tag: Tag(group: 0x0009, element: 0x1002), vr: .OB,
                value: .bulk(BulkData(bytes: pattern(StreamReader.lazyBulkMin + 2, n + 1)))))
        ds.insert(Element(tag: .pixelData, vr: .OB, value: .bulk(BulkData(bytes: pattern(3 << 20 | 5, n + 2)))))
        return Record(source: "r\(n)", file: DICOMFile(dataset: ds, transferSyntax: .explicitVRLittleEndian))
    }

    /// The stream of three such records, as `StreamWriter` writes it.
    func stream() throws -> [UInt8] {
        let path = NSTemporaryDirectory() + "splice-\(UUID().uuidString)"
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd); unlink(path) }
        let w = StreamWriter(fd: fd)
        try w.start()
        for i in 0..<3 { try w.write(record(i)) }
        try w.finish()
        return try XCTUnwrap(FileManager.default.contents(atPath: path).map { Array($0) })
    }

    /// A pipe whose write end is fed `bytes` by a thread.
    func feedingPipe(_ bytes: [UInt8]) -> (fd: Int32, thread: Thread) {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let writeEnd = fds[1]
        let t = Thread {
            bytes.withUnsafeBytes { b in
                var pos = 0
                while pos < b.count {
                    let n = write(writeEnd, b.baseAddress! + pos, b.count - pos)
                    if n <= 0 { break }
                    pos += n
                }
            }
            close(writeEnd)
        }
        t.start()
        return (fds[0], t)
    }

    /// A pipe drained by a thread; `result()` waits for the writer to close and returns what came.
    final class DrainingPipe: @unchecked Sendable {
        let writeEnd: Int32
        private var data: [UInt8] = []
        private let done = DispatchSemaphore(value: 0)
        init() {
            var fds: [Int32] = [0, 0]
            precondition(pipe(&fds) == 0)
            writeEnd = fds[1]
            let readEnd = fds[0]
            Thread {
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let n = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress!, $0.count) }
                    if n <= 0 { break }
                    self.data += chunk[0..<n]
                }
                close(readEnd)
                self.done.signal()
            }.start()
        }
        func result() -> [UInt8] {
            close(writeEnd)
            done.wait()
            return data
        }
    }

    /// Passes every record of `input` to `output` as a stage that changes nothing does.
    func passThrough(_ input: Int32, _ output: Int32) throws {
        let reader = try StreamReader(fd: input)
        let writer = StreamWriter(fd: output)
        try writer.start()
        while let item = try reader.next() {
            guard case .record(let h) = item else { return XCTFail("unexpected error record") }
            try writer.write(try RecordCodec.decode(h), input: reader)
        }
        try writer.finish()
    }

    func tempFile(_ bytes: [UInt8]) -> Int32 {
        let path = NSTemporaryDirectory() + "splice-\(UUID().uuidString)"
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        unlink(path)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        lseek(fd, 0, SEEK_SET)
        return fd
    }

    func contents(_ fd: Int32) -> [UInt8] {
        lseek(fd, 0, SEEK_SET)
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { return out }
            out += chunk[0..<n]
        }
    }

    func testPipeToPipeGivesTheStreamItRead() throws {
        let original = try stream()
        let (input, feeder) = feedingPipe(original)
        let out = DrainingPipe()
        try passThrough(input, out.writeEnd)
        close(input)
        XCTAssertEqual(out.result(), original)
        _ = feeder
    }

    func testPipeToFileAndFileToPipeAndFileToFile() throws {
        let original = try stream()
        // Pipe to a regular file: splice into the file.
        let (input, _) = feedingPipe(original)
        let file = tempFile([])
        defer { close(file) }
        try passThrough(input, file)
        close(input)
        XCTAssertEqual(contents(file), original, "pipe to file")
        // A regular file to a pipe.
        let inFile = tempFile(original)
        defer { close(inFile) }
        let out = DrainingPipe()
        try passThrough(inFile, out.writeEnd)
        XCTAssertEqual(out.result(), original, "file to pipe")
        // File to file: the kernel refuses to splice, the bytes are copied.
        lseek(inFile, 0, SEEK_SET)
        let outFile = tempFile([])
        defer { close(outFile) }
        try passThrough(inFile, outFile)
        XCTAssertEqual(contents(outFile), original, "file to file")
    }

    /// A large frame comes back partly buffered, the rest pending; read, moved or skipped,
    /// the bytes are those written, and the next frame follows.
    func testPendingBytesReadMovedOrSkipped() throws {
        let original = try stream()
        let expected = record(0).file.dataset[.pixelData]!.bulk!
        let want = try expected.loadBytes()
        for mode in ["read", "move", "skip"] {
            let (input, _) = feedingPipe(original)
            defer { close(input) }
            let reader = try StreamReader(fd: input)
            guard case .record(let h) = try reader.next() else { return XCTFail("no record") }
            let r = try RecordCodec.decode(h)
            guard case .stream(let pixelID) = r.file.dataset[.pixelData]!.bulk!.storage else { return XCTFail("not a stream value") }
            var got: [UInt8] = []
            var sawPending = false
            let out = DrainingPipe()
            while let c = try reader.nextChunkPart() {
                guard c.id == pixelID else { continue }
                got += c.bytes
                if c.pending > 0 {
                    sawPending = true
                    XCTAssertEqual(reader.pending, c.pending)
                    switch mode {
                    case "read": try reader.readPending { got += $0 }
                    case "move": try reader.transferPending(to: out.writeEnd, count: c.pending)
                    default: break
                    }
                }
            }
            let moved = out.result()
            XCTAssertTrue(sawPending, "a 1 MiB frame read from a pipe leaves bytes pending")
            switch mode {
            case "read": XCTAssertEqual(got, want)
            case "move": XCTAssertEqual(got.count + moved.count, want.count)
            default: XCTAssertLessThan(got.count, want.count)
            }
            // The following records read whole after pending bytes were taken or skipped.
            var rest = 0
            while let item = try reader.next() {
                if case .record(let h2) = item {
                    _ = try RecordCodec.decode(h2)
                    rest += 1
                }
            }
            XCTAssertEqual(rest, 2, mode)
        }
    }

    /// Bulk values the writer wants out of order are buffered from pending bytes too.
    func testProviderBuffersPendingValuesOutOfOrder() throws {
        let original = try stream()
        let (input, _) = feedingPipe(original)
        defer { close(input) }
        let reader = try StreamReader(fd: input)
        guard case .record(let h) = try reader.next() else { return XCTFail("no record") }
        let r = try RecordCodec.decode(h)
        var provider = StreamBulkDataProvider(reader: reader)
        // The pixel data first, although the smaller values come before it in the stream.
        let order: [Tag] = [.pixelData, Tag(group: 0x0009, element: 0x1002), Tag(group: 0x0009, element: 0x1001)]
        let source = record(0)
        for tag in order {
            var got: [UInt8] = []
            try provider.copy(r.file.dataset[tag]!.bulk!, of: tag) { got += $0 }
            XCTAssertEqual(got, try source.file.dataset[tag]!.bulk!.loadBytes(), "\(tag)")
        }
    }

    /// A big-endian output swaps the words of bulk values that reach it in pieces of any size
    /// (a frame partly buffered, the rest read from the input): the file is the one written
    /// from memory.
    func testBigEndianOutputFromPiecesOfAnySize() throws {
        var oddPieces = 0
        for prefix in 1001...1004 {
            var ds = DataSet()
            ds.setString(.patientID, "BIG", vr: .LO)
            ds.insert(Element(tag: Tag(group: 0x0009, element: 0x0010), vr: .LO, bytes: Array("SPLICE TEST ".utf8)))
            ds.insert(Element(tag: Tag(group: 0x0009, element: 0x1001), vr: .OB, value: .bulk(BulkData(bytes: [UInt8](repeating: 7, count: prefix)))))
            let words = (0..<150_001).flatMap { i -> [UInt8] in [UInt8(truncatingIfNeeded: i), UInt8(truncatingIfNeeded: i >> 8)] }
            ds.insert(Element(tag: .pixelData, vr: .OW, value: .bulk(BulkData(bytes: words))))
            let file = DICOMFile(dataset: ds, transferSyntax: .explicitVRBigEndian)
            let expected = try Part10Writer().encode(file)
            let path = NSTemporaryDirectory() + "splice-\(UUID().uuidString)"
            let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
            let w = StreamWriter(fd: fd)
            try w.start(); try w.write(Record(source: "big", file: file)); try w.finish(); try w.flush()
            unlink(path)
            // Read from a file, the pieces are the same every time: the part of the frame read
            // ahead (its size moves with `prefix`), then the rest.
            lseek(fd, 0, SEEK_SET)
            defer { close(fd) }
            let reader = try StreamReader(fd: fd)
            guard case .record(let h) = try reader.next() else { return XCTFail("no record") }
            var provider = Pieces(inner: StreamBulkDataProvider(reader: reader))
            var got: [UInt8] = []
            try Part10Writer().write(try RecordCodec.decode(h).file, bulk: &provider) { got += $0 }
            XCTAssertEqual(got, expected, "prefix \(prefix)")
            oddPieces += provider.sizes.filter { $0 % 2 == 1 }.count
        }
        XCTAssertGreaterThan(oddPieces, 0, "some pieces of the OW value end inside a word")
    }

    /// Passes values on, noting the size of every piece of the pixel data.
    struct Pieces<P: BulkDataProvider>: BulkDataProvider {
        var inner: P
        var sizes: [Int] = []
        mutating func copy(_ bulk: BulkData, of tag: Tag, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
            var seen: [Int] = []
            try inner.copy(bulk, of: tag) {
                seen.append($0.count); try sink($0)
            }
            if tag == .pixelData { sizes += seen }
        }
    }
}
