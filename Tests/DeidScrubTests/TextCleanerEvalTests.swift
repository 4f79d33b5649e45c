import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import Foundation
import SharedTestSupport
import XCTest

@testable import DeidScrub

/// Runs the free-text cleaner alone over every text_removed / text_retained check of the dev
/// answer key (../shared/eval), with the instance's own header values as known PHI (what the
/// real pipeline would know, never the key's fragments), and judges each check the way the
/// MIDI-B scorer does (word level, stop words and punctuation ignored). Skips without
/// ../shared or the sqlite3 command.
final class TextCleanerEvalTests: XCTestCase {
    static var sharedDir: URL { Corpus.sharedDir }

    struct Check {
        var uid: String
        var tag: String
        var remove: Bool
        var value: String
        var answer: String
        var kind: String
    }

    /// Header values the scrub stage would hand on as known PHI, by kind.
    static let knownTags: [(UInt32, PHIKind)] = [
        (0x0010_0010, .name), (0x0008_0090, .name), (0x0008_1050, .name), (0x0008_1070, .name),
        (0x0008_1060, .name), (0x0008_1048, .name), (0x0032_1032, .name), (0x0010_1001, .name),
        (0x0010_1060, .name), (0x0010_0020, .id), (0x0010_1000, .id), (0x0008_0050, .id),
        (0x0020_0010, .id), (0x0010_0030, .date), (0x0008_0020, .date), (0x0008_0021, .date),
        (0x0008_0022, .date), (0x0008_0023, .date), (0x0008_0012, .date), (0x0010_1040, .address),
        (0x0008_0081, .address), (0x0010_2154, .phone), (0x0008_0080, .institution),
        (0x0008_1040, .institution)
    ]

    func loadChecks(_ db: URL) throws -> [Check] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "sqlite3", "-separator", "\u{1F}", "-newline", "\u{1E}", db.path,
            "select SOPInstanceUID, AnswerData from answer_data"
        ]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { throw XCTSkip("sqlite3 not available: eval test skipped") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw XCTSkip("sqlite3 failed: eval test skipped") }
        var checks: [Check] = []
        for row in String(decoding: data, as: UTF8.self).split(separator: "\u{1E}") {
            let cols = row.split(separator: "\u{1F}", maxSplits: 1).map(String.init)
            guard cols.count == 2, let obj = try JSONSerialization.jsonObject(with: Data(cols[1].utf8)) as? [String: Any] else { continue }
            for (_, v) in obj {
                guard let c = v as? [String: Any], let action = c["action"] as? String,
                    action == "<text_removed>" || action == "<text_retained>",
                    let value = c["value"] as? String, let answer = c["action_text"] as? String
                else { continue }
                checks.append(
                    Check(
                        uid: cols[0], tag: c["tag_name"] as? String ?? "", remove: action == "<text_removed>",
                        value: String(value.dropFirst().dropLast()), answer: answer,
                        kind: c["phi_kind"] as? String ?? ""))
            }
        }
        return checks
    }

    func loadKnown(_ input: URL) -> [String: KnownPHI] {
        var out: [String: KnownPHI] = [:]
        let files = FileManager.default.enumerator(at: input, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard let f = try? Part10Reader().read(contentsOf: url.path) else { continue }
            let ds = f.dataset
            let cs = ds.declaredCharacterSet ?? .defaultRepertoire
            guard let uid = ds.string(Tag(0x0008_0018), charset: cs) else { continue }
            var values: [PHIKind: [String]] = [:]
            for (t, kind) in Self.knownTags {
                for v in ds.strings(Tag(t), charset: cs) where !v.isEmpty { values[kind, default: []].append(v) }
            }
            out[uid] = KnownPHI(values: values)
        }
        return out
    }

    func testDevAnswerKeyTextChecks() throws {
        let eval = Self.sharedDir.appendingPathComponent("eval/dev")
        let db = eval.appendingPathComponent("answer_key.db")
        guard FileManager.default.fileExists(atPath: db.path) else {
            throw XCTSkip("../shared/eval not found (set DCM_SHARED): eval test skipped")
        }
        let checks = try loadChecks(db)
        let known = loadKnown(eval.appendingPathComponent("input"))
        XCTAssertGreaterThan(checks.count, 1000)
        XCTAssertGreaterThan(known.count, 200)
        let cleaner = TextCleaner()
        // Free text: checks whose value is only partly identifying, or that must be kept.
        // The rest (whole-value PHI, private tags) are cut by the profile, counted apart.
        var tally: [String: (pass: Int, all: Int)] = [:]
        var failures: [String: [String]] = [:]
        // Second pass without known PHI: what the built-in rules find on their own.
        for (pass, useKnown) in [("", true), ("no-known ", false)] {
            for c in checks {
                let k = useKnown ? known[c.uid] ?? .none : .none
                let out = cleaner.clean(c.value, knownPHI: k)
                let ok = MidiText.validate(fileValue: out, answer: c.answer, retain: !c.remove)
                let scope =
                    c.kind == "kb_private" || c.kind == "profile"
                    ? "private" : (c.value == "<\(c.answer)>" || c.value == String(c.answer.dropFirst().dropLast()) ? "whole" : "free")
                let key = "\(pass)\(c.remove ? "removed" : "retained")/\(scope)"
                tally[key, default: (0, 0)].all += 1
                if ok {
                    tally[key, default: (0, 0)].pass += 1
                } else {
                    failures[key, default: []].append("\(c.tag) [\(c.value)] -> [\(out)] want \(c.remove ? "gone" : "kept") \(c.answer)")
                }
            }
        }
        var report = "free-text cleaner on dev answer key:\n"
        for k in tally.keys.sorted() {
            let t = tally[k]!
            report += String(format: "  %-27@ %5d/%5d  %.2f%%\n", k as NSString, t.pass, t.all, 100 * Double(t.pass) / Double(max(t.all, 1)))
        }
        for (k, list) in failures.sorted(by: { $0.key < $1.key }) {
            report += "  failures \(k) (\(list.count)), first ones:\n"
            for f in Array(Set(list)).sorted().prefix(40) { report += "    \(f)\n" }
        }
        print(report)
        if let path = ProcessInfo.processInfo.environment["TEXT_EVAL_REPORT"] {
            try? report.write(toFile: path, atomically: true, encoding: .utf8)
        }
        func rate(_ k: String) -> Double { let t = tally[k] ?? (0, 0); return Double(t.pass) / Double(max(t.all, 1)) }
        XCTAssertGreaterThanOrEqual(rate("removed/free"), 0.97)
        XCTAssertGreaterThanOrEqual(rate("retained/free"), 0.97)
        XCTAssertGreaterThanOrEqual(rate("retained/whole"), 0.97)
        XCTAssertGreaterThanOrEqual(rate("removed/whole"), 0.90)
    }
}

/// The scorer's text comparison (../shared/eval/midilib.py `validate_text`), with its
/// tokenizer fallback: words joined by - . / ' count as one token.
enum MidiText {
    static let stopWords: Set<String> = Set(
        """
        i me my myself we our ours ourselves you you're you've you'll you'd your yours
        yourself yourselves he him his himself she she's her hers herself it it's its itself they them
        their theirs themselves what which who whom this that that'll these those am is are was were be
        been being have has had having do does did doing a an the and but if or because as until while
        of at by for with about against between into through during before after above below to from up
        down in out on off over under again further then once here there when where why how all any both
        each few more most other some such no nor not only own same so than too very s t can will just
        don don't should should've now d ll m o re ve y ain aren aren't couldn couldn't didn didn't
        doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't mustn mustn't
        needn needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn wouldn't
        i'd i'll i'm i've he'd he'll he's it'd it'll she'd she'll they'd they'll they're they've we'd
        we'll we're we've
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    static func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    static func tokenize(_ s: String) -> [String] {
        let chars = Array(s)
        var out: [String] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if isWord(c) {
                var j = i
                while j < chars.count {
                    while j < chars.count, isWord(chars[j]) { j += 1 }
                    if j + 1 < chars.count, "-./'".contains(chars[j]), isWord(chars[j + 1]) { j += 1 } else { break }
                }
                out.append(String(chars[i..<j]))
                i = j
            } else {
                out.append(String(c))
                i += 1
            }
        }
        return out
    }

    static func isNum(_ s: String) -> Bool {
        var t = s
        if let r = t.firstIndex(of: ".") { t.remove(at: r) }
        return !t.isEmpty && t.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func validate(fileValue: String, answer: String, retain: Bool) -> Bool {
        let fv = fileValue.replacingOccurrences(of: "<", with: "").replacingOccurrences(of: ">", with: "").lowercased()
        let av = answer.replacingOccurrences(of: "<", with: "").replacingOccurrences(of: ">", with: "").lowercased()
        if isNum(fv) && isNum(av) { return (Double(fv) == Double(av)) == retain }
        if av.isEmpty || fv.contains(av) { return retain }
        let toks = tokenize(av).filter { !stopWords.contains($0) && !($0.count == 1 && ($0.first!.isPunctuation || $0.first!.isSymbol)) }
        let kept = toks.filter { fv.contains($0) }.count
        return retain ? kept == toks.count : kept == 0
    }
}
