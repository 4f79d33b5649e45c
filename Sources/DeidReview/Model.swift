import DeidAudit
import DeidPixels
import DICOMCore
import DICOMPixels

/// What the review found about the pixels of one output.
public enum PixelOutcome: Sendable, Equatable {
    /// Pixels differ from the original's: boxes were masked.
    case masked
    /// Same bytes as the original, in an image the pixel stage reads by default.
    case unchanged
    /// Not read by the pixel stage, or nothing to read; the reason in words.
    case notRead(String)

    public var label: String {
        switch self {
        case .masked: return "masked"
        case .unchanged: return "read, unchanged"
        case .notRead(let why): return "not read: " + why
        }
    }
}

/// One thumbnail pair (before may be absent with --no-before).
public struct FrameThumbs: Sendable, Equatable {
    public var frame: Int
    public var before: String?
    public var after: String
    public var width: Int
    public var height: Int
    public var boxes: [PixelRect]
}

/// One output file as the report shows it.
public struct FileEntry: Sendable {
    /// Position in the run (names its thumbnails).
    public var number: Int
    public var output: String
    public var original: String?
    public var pixels: PixelOutcome
    public var frames = 1
    public var changedFrames: [Int] = []
    public var boxes = 0
    public var thumbs: [FrameThumbs] = []
    /// Header changes of this file, other than kept.
    public var changes = 0
    public var leaks = 0
}

/// One row of a series' header table: an attribute path and what happened to it, in how many files.
public struct ActionRow: Sendable {
    public var pattern: String
    public var keyword: String
    public var action: HeaderAction
    public var files = 0
    /// First file's values (shown only with --show-values).
    public var before: String?
    public var after: String?
}

/// A series of the output, with its header changes added up.
public struct SeriesEntry: Sendable {
    public var study: String
    public var series: String
    public var modality: String
    public var seriesNumber: String
    public var files: [FileEntry] = []
    public var rows: [String: ActionRow] = [:]
    /// Private blocks of the originals: files in which they were kept / removed.
    public var privateBlocks: [PrivateBlock: (kept: Int, removed: Int)] = [:]
    /// De-identification Method (0012,0063) and the codes of (0012,0064), as written.
    public var methods: Set<String> = []
    public var methodCodes: Set<String> = []
    /// Patient Identity Removed (0012,0062) values seen.
    public var identityRemoved: Set<String> = []

    public init(study: String, series: String, modality: String, seriesNumber: String) {
        self.study = study; self.series = series; self.modality = modality; self.seriesNumber = seriesNumber
    }

    public mutating func add(_ changes: [AttributeChange]) {
        var seen = Set<String>()
        for c in changes where c.action != .kept {
            let key = c.pattern + "\u{0}" + c.action.rawValue
            if rows[key] == nil {
                rows[key] = ActionRow(pattern: c.pattern, keyword: c.keyword, action: c.action, before: c.before, after: c.after)
            }
            // A file counts once per row, however many items matched.
            if seen.insert(key).inserted { rows[key]!.files += 1 }
        }
    }

    /// Rows in tag order.
    public var sortedRows: [ActionRow] {
        rows.values.sorted { ($0.pattern, $0.action) < ($1.pattern, $1.action) }
    }
}

/// A refused or failed input, from dcm-write's --report.
public struct Refusal: Sendable, Equatable {
    public var source: String
    public var stage: String
    public var message: String
    public var cause: String
}

/// Everything the report shows.
public struct ReviewResult: Sendable {
    public var originals = 0
    public var originalsUnreadable = 0
    public var outputs = 0
    public var outputsUnreadable = 0
    public var paired = 0
    /// Originals no output was paired with.
    public var unpairedOriginals: [String] = []
    public var refusals: [Refusal] = []
    /// dcm-write's own summary line, when its report was given: records, written, failed.
    public var writeSummary: (records: Int, written: Int, failed: Int)?
    public var series: [SeriesEntry] = []
    public var actionTotals: [HeaderAction: Int] = [:]
    public var leaks: [Leak] = []
    public var problems: [String] = []
    public var options: ReviewOptions
    public var seconds = 0.0
    public var reportBytes = 0

    public init(options: ReviewOptions) { self.options = options }

    var allFiles: [FileEntry] { series.flatMap(\.files) }

    public var imagesWithPixels: Int {
        allFiles.filter { if case .notRead(let w) = $0.pixels { return w != PixelReason.noPixelData } else { return true } }.count
    }
    public var masked: Int { allFiles.filter { $0.pixels == .masked }.count }
    public var unchanged: Int { allFiles.filter { $0.pixels == .unchanged }.count }
    /// Not read, by reason (undecodable ones together).
    public var notRead: [String: Int] {
        var d: [String: Int] = [:]
        for f in allFiles {
            guard case .notRead(let w) = f.pixels else { continue }
            // Decoder messages differ file by file: one line for them all (the series page has each).
            d[w.hasPrefix("undecodable") ? "undecodable" : w, default: 0] += 1
        }
        return d
    }
    public var refusalsByCause: [String: Int] {
        var d: [String: Int] = [:]
        for r in refusals { d[r.cause, default: 0] += 1 }
        return d
    }
}

/// Reasons for images the pixel stage did not read, as the review infers them.
public enum PixelReason {
    public static let noPixelData = "no pixel data"
    public static let removed = "pixel data removed from the output"
}
