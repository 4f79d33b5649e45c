import Foundation
import XCTest

/// Access to ../shared/corpus; tests that need it skip with a message when it is absent.
public enum Corpus {
    public static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    public static var sharedDir: URL {
        if let env = ProcessInfo.processInfo.environment["DCM_SHARED"] { return URL(fileURLWithPath: env) }
        return repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }
    public static var corpusDir: URL { sharedDir.appendingPathComponent("corpus") }

    public struct Entry { public var path: String; public var columns: [String: String] }

    /// Rows of CATALOG.tsv with absolute paths; throws XCTSkip when the corpus is absent.
    public static func catalog() throws -> [Entry] {
        let url = corpusDir.appendingPathComponent("CATALOG.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw XCTSkip("../shared/corpus not found (set DCM_SHARED): corpus tests skipped")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var cols: [String: String] = [:]
            for (i, h) in header.enumerated() where i < f.count { cols[h] = f[i] }
            return Entry(path: corpusDir.appendingPathComponent(cols["path"] ?? "").path, columns: cols)
        }
    }
}
