#if canImport(Glibc)
import Glibc
#endif
import DICOMCore
import DICOMPart10

/// An error in a profile file: the file, the line and the reason.
public struct ProfileError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    public var reason: String
    public var description: String { line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)" }
}

extension Profile {
    /// The largest profile file read (a profile is a page of text; this only stops a device
    /// or a wrong file named by mistake).
    public static let fileLimit = 16 << 20

    /// Loads a profile file (format in dcm-profile(5)).
    public static func load(fileAt path: String) throws -> Profile {
        let bytes: [UInt8]
        do { bytes = try SmallFile.read(path, limit: Profile.fileLimit) } catch let e as SmallFile.Failure {
            throw ProfileError(file: path, line: 0, reason: "cannot read the file: \(e.reason)")
        }
        var stem = Substring(path.split(separator: "/").last ?? "profile")
        if let dot = stem.lastIndex(of: "."), dot > stem.startIndex { stem = stem[..<dot] }
        return try parse(bytes, file: path, defaultName: String(stem))
    }

    /// Parses the text of a profile file; `file` names it in errors; `defaultName` is the
    /// profile's name when the file gives none (else the base's name).
    public static func parse(_ bytes: [UInt8], file: String = "profile", defaultName: String? = nil) throws -> Profile {
        let root: ProfileJSON
        do { root = try ProfileJSON.parse(bytes) } catch let e as ProfileJSON.SyntaxError {
            throw ProfileError(file: file, line: e.line, reason: e.message)
        }
        func err(_ line: Int, _ reason: String) -> ProfileError { ProfileError(file: file, line: line, reason: reason) }
        guard case .object(let members) = root.kind else { throw err(root.line, "a profile is a JSON object") }

        func string(_ v: ProfileJSON, _ what: String) throws -> String {
            guard case .string(let s) = v.kind else { throw err(v.line, "\(what) must be a string, not \(v.typeName)") }
            return s
        }

        // The base first: everything else changes it.
        var baseName = Profile.defaultName
        if let b = members.first(where: { $0.key == "base" }) {
            baseName = try string(b.value, "\"base\"")
        }
        guard let base = Profile.builtin(named: baseName) else {
            let line = members.first(where: { $0.key == "base" })?.value.line ?? root.line
            throw err(line, "unknown base profile \"\(baseName)\" (built in: \(Profile.builtinNames.joined(separator: ", ")))")
        }
        var p = base
        if let n = defaultName { p.name = n }
        var fullDatesLine = 0, modifiedDatesLine = 0

        for (key, keyLine, value) in members {
            switch key {
            case "base":
                continue
            case "name":
                let n = try string(value, "\"name\"")
                guard !n.isEmpty, n.utf8.count <= 40, n.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                    throw err(value.line, "\"name\" must be 1 to 40 letters, digits, '-', '_' or '.'")
                }
                p.name = n
            case "options":
                switch value.kind {
                case .object(let opts):
                    for (k, kl, v) in opts {
                        guard let o = DeidOption(name: k) else { throw err(kl, "unknown option \"\(k)\"") }
                        guard case .bool(let on) = v.kind else { throw err(v.line, "option \"\(k)\" must be true or false") }
                        if on { p.options.insert(o) } else { p.options.remove(o) }
                        if o == .retainLongitudinalFullDates { fullDatesLine = kl }
                        if o == .retainLongitudinalModifiedDates { modifiedDatesLine = kl }
                    }
                case .array(let list):
                    p.options = []
                    for v in list {
                        let k = try string(v, "an option")
                        guard let o = DeidOption(name: k) else { throw err(v.line, "unknown option \"\(k)\"") }
                        p.options.insert(o)
                        if o == .retainLongitudinalFullDates { fullDatesLine = v.line }
                        if o == .retainLongitudinalModifiedDates { modifiedDatesLine = v.line }
                    }
                default:
                    throw err(value.line, "\"options\" must be an object of option: true/false, or an array of option names")
                }
            case "tags":
                guard case .object(let tags) = value.kind else { throw err(value.line, "\"tags\" must be an object of tag: action") }
                for (k, kl, v) in tags {
                    guard let pattern = TagPattern(parsing: k) else {
                        throw err(kl, "\"\(k)\" is neither a tag such as (0010,0010) or 60xx3000 nor a PS3.6 keyword")
                    }
                    if pattern.mask == 0xFFFF_FFFF, Tag(pattern.value).isPrivate {
                        throw err(kl, "\(k) is private: give its rule under \"private\" with its creator")
                    }
                    let name = try string(v, "the action of \(k)")
                    guard let a = Action(name: name) else {
                        throw err(
                            v.line,
                            "unknown action \"\(name)\" for \(k) (one of: \(Action.allCases.map(\.rawValue).joined(separator: ", ")) or X Z D K C U)")
                    }
                    p.tagActions[pattern] = a
                }
            case "private":
                guard case .object(let rules) = value.kind else {
                    throw err(value.line, "\"private\" must be an object of \"(gggg,\\\"CREATOR\\\",ee)\": action")
                }
                for (k, kl, v) in rules {
                    guard var rule = parsePrivateKey(k) else {
                        throw err(
                            kl,
                            "\"\(k)\" is not a private element such as (0019,\"SIEMENS MR HEADER\",0b), a block (0019,\"SIEMENS MR HEADER\") or a group (0019); the group must be odd"
                        )
                    }
                    let name = try string(v, "the action of \(k)")
                    guard let d = PrivateDisposition(name: name) else {
                        throw err(
                            v.line,
                            "unknown private action \"\(name)\" for \(k) (one of: \(PrivateDisposition.allCases.map(\.rawValue).joined(separator: ", ")))"
                        )
                    }
                    rule.disposition = d
                    p.privateRules.append(rule)
                }
            case "text":
                guard case .object(let parts) = value.kind else { throw err(value.line, "\"text\" must be an object") }
                for (k, kl, v) in parts {
                    guard case .array(let list) = v.kind else { throw err(v.line, "\"\(k)\" must be an array of strings") }
                    var strings: [String] = []
                    for item in list { strings.append(try string(item, "an entry of \"\(k)\"")) }
                    switch k {
                    case "patterns":
                        for (item, s) in zip(list, strings) {
                            if let why = regexProblem(s) { throw err(item.line, "bad pattern \"\(s)\": \(why)") }
                        }
                        p.textRules.patterns += strings
                    case "words":
                        for (item, s) in zip(list, strings) where s.spaceTrimmed.isEmpty { throw err(item.line, "empty word") }
                        p.textRules.words += strings
                    case "keep":
                        p.textRules.keepWords += strings
                    default:
                        throw err(kl, "unknown key \"\(k)\" in \"text\" (patterns, words, keep)")
                    }
                }
            case "settings":
                guard case .object(let settings) = value.kind else { throw err(value.line, "\"settings\" must be an object") }
                for (k, kl, v) in settings {
                    let s = try string(v, "setting \"\(k)\"")
                    func bad(_ allowed: [String]) -> ProfileError {
                        err(v.line, "setting \"\(k)\" must be one of \(allowed.joined(separator: ", ")), not \"\(s)\"")
                    }
                    switch k {
                    case "combinedCodes":
                        guard let r = ProfileCode.Resolution(rawValue: s) else { throw bad(ProfileCode.Resolution.allCases.map(\.rawValue)) }
                        p.combinedCodes = r
                    case "unlisted":
                        // Removing every unlisted attribute would remove what every IOD needs.
                        guard let a = Action(name: s), a == .keep || a == .clean else { throw bad(["keep", "clean"]) }
                        p.unlisted = a
                    case "unknownPublic":
                        guard let a = Action(name: s), a == .keep || a == .remove || a == .clean else { throw bad(["keep", "clean", "remove"]) }
                        p.unknownPublic = a
                    case "unknownPrivate":
                        guard let d = PrivateDisposition(name: s), d == .keep || d == .remove || d == .clean else {
                            throw bad(["keep", "clean", "remove"])
                        }
                        p.unknownPrivate = d
                    case "numericDates":
                        guard let n = NumericDates(rawValue: s) else { throw bad(NumericDates.allCases.map(\.rawValue)) }
                        p.numericDates = n
                    case "privateSequences":
                        guard let v = PrivateSequences(rawValue: s) else { throw bad(PrivateSequences.allCases.map(\.rawValue)) }
                        p.privateSequences = v
                    default:
                        throw err(
                            kl, "unknown setting \"\(k)\" (combinedCodes, unlisted, unknownPublic, unknownPrivate, numericDates, privateSequences)")
                    }
                }
            default:
                throw err(keyLine, "unknown key \"\(key)\" (base, name, options, tags, private, text, settings)")
            }
        }
        if p.options.contains(.retainLongitudinalFullDates) && p.options.contains(.retainLongitudinalModifiedDates) {
            throw err(
                max(fullDatesLine, modifiedDatesLine, 1),
                "the Full Dates and Modified Dates options exclude each other (switch one off)")
        }
        return p
    }

    /// `(gggg,"CREATOR",ee)`, `(gggg,"CREATOR")` or `(gggg)` / `gggg`.
    static func parsePrivateKey(_ k: String) -> PrivateRule? {
        var s = Substring(k.spaceTrimmed)
        if s.first == "(" && s.last == ")" { s = s.dropFirst().dropLast() }
        guard s.count >= 4, let g = UInt16(s.prefix(4), radix: 16), g & 1 == 1, g > 8 else { return nil }
        var rest = s.dropFirst(4)
        if rest.isEmpty { return PrivateRule(group: g, creator: nil, element: nil, disposition: .remove) }
        guard rest.first == "," else { return nil }
        rest = rest.dropFirst()
        guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else { return nil }
        let creator = String(rest[rest.index(after: rest.startIndex)..<close])
        guard !creator.spaceTrimmed.isEmpty else { return nil }
        rest = rest[rest.index(after: close)...]
        if rest.isEmpty { return PrivateRule(group: g, creator: creator, element: nil, disposition: .remove) }
        guard rest.first == ",", rest.count == 3, let e = UInt8(rest.dropFirst(), radix: 16) else { return nil }
        return PrivateRule(group: g, creator: creator, element: e, disposition: .remove)
    }

    /// Why the free-text cleaner refuses `pattern`, or nil when it takes it.
    static func regexProblem(_ pattern: String) -> String? {
        do { _ = try TextRules(extraPatterns: [pattern], extraWords: [], protectedWords: []); return nil } catch {
            return "not a valid regular expression"
        }
    }
}
