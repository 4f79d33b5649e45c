import DcmToolSupport
/// The dicom3tools conformance checker, run on originals and outputs to find errors the
/// de-identification introduced (a removed Type 1 attribute, an emptied Type 2 sequence,
/// an invalid replacement value).
public struct Dciodvfy: Sendable {
    public let executable: String

    /// Finds `dciodvfy` in `$PATH`; nil when it is not installed.
    public init?() {
        guard let p = Subprocess.which("dciodvfy") else { return nil }
        executable = p
    }

    /// The error messages dciodvfy reports for a file, normalized (see `normalize`);
    /// nil when it could not run.
    public func errors(ofFile path: String) -> [String]? {
        let r = Subprocess.run([executable, path], mergeStderr: true)
        if case .notStarted = r.termination { return nil }
        if case .signaled = r.termination { return nil }
        return String(decoding: r.output, as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix("Error - ") }
            .map { normalize(String($0.dropFirst(8))) }
    }

    /// A message without what varies between files and may carry a value: sequence item
    /// numbers, quoted values (`= <...>`) and UIDs. So messages compare across an original
    /// and its output, and summaries print no identifying value.
    public static func normalize(_ message: String) -> String {
        var out = ""
        var chars = Array(message)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "[", let j = chars[i...].firstIndex(of: "]"), j > i + 1, chars[(i + 1)..<j].allSatisfy(\.isNumber) {
                i = j + 1; continue
            }
            if c == "<", out.hasSuffix("= "), let j = chars[i...].firstIndex(of: ">") {
                out += "<value>"; i = j + 1; continue
            }
            if c.isNumber, out.last.map({ !$0.isLetter && !$0.isNumber && $0 != "." }) ?? true {
                var j = i
                while j < chars.count, chars[j].isNumber || chars[j] == "." { j += 1 }
                if chars[i..<j].filter({ $0 == "." }).count >= 2 { out += "<uid>"; i = j; continue }
            }
            out.append(c); i += 1
        }
        chars = Array(out)
        return chars.count > 200 ? String(chars[0..<200]) + "..." : out
    }

    func normalize(_ m: String) -> String { Dciodvfy.normalize(m) }
}

/// Errors of outputs compared with those of their originals.
public struct VerifySummary: Sendable {
    /// Output files checked against their own original.
    public var pairs = 0
    /// Outputs whose original is unknown: compared with all originals' messages in bulk.
    public var unpaired = 0
    public var originalErrors = 0
    public var outputErrors = 0
    /// Outputs with at least one error their original did not have.
    public var filesWithNewErrors = 0
    /// New error messages (normalized) and how many outputs show each.
    public var newErrors: [String: Int] = [:]
    /// Files dciodvfy could not check.
    public var failures = 0

    public init() {}

    /// Adds an output checked against its original: every message the output has more
    /// often than the original is new.
    public mutating func add(original: [String], output: [String]) {
        pairs += 1
        originalErrors += original.count; outputErrors += output.count
        var remaining: [String: Int] = [:]
        for m in original { remaining[m, default: 0] += 1 }
        var new = Set<String>()
        for m in output {
            if let n = remaining[m], n > 0 { remaining[m] = n - 1 } else { new.insert(m) }
        }
        if !new.isEmpty { filesWithNewErrors += 1 }
        for m in new { newErrors[m, default: 0] += 1 }
    }

    /// Adds outputs and originals that could not be paired: messages are compared by how
    /// many files show each.
    public mutating func addUnpaired(originals: [[String]], outputs: [[String]]) {
        unpaired += outputs.count
        var inOriginals: [String: Int] = [:]
        for o in originals { originalErrors += o.count; for m in Set(o) { inOriginals[m, default: 0] += 1 } }
        var inOutputs: [String: Int] = [:]
        for o in outputs { outputErrors += o.count; for m in Set(o) { inOutputs[m, default: 0] += 1 } }
        for (m, n) in inOutputs where n > inOriginals[m, default: 0] {
            newErrors[m, default: 0] += n - inOriginals[m, default: 0]
        }
        filesWithNewErrors += outputs.filter { o in o.contains { inOutputs[$0, default: 0] > inOriginals[$0, default: 0] } }.count
    }
}
