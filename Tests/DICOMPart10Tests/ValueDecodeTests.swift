import SharedTestSupport
import DICOMCore
import DICOMEncoding
import DICOMObject
import DICOMPart10
import Foundation
import XCTest

/// Decoded values checked against DCMTK's dcmdump on a sample of the corpus chosen to
/// cover every character set and transfer syntax in it: top-level tags, VRs, and the
/// text of string elements (in UTF-8, through each file's Specific Character Set).
final class ValueDecodeTests: XCTestCase {
    /// Values we decode differently from dcmdump, on purpose or owned elsewhere, with why.
    static let knownDifferences: [String: String] = [
        "gh-orthanc-tests__Database__Encodings__Lena-shift-jis.dcm (0010,0010)":
            "declares ISO_IR 13 (JIS X 0201) but holds Shift_JIS double-byte characters; dcmtk "
            + "and pydicom decode it as Shift_JIS, SpecificCharacterSet refuses it"
    ]

    /// One top-level element as dcmdump prints it.
    struct DumpElement { var tag: UInt32; var vr: String; var text: String? }

    static let dcmdumpPath: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/dcmdump"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }()

    /// Runs dcmdump; nil when it fails (e.g. +U8 with a character set its iconv lacks).
    static func dump(_ path: String, utf8: Bool) -> [DumpElement]? {
        guard let exe = dcmdumpPath else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["-q", "+L", "-Un"] + (utf8 ? ["+U8"] : []) + [path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return parse(String(decoding: data, as: UTF8.self))
    }

    /// Top-level lines of the data set section: `(gggg,eeee) VR value  # len, vm Keyword`.
    static func parse(_ text: String) -> [DumpElement] {
        var inDataSet = false
        var out: [DumpElement] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# Dicom-Data-Set") { inDataSet = true; continue }
            guard inDataSet, line.hasPrefix("("), line.count > 15 else { continue }
            let u = Array(line.utf8)
            guard u[5] == UInt8(ascii: ","), u[10] == UInt8(ascii: ")"),
                let g = UInt32(String(decoding: u[1..<5], as: UTF8.self), radix: 16),
                let e = UInt32(String(decoding: u[6..<10], as: UTF8.self), radix: 16)
            else { continue }
            var vr = String(decoding: u[12..<14], as: UTF8.self)
            if vr == "up" { vr = "UL" }  // dcmtk's name for UL offsets in DICOMDIRs
            var rest = Substring(String(decoding: u[15...], as: UTF8.self))
            // Drop the trailing "# length, vm Keyword" comment.
            if let hash = rest.range(of: " #", options: .backwards) { rest = rest[..<hash.lowerBound] }
            while rest.last == " " { rest.removeLast() }
            var value: String? = nil
            if rest.hasPrefix("["), rest.hasSuffix("]") {
                value = String(rest.dropFirst().dropLast())
            } else if rest.hasPrefix("(no value") {
                value = ""
            } else if vr == "US" || vr == "UL" || vr == "SS" || vr == "SL" {
                value = String(rest)
            }
            out.append(DumpElement(tag: g << 16 | e, vr: vr, text: value))
        }
        return out
    }

    /// Values split at backslashes with surrounding spaces removed, as both sides show them.
    static func normalized(_ s: String) -> String {
        s.split(separator: "\\", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \0")) }.joined(separator: "\\")
    }

    /// Every character set and every transfer syntax of the corpus, smallest file first.
    func sample() throws -> [Corpus.Entry] {
        let entries = try Corpus.catalog().filter {
            let name = ($0.path as NSString).lastPathComponent
            return knownUnreadable[name] == nil && (Int($0.columns["size"] ?? "") ?? .max) < 20_000_000
        }.sorted { (Int($0.columns["size"] ?? "") ?? 0) < (Int($1.columns["size"] ?? "") ?? 0) }
        // DCM_DCMDUMP_ALL=1 checks every readable file instead (slower; for reports).
        if ProcessInfo.processInfo.environment["DCM_DCMDUMP_ALL"] == "1" { return entries }
        var picked: [Corpus.Entry] = [], seen = Set<String>()
        for key in ["specific_character_set", "transfer_syntax"] {
            var covered = Set<String>()
            for e in entries where !seen.contains(e.path) {
                let v = e.columns[key] ?? ""
                if covered.insert(v).inserted { picked.append(e); seen.insert(e.path) }
            }
        }
        // Top up with files that have undefined-length sequences and private tags.
        for e in entries where picked.count < 60 && !seen.contains(e.path) && e.columns["has_undefined_length_SQ"] == "y" {
            picked.append(e); seen.insert(e.path)
        }
        return picked
    }

    func testDecodedValuesAgreeWithDcmdump() throws {
        guard Self.dcmdumpPath != nil else { throw XCTSkip("dcmdump (dcmtk) not installed") }
        let files = try sample()
        var tagFiles = 0, vrAgree = 0, vrTotal = 0, textAgree = 0, textTotal = 0, uncomparable = 0
        var keyAgree = 0, keyTotal = 0, utf8Files = 0
        var charsets = Set<String>(), syntaxes = Set<String>()
        var problems: [String] = [], vrDiffs: [String: Int] = [:], knownSeen: [String] = []
        let keyTags: [UInt32] = [0x0010_0010, 0x0008_1030, 0x0008_0018, 0x0028_0010, 0x0028_0011]
        for entry in files {
            let name = (entry.path as NSString).lastPathComponent
            // Tags and VRs from a plain dump (+U8 adds or rewrites (0008,0005)); text from a
            // UTF-8 dump when dcmdump can convert the file's character set.
            guard let plain = Self.dump(entry.path, utf8: false) else {
                problems.append("\(name): dcmdump cannot read it"); continue
            }
            let utf8 = Self.dump(entry.path, utf8: true)
            let converted = utf8 != nil
            if converted { utf8Files += 1 }
            charsets.insert(entry.columns["specific_character_set"] ?? "")
            syntaxes.insert(entry.columns["transfer_syntax"] ?? "")
            let file = try Part10Reader().read(contentsOf: entry.path)
            let ds = file.dataset
            let charset = ds.declaredCharacterSet ?? .defaultRepertoire
            let ours = ds.elements.filter { $0.tag.group != 0xFFFE }
            let theirs = plain.filter { $0.tag >> 16 != 0xFFFE }

            if ours.map(\.tag.rawValue) == theirs.map(\.tag) {
                tagFiles += 1
            } else {
                problems.append("\(name): top-level tags differ (\(ours.count) vs \(theirs.count))")
            }
            var byTag: [UInt32: DumpElement] = [:], textByTag: [UInt32: DumpElement] = [:]
            for d in theirs { byTag[d.tag] = d }
            for d in utf8 ?? plain where d.tag != 0x0008_0005 || !converted { textByTag[d.tag] = d }
            for e in ours {
                if let d = byTag[e.tag.rawValue] {
                    vrTotal += 1
                    // dcmtk shows encapsulated pixel data as OB whatever VR the file gives it.
                    let encapsulatedOB = d.vr == "OB" && e.bulk?.encapsulated == true
                    // dcmtk shows VR bytes that name no VR as "??" (we give such elements their dictionary VR).
                    let unnamed = d.vr == "??" && e.wireVRCode != 0
                    if d.vr == e.vr.rawValue || d.vr == e.wireVR?.rawValue || encapsulatedOB || unnamed {
                        vrAgree += 1
                    } else {
                        vrDiffs["\(e.vr.rawValue)\(e.wireVR.map { "/" + $0.rawValue } ?? "") vs \(d.vr)", default: 0] += 1
                        problems.append("\(name) \(e.tag): VR \(e.vr.rawValue) vs dcmdump's \(d.vr)")
                    }
                }
                guard let d = textByTag[e.tag.rawValue] else { continue }

                let isKey = keyTags.contains(e.tag.rawValue)
                var mine: String? = nil
                if e.vr == .US, let v = ds.uint(e.tag) {
                    mine = String(v)
                } else if e.vr.isString, ![.LT, .ST, .UT, .UR].contains(e.vr), let b = e.bytes {
                    // Without UTF-8 conversion dcmdump shows raw bytes: compare ASCII only.
                    if !converted && b.contains(where: { $0 >= 0x80 || $0 == 0x1B }) { uncomparable += 1; continue }
                    mine = TextValue.decodeValues(b, vr: e.vr, charset: charset)?.joined(separator: "\\")
                }
                guard let text = d.text, e.vr == .US || e.vr.isString, ![.LT, .ST, .UT, .UR].contains(e.vr) else { continue }
                if e.vr == .US && (e.bytes?.count ?? 0) != 2 { continue }  // multi-valued US: dcmdump joins them
                textTotal += 1; if isKey { keyTotal += 1 }
                let known = Self.knownDifferences["\(name) \(e.tag)"]
                if let mine, Self.normalized(mine) == Self.normalized(text) {
                    textAgree += 1; if isKey { keyAgree += 1 }
                    if known != nil { problems.append("\(name) \(e.tag): listed as a known difference but agrees") }
                } else if let known {
                    textTotal -= 1; if isKey { keyTotal -= 1 }
                    knownSeen.append("\(name) \(e.tag): \(known)")
                } else {
                    problems.append(
                        "\(name) \(e.tag) \(e.vr.rawValue): decoded value differs from dcmdump's"
                            + (mine == nil ? " (we could not decode it)" : ""))
                }
            }
        }
        print(
            "dcmdump agreement on \(files.count) files (\(charsets.count) character sets, \(syntaxes.count) transfer syntaxes, "
                + "\(utf8Files) converted to UTF-8 by dcmdump):")
        print("  top-level tag lists identical: \(tagFiles)/\(files.count) files")
        print("  VRs: \(vrAgree)/\(vrTotal) elements")
        for (k, n) in vrDiffs.sorted(by: { $0.value > $1.value }) { print("    VR ours vs dcmdump \(k): \(n)") }
        print("  string and US values: \(textAgree)/\(textTotal) (\(uncomparable) non-ASCII values not comparable where dcmdump could not convert)")
        print("  PatientName, StudyDescription, SOPInstanceUID, Rows, Columns: \(keyAgree)/\(keyTotal)")
        for k in knownSeen { print("  known difference: \(k)") }
        for p in problems { print("  differs: \(p)") }

        XCTAssertGreaterThanOrEqual(files.count, 40)
        XCTAssertEqual(problems, [], "differences from dcmdump")
        XCTAssertEqual(tagFiles, files.count, "top-level tags must match dcmdump")
        XCTAssertEqual(keyAgree, keyTotal, "key attributes must decode as dcmdump does")
        XCTAssertGreaterThan(keyTotal, 100)
        XCTAssertEqual(textAgree, textTotal, "string values must decode as dcmdump does")
        XCTAssertEqual(vrAgree, vrTotal, "VRs must agree")
    }
}
