import Foundation

/// Why a profile's text rules were refused.
public enum TextRulesError: Error, CustomStringConvertible, Equatable {
    /// A pattern that is not a valid regular expression (its position in the list, from 0).
    case invalidPattern(index: Int, pattern: String)

    public var description: String {
        switch self {
        case let .invalidPattern(index, pattern): return "text rule pattern \(index + 1) is not a valid regular expression: \(pattern)"
        }
    }
}

/// A compiled user pattern. NSRegularExpression is immutable once built and documented as
/// safe to share between threads.
final class CompiledPattern: @unchecked Sendable {
    let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }
}

/// What the cleaner protects and what it cuts beyond its built-in rules.
public struct TextRules: Sendable {
    /// Words no name or cue rule may cut (built-in clinical vocabulary plus the profile's).
    let protected: TextWordSet
    /// The profile's words and phrases to cut wherever they appear.
    let extraWords: KnownPHI
    /// The profile's regular expressions.
    let patterns: [CompiledPattern]

    /// Built-in rules only.
    public static let `default` = TextRules(protected: TextLexicon.clinical, extraWords: .none, patterns: [])

    init(protected: TextWordSet, extraWords: KnownPHI, patterns: [CompiledPattern]) {
        self.protected = protected
        self.extraWords = extraWords
        self.patterns = patterns
    }

    /// Extra user rules from a profile file: regular expressions (cut what they match) and word lists.
    /// Patterns are matched case-insensitively; words and phrases at word boundaries, in any
    /// case; protected words are added to the clinical vocabulary that name rules never cut.
    public init(extraPatterns: [String], extraWords: [String], protectedWords: [String]) throws {
        var protected = TextLexicon.clinical
        for w in protectedWords {
            for part in w.split(whereSeparator: { $0 == " " || $0 == "\t" }) { protected.insert(String(part)) }
        }
        var compiled: [CompiledPattern] = []
        for (i, p) in extraPatterns.enumerated() {
            do {
                compiled.append(CompiledPattern(try NSRegularExpression(pattern: p, options: [.caseInsensitive])))
            } catch {
                throw TextRulesError.invalidPattern(index: i, pattern: p)
            }
        }
        self.init(
            protected: protected,
            extraWords: KnownPHI(extraWords: extraWords),
            patterns: compiled)
    }

    /// Cuts what the user patterns match.
    func cutPatterns(_ text: String, _ scan: inout TextScan) {
        guard !patterns.isEmpty else { return }
        let ns = NSRange(text.startIndex..<text.endIndex, in: text)
        for p in patterns {
            for m in p.regex.matches(in: text, options: [], range: ns) {
                guard m.range.length > 0, let r = Range(m.range, in: text) else { continue }
                let from = text.utf8.distance(from: text.startIndex, to: r.lowerBound)
                let to = text.utf8.distance(from: text.startIndex, to: r.upperBound)
                scan.cut(from, to, .extra)
            }
        }
    }
}
