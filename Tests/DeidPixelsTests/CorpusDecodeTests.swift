import CZlib
import DICOMCore
import DICOMObject
import DICOMPart10
import Foundation
import SharedTestSupport
import XCTest
@testable import DICOMPixels
@testable import DeidPixels

/// Every corpus image that a reference decoder (DCMTK or pydicom with its plugins) decodes
/// must decode here, sample for sample equal to it where the syntax is lossless.
/// The references are in Resources/reference-decodes.tsv (made by bench/decode-reference.py).
/// With DCM_DECODE_TABLE=FILE set, every image's result is written there for
/// bench/decode-table.sh, and large images are checked sample for sample too.
final class CorpusDecodeTests: XCTestCase {
    struct Reference {
        var path: String, ts: String, frames: Int, bitsStored: Int, photometric: String
        var pydicom: String, pydicomAll: String, pydicomC0: String
        var dcmtk: String, dcmtkAll: String, dcmtkC0: String
        var decodes: Bool { pydicom == "ok" || dcmtk == "ok" }
    }

    static func references() throws -> [Reference] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Resources/reference-decodes.tsv")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let f =
                line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                + Array(repeating: "", count: 12)
            return Reference(
                path: f[0], ts: f[1], frames: Int(f[2]) ?? 1, bitsStored: Int(f[3]) ?? 8, photometric: f[5],
                pydicom: f[6], pydicomAll: f[7], pydicomC0: f[8], dcmtk: f[9], dcmtkAll: f[10], dcmtkC0: f[11])
        }
    }

    /// Syntaxes whose every decoder must give the same samples.
    static let lossless: Set<String> = [
        "", "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2",
        "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.57",
        "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.90",
        "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202"
    ]

    /// What decoding one image here gave.
    struct Result { var status = "ok", all = "", c0 = "", luminanceOnly = false, warnings: [String] = [] }

    func testEveryImageAReferenceDecodesIsDecodedHere() throws {
        _ = try Corpus.catalog()
        let refs = try Self.references()
        XCTAssertGreaterThan(refs.filter(\.decodes).count, 300, "reference table looks truncated")
        let tableOut = ProcessInfo.processInfo.environment["DCM_DECODE_TABLE"]
        var table = "path\tts\tours\tours_all\tours_c0\tequal\n"
        var refused: [String] = [], unequal: [String] = []
        for ref in refs {
            let path = Corpus.corpusDir.appendingPathComponent(ref.path).path
            // Unit runs check large images for decoding only; the table run checks every sample.
            let r = Self.decode(path, digests: true)
            let equal: String
            if r.status != "ok" || !ref.decodes {
                equal = "-"
            } else if r.luminanceOnly {
                equal = [ref.pydicomC0, ref.dcmtkC0].contains(r.c0) ? "y" : (ref.photometric.hasPrefix("YBR") ? "n" : "-")
            } else {
                equal = [ref.pydicomAll, ref.dcmtkAll].contains(r.all) ? "y" : "n"
            }
            table += "\(ref.path)\t\(ref.ts)\t\(r.status)\t\(r.all)\t\(r.c0)\t\(equal)\n"
            if ref.decodes && r.status != "ok" { refused.append("\(ref.path): \(r.status)") }
            if equal == "n" && Self.lossless.contains(ref.ts) { unequal.append(ref.path) }
        }
        if let tableOut { try table.write(toFile: tableOut, atomically: true, encoding: .utf8) }
        XCTAssertEqual(refused, [], "images a reference decoder decodes and we refuse")
        XCTAssertEqual(unequal, [], "lossless images whose samples differ from the reference decoders'")
    }

    /// Decodes every frame of the file at `path` the way dcm-redact-pixels does.
    static func decode(_ path: String, digests: Bool) -> Result {
        var r = Result()
        do {
            let file = try Part10Reader().read(contentsOf: path)
            let ds = file.dataset
            guard let bulk = ds[.pixelData]?.bulk else { r.status = "no pixel data"; return r }
            let g = try ImageGeometry(ds)
            let encoding = PixelEncoding(file.transferSyntax, bitsAllocated: g.bitsAllocated)
            if case .unsupported(let n) = encoding { r.status = "refused: \(n) cannot be decoded here"; return r }
            let source = try FrameSource(data: try bulk.loadBytes(), encoding: encoding, geometry: g, dataset: ds)
            var all = CRC(), c0 = CRC()
            for f in 0..<g.frames {
                if source.encoding == .jpeg && !source.is12Bit(f) {
                    // 8-bit JPEG is read as luminance only (masking works on the coefficients).
                    var damage: String? = nil
                    let gray = try source.gray(f, damage: &damage)
                    if let damage { r.warnings.append("frame \(f): \(damage)") }
                    r.luminanceOnly = g.samplesPerPixel > 1
                    if digests { c0.add(gray.pixels.map { UInt32($0) }) }
                    continue
                }
                let fb = try source.frame(f)
                if digests { Self.add(fb, bitsStored: g.bitsStored, all: &all, c0: &c0) }
            }
            r.all = r.luminanceOnly ? "" : all.hex
            r.c0 = c0.hex
            if g.samplesPerPixel == 1 { r.all = c0.hex }
        } catch {
            r.status = "refused: \(error)".replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
        }
        return r
    }

    /// Adds `fb`'s samples, masked to Bits Stored, as little-endian 32-bit words.
    static func add(_ fb: FrameBuffer, bitsStored: Int, all: inout CRC, c0: inout CRC) {
        let mask: UInt32 = bitsStored >= 32 ? .max : (1 << UInt32(bitsStored)) - 1
        let n = fb.width * fb.height, spp = fb.samples, bps = fb.bytesPerSample
        var every = [UInt32](repeating: 0, count: n * spp)
        var first = [UInt32](repeating: 0, count: n)
        if fb.layout == .interleaved && bps <= 2 {
            // Straight from the bytes: the per-sample accessor is slow in debug builds.
            fb.bytes.withUnsafeBufferPointer { b in
                every.withUnsafeMutableBufferPointer { e in
                    for i in 0..<(n * spp) {
                        let raw = bps == 1 ? UInt32(b[i]) : UInt32(b[2 * i]) | UInt32(b[2 * i + 1]) << 8
                        e[i] = raw & mask
                    }
                }
            }
            every.withUnsafeBufferPointer { e in first.withUnsafeMutableBufferPointer { f in for i in 0..<n { f[i] = e[i * spp] } } }
        } else {
            var i = 0
            for y in 0..<fb.height {
                for x in 0..<fb.width {
                    for s in 0..<spp { every[i * spp + s] = UInt32(bitPattern: fb.value(x, y, s)) & mask }
                    first[i] = every[i * spp]
                    i += 1
                }
            }
        }
        all.add(every); c0.add(first)
    }

    struct CRC {
        var value = crc32(0, nil, 0)
        mutating func add(_ words: [UInt32]) {
            words.withUnsafeBytes { value = crc32(value, $0.bindMemory(to: UInt8.self).baseAddress, uInt($0.count)) }
        }
        var hex: String { let s = String(value, radix: 16); return String(repeating: "0", count: 8 - s.count) + s }
    }
}
