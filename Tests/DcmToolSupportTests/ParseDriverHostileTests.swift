@testable import DcmToolSupport
import DICOMPart10
import DICOMStream
import Foundation
import XCTest

/// Hostile inputs through `ParseDriver`, as dcm-parse reads them: every one becomes a
/// skip (not DICOM) or an error record on the stream, never a crash, and the stream
/// stays readable after them.
final class ParseDriverHostileTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        var template = Array("/tmp/dcm-parse-hostile.XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw XCTSkip("cannot make a temporary directory")
        }
        dir = String(cString: template)
    }

    override func tearDownWithError() throws {
        if !dir.isEmpty { try? FileManager.default.removeItem(atPath: dir) }
    }

    // Little builders (explicit VR little endian), enough for these inputs.
    static func u16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func u32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) } }
    static func element(_ tag: UInt32, _ vr: String, _ value: [UInt8]) -> [UInt8] {
        let head = u16(UInt16(tag >> 16)) + u16(UInt16(tag & 0xFFFF)) + Array(vr.utf8)
        if ["OB", "OW", "SQ", "UN", "UT"].contains(vr) { return head + [0, 0] + u32(UInt32(value.count)) + value }
        return head + u16(UInt16(value.count)) + value
    }
    static func header(_ tag: UInt32, _ vr: String, length: UInt32) -> [UInt8] {
        u16(UInt16(tag >> 16)) + u16(UInt16(tag & 0xFFFF)) + Array(vr.utf8) + [0, 0] + u32(length)
    }
    static func structural(_ tag: UInt32, length: UInt32 = 0) -> [UInt8] {
        u16(UInt16(tag >> 16)) + u16(UInt16(tag & 0xFFFF)) + u32(length)
    }
    static let patientName = "DOE^SECRET"

    /// A valid small Part 10 file whose patient name must never show in a message.
    static func goodFile() -> [UInt8] {
        var meta = element(0x0002_0001, "OB", [0, 1])
        meta += element(0x0002_0010, "UI", Array("1.2.840.10008.1.2.1\0".utf8))
        var out = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)
        out += element(0x0002_0000, "UL", u32(UInt32(meta.count))) + meta
        out += element(0x0008_0018, "UI", Array("1.2.3.4\0".utf8))
        out += element(0x0010_0010, "PN", Array(patientName.utf8))
        out += element(0x7FE0_0010, "OW", [UInt8](repeating: 7, count: 64))
        return out
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> InputFile {
        let path = dir + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return InputFile(path: path, root: dir)
    }

    func testHostileInputsBecomeSkipsOrErrorRecords() throws {
        let good = Self.goodFile()
        var rng = SystemRandomNumberGenerator()
        let body = Array(good[0..<(good.count - 30)])  // cut inside the pixel data
        var deep = Array(good[0..<(good.count - 64 - 12)])
        for _ in 0..<10_000 {
            deep += Self.header(0x0040_A730, "SQ", length: 0xFFFF_FFFF) + Self.structural(0xFFFE_E000, length: 0xFFFF_FFFF)
        }
        var storm = Array(good[0..<(good.count - 64 - 12)])
        for _ in 0..<50_000 { storm += Self.structural(0xFFFE_E00D) }
        let neverEnds =
            Array(good[0..<(good.count - 64 - 12)]) + Self.header(0x0008_1115, "SQ", length: 0xFFFF_FFFF)
            + Self.structural(0xFFFE_E000, length: 0xFFFF_FFFF) + Self.element(0x0008_1150, "UI", Array("1.2\0".utf8))
        let hugeUN = Array(good[0..<(good.count - 64 - 12)]) + Self.header(0x0011_1010, "UN", length: 0xFFFF_FFF0) + [1, 2, 3, 4]

        let notDICOM: [(String, [UInt8])] = [
            ("empty", []),
            ("garbage", (0..<4096).map { _ in UInt8.random(in: 0x30...0xFF, using: &rng) }),
            ("zeros", [UInt8](repeating: 0, count: 4096)),
            ("text", Array("this is not a DICOM file\n".utf8))
        ]
        let broken: [(String, [UInt8])] = [
            ("truncated", body),
            ("deep", deep),
            ("storm", storm),
            ("never-ends", neverEnds),
            ("huge-un", hugeUN)
        ]
        let driver = ParseDriver()
        var items: [InputFile] = []
        for (name, bytes) in notDICOM {
            let f = try write(name, bytes)
            items.append(f)
            guard case .notDICOM(let why) = driver.parse(f) else { XCTFail("\(name): expected not DICOM"); continue }
            XCTAssertFalse(why.isEmpty)
        }
        for (name, bytes) in broken {
            let f = try write(name, bytes)
            items.append(f)
            guard case .failed(let e) = driver.parse(f) else { XCTFail("\(name): expected an error record"); continue }
            XCTAssertEqual(e.source, f.path)
            XCTAssertEqual(e.stage, "dcm-parse")
            XCTAssertFalse(e.message.isEmpty)
            XCTAssertFalse(e.message.contains("SECRET"), "\(name): a value in the message")
        }
        let goodInput = try write("good.dcm", good)
        items.append(goodInput)
        guard case .record(let r) = driver.parse(goodInput) else { return XCTFail("good file not read") }
        XCTAssertEqual(r.file.dataset.string(.sopInstanceUID), "1.2.3.4")

        // As dcm-parse does: records and error records on one stream, read back in order.
        var template = Array("/tmp/dcm-parse-stream.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        XCTAssertGreaterThanOrEqual(fd, 0)
        unlink(String(cString: template))
        defer { close(fd) }
        let w = StreamWriter(fd: fd)
        try w.start()
        for f in items {
            switch driver.parse(f) {
            case .record(let r): try w.write(r)
            case .failed(let e): try w.writeError(e)
            case .notDICOM, .directory: break
            }
        }
        try w.finish()
        lseek(fd, 0, SEEK_SET)
        let reader = try StreamReader(fd: fd)
        var seen: [String] = []
        while let item = try reader.next() {
            switch item {
            case .record(let h):
                let rec = try RecordCodec.decode(h)
                var back = rec
                try reader.loadBulk(into: &back)
                seen.append("record:" + (rec.source as NSString).lastPathComponent)
                XCTAssertEqual(try Part10Writer().encode(back.file), good)
            case .error(let e):
                seen.append("error:" + (e.source as NSString).lastPathComponent)
            }
        }
        XCTAssertEqual(seen, broken.map { "error:\($0.0)" } + ["record:good.dcm"])
    }
}
