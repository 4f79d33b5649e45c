import SharedTestSupport
import XCTest
import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream
@testable import DICOMPixels
@testable import DeidPixels

/// Real images with burned-in text from ../shared/corpus (the catalog's burned_text and
/// burned_text_notes columns), through the redactor with its default settings.
final class CorpusBurnedTextTests: XCTestCase {
    /// A new engine each time: an engine is not thread safe, so none is shared (static).
    static var engine: OCREngine? { try? OCREngine() }

    func redactor() throws -> PixelRedactor {
        guard let e = Self.engine else { throw XCTSkip("Tesseract's eng model is not installed") }
        return PixelRedactor(options: RedactionOptions(), engine: e)
    }

    func rows(notes: String) throws -> [Corpus.Entry] {
        try Corpus.catalog().filter { $0.columns["burned_text"] == "yes" && ($0.columns["burned_text_notes"] ?? "").contains(notes) }
    }

    /// Everything a plain whole-frame OCR reads in frame 0, both polarities, doubled in
    /// size: letters and digits only, lower case, so "5/25/2011" is looked for as "5252011".
    func readable(_ r: Record) throws -> String {
        let g = try ImageGeometry(r.file.dataset)
        let bytes = try XCTUnwrap(r.file.dataset[.pixelData]?.bulk).loadBytes()
        let enc = PixelEncoding(r.file.transferSyntax, bitsAllocated: g.bitsAllocated)
        let gray = try FrameSource(data: bytes, encoding: enc, geometry: g, dataset: r.file.dataset).gray(0)
        var big = [UInt8](repeating: 0, count: gray.width * gray.height * 4)
        for y in 0..<(2 * gray.height) {
            for x in 0..<(2 * gray.width) {
                big[y * 2 * gray.width + x] = gray.pixels[(y / 2) * gray.width + x / 2]
            }
        }
        let doubled = GrayImage(width: 2 * gray.width, height: 2 * gray.height, pixels: big)
        let engine = try XCTUnwrap(Self.engine)
        let words = engine.words(in: doubled) + engine.words(in: doubled.inverted())
        return Self.squeeze(words.map(\.text).joined(separator: " "))
    }

    static func squeeze(_ s: String) -> String {
        String(s.lowercased().unicodeScalars.filter { ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) }.map(Character.init))
    }

    /// Images whose text is only clinical or technical keep their pixel data byte for byte.
    func testImagesWithoutIdentifyingTextAreLeftAlone() throws {
        let entries = try rows(notes: "no PHI") + rows(notes: "technical only") + rows(notes: "laterality")
        XCTAssertGreaterThanOrEqual(entries.count, 8)
        var changed: [String] = []
        for e in entries {
            guard let file = try? Part10Reader().read(contentsOf: e.path) else { continue }
            var record = Record(source: e.path, file: file)
            let before = try record.file.dataset[.pixelData]?.bulk?.loadBytes()
            let report = try redactor().redact(&record)
            let after = try record.file.dataset[.pixelData]?.bulk?.loadBytes()
            if report.boxesMasked > 0 || after != before || record.file.transferSyntax != file.transferSyntax {
                changed.append("\((e.path as NSString).lastPathComponent): \(report.boxesMasked) boxes")
            }
        }
        print("burned text without PHI: \(entries.count - changed.count) of \(entries.count) unchanged")
        // One tolerated: a logo or caption can read like a name; more means over-masking.
        XCTAssertLessThanOrEqual(changed.count, 1, "\(changed)")
    }

    /// Banners with names, IDs, dates and institutions: what a whole-frame OCR reads of
    /// them before redaction, it no longer reads after.
    func testIdentifyingBannersAreMasked() throws {
        let cases: [(notes: String, secrets: [String])] = [
            ("ZZZ TEST PATIENT", ["00079241539", "08/29/1951"]),
            ("Philips US banner", ["5/25/2011"]),
            ("mindray banner", ["20-04-2023", "01/01/1988", "Belle"]),
            ("BERNARD: SOPHIE", ["BERNARD", "28 Mar 02"]),
            ("GE Voluson S8", ["2020/01/14", "Teszt"]),
            ("Univ of Michigan", ["18 Jul 08"]),
            ("Lastname, Firstname", ["08/24/24", "Lastname"]),
            ("WG04 VL1 endoscopy", ["11/18/94", "08/20/31"]),
            ("XMIT:A", ["30 JAN 94"])
        ]
        var checked = 0, leaked: [String] = [], files = 0
        for (notes, secrets) in cases {
            for e in try rows(notes: notes) {
                guard let file = try? Part10Reader().read(contentsOf: e.path) else { continue }
                var record = Record(source: e.path, file: file)
                let before = try readable(record)
                let visible = secrets.filter { before.contains(Self.squeeze($0)) }
                guard !visible.isEmpty else { continue }
                files += 1
                _ = try redactor().redact(&record)
                let after = try readable(record)
                for s in visible {
                    checked += 1
                    if after.contains(Self.squeeze(s)) { leaked.append("\((e.path as NSString).lastPathComponent): \(s)") }
                }
            }
        }
        print("identifying banner text: \(checked - leaked.count) of \(checked) strings masked in \(files) files")
        XCTAssertGreaterThanOrEqual(checked, 10, "too few strings readable before redaction to judge")
        XCTAssertEqual(leaked, [])
    }
}
