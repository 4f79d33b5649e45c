import Foundation
import SharedTestSupport
import XCTest

/// dcm-parse moves the bulk data of a large (mapped) file to a pipe with splice(2), and copies
/// it when its output is a regular file: both give the same stream, and the file written
/// from it is the input, byte for byte.
final class SpliceTests: ToolTestCase {
    /// An Explicit VR Little Endian file with `pixels` bytes of OW pixel data (a pattern).
    func largeFile(pixels: Int) throws -> URL {
        func el(_ g: UInt16, _ e: UInt16, _ vr: String, _ value: [UInt8]) -> [UInt8] {
            var v = value
            if v.count % 2 == 1 { v.append(vr == "UI" ? 0 : 0x20) }
            var out: [UInt8] = [UInt8(g & 0xFF), UInt8(g >> 8), UInt8(e & 0xFF), UInt8(e >> 8)] + Array(vr.utf8)
            out += [UInt8(v.count & 0xFF), UInt8(v.count >> 8)]
            return out + v
        }
        let sop = Array("2.25.987654321".utf8)
        let metaBody =
            [0x02, 0x00, 0x01, 0x00] + Array("OB".utf8) + [0, 0, 2, 0, 0, 0, 0, 1]
            + el(2, 2, "UI", Array("1.2.840.10008.5.1.4.1.1.7".utf8)) + el(2, 3, "UI", sop)
            + el(2, 0x10, "UI", Array("1.2.840.10008.1.2.1".utf8))
        let n = UInt32(metaBody.count)
        let meta = [0x02, 0x00, 0x00, 0x00] + Array("UL".utf8) + [4, 0, UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), 0, 0] + metaBody
        let ds =
            el(8, 0x16, "UI", Array("1.2.840.10008.5.1.4.1.1.7".utf8)) + el(8, 0x18, "UI", sop)
            + el(0x10, 0x10, "PN", Array("Splice^Test".utf8)) + el(0x28, 0x10, "US", [0, 16]) + el(0x28, 0x11, "US", [0, 16])
        let len = UInt32(pixels)
        let pixelHeader: [UInt8] =
            [0xE0, 0x7F, 0x10, 0x00] + Array("OW".utf8)
            + [0, 0, UInt8(len & 0xFF), UInt8(len >> 8 & 0xFF), UInt8(len >> 16 & 0xFF), UInt8(len >> 24)]
        var data = Data([UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + meta + ds + pixelHeader)
        data.append(Data((0..<pixels).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 13) }))
        let url = dir.appendingPathComponent("large.dcm")
        try data.write(to: url)
        return url
    }

    func testLargeFileThroughPipeAndFileAlike() throws {
        let input = try largeFile(pixels: 34 << 20 | 6)  // above the 32 MiB mapping threshold
        let piped = try Tools.run("dcm-parse", ["-q", input.path])
        XCTAssertEqual(piped.status, 0, piped.stderr)
        // The same with standard output a regular file (no splice).
        let streamFile = dir.appendingPathComponent("stream")
        let sh = Process()
        sh.executableURL = URL(fileURLWithPath: "/bin/sh")
        sh.arguments = [
            "-c", "\"$0\" -q \"$1\" > \"$2\"",
            try Tools.require().appendingPathComponent("dcm-parse").path, input.path, streamFile.path
        ]
        try sh.run(); sh.waitUntilExit()
        XCTAssertEqual(sh.terminationStatus, 0)
        XCTAssertEqual(try Data(contentsOf: streamFile), piped.output, "spliced and copied streams differ")
        let out = dir.appendingPathComponent("out")
        let w = try Tools.run("dcm-write", ["-q", "--allow-incomplete", "-o", out.path], stdin: piped.output)
        XCTAssertEqual(w.status, 0, w.stderr)
        let written = FileManager.default.enumerator(atPath: out.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".dcm") } ?? []
        XCTAssertEqual(written.count, 1)
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent(written[0])), try Data(contentsOf: input))
    }
}
