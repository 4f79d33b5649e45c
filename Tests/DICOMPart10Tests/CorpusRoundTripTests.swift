import SharedTestSupport
import DICOMCore
import DICOMObject
import DICOMPart10
import Foundation
import XCTest

/// Corpus files that cannot be read at all, with the reason. Reading them must fail with
/// a `DICOMReadError`; every other file must be read.
let knownUnreadable: [String: String] = [
    "gh-fo-dicom__Tests__FO-DICOM.Tests__Test_Data__GH1339.dcm": "encapsulated pixel data truncated",
    "pydicom-data__emri_small_jpeg_2k_lossless_too_short.dcm": "encapsulated pixel data truncated",
    "pydicom__test_files__MR_truncated.dcm": "pixel data truncated",
    "pydicom__test_files__rtplan_truncated.dcm": "truncated",
    "gh-fo-dicom__Tests__FO-DICOM.Tests__Test_Data__GH179B.dcm":
        "after a VR of two spaces (read, as in GH179A), (2031,0028) has VR bytes 54 10 and a length past the end; "
        + "dcmdump fails there too",
    "gh-fo-dicom__Tests__FO-DICOM.Tests__Test_Data__GH626.dcm":
        "private sequence (2005,140F) declares 256 bytes but its item delimiter ends 4 bytes later, "
        + "so the next header is read mid-value; dcmdump fails there too",
    "pydicom__test_files__no_meta.dcm":
        "one stray byte (0x20) before a bare data set; guessing a data set at an odd offset would "
        + "also accept garbage, and dcmdump and pydicom do not read it either",
    "gh-orthanc-tests__Database__2026-05-06-Deeply-Nested-Sequence.dcm":
        "100,000 nested sequences: rejected as hostile beyond Part10Reader.Options.maxDepth (128)"
]

/// Corpus files that are read but not written back byte for byte, with the reason.
/// Every other readable file must round-trip exactly.
let knownInexact: [String: String] = [
    "gh-wearemothership__dicom-ts-issues__54-implicit-file-meta-info.dcm":
        "file meta group in implicit VR: the writer always writes it in explicit VR little "
        + "endian, as PS3.10 7.1 requires"
]

final class CorpusRoundTripTests: XCTestCase {
    func testEveryCorpusFileRoundTripsByteForByte() throws {
        let entries = try Corpus.catalog()
        var exact = 0, inexact: [String] = [], unreadable: [String] = []
        var unexpected: [String] = []
        var seen = Set<String>()
        var noteCounts: [String: Int] = [:]
        for e in entries {
            let name = (e.path as NSString).lastPathComponent
            seen.insert(name)
            guard let data = FileManager.default.contents(atPath: e.path) else {
                unexpected.append("\(name): listed in CATALOG.tsv but not readable from disk"); continue
            }
            let original = [UInt8](data)
            let file: DICOMFile
            do {
                file = try Part10Reader().read(contentsOf: e.path)
            } catch let error as DICOMReadError {
                if let why = knownUnreadable[name] {
                    unreadable.append("\(name): \(why) [\(error)]")
                } else {
                    unexpected.append("\(name): unexpectedly unreadable: \(error)")
                }
                continue
            } catch {
                unexpected.append("\(name): failed with a non-DICOMReadError: \(error)"); continue
            }
            if knownUnreadable[name] != nil { unexpected.append("\(name): listed as unreadable but was read") }
            for n in file.notes {
                noteCounts[String(n.map { $0.isNumber ? "N" : $0 }).replacingOccurrences(of: "NN", with: "N"), default: 0] += 1
            }
            let written: [UInt8]
            do { written = try Part10Writer().encode(file) } catch {
                unexpected.append("\(name): cannot be written: \(error)"); continue
            }
            if written == original {
                exact += 1
                if knownInexact[name] != nil { unexpected.append("\(name): listed as inexact but round-trips exactly") }
            } else if let why = knownInexact[name] {
                inexact.append("\(name): \(why) [first diff at \(firstDifference(written, original))]")
            } else {
                unexpected.append(
                    "\(name): differs [\(file.notes.joined(separator: "; "))] first diff at "
                        + firstDifference(written, original))
            }
        }
        for name in knownUnreadable.keys.sorted() + knownInexact.keys.sorted() where !seen.contains(name) {
            unexpected.append("\(name): listed but not in the corpus")
        }
        print(
            "round trip: \(exact) exact, \(inexact.count) known inexact, \(unreadable.count) known unreadable, "
                + "\(unexpected.count) unexpected, of \(entries.count)")
        for m in inexact { print("  inexact: \(m)") }
        for u in unreadable { print("  unreadable: \(u)") }
        for u in unexpected { print("  UNEXPECTED: \(u)") }
        for (n, c) in noteCounts.sorted(by: { $0.key < $1.key }) { print("  reader note on \(c) files: \(n)") }
        XCTAssertEqual(unexpected, [], "corpus files that changed status")
        XCTAssertEqual(exact + inexact.count + unreadable.count, entries.count)
    }
}

func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
    let n = min(a.count, b.count)
    for i in 0..<n where a[i] != b[i] { return "byte \(i) (sizes \(a.count) vs \(b.count))" }
    return "end (sizes \(a.count) vs \(b.count))"
}
