import DeidAudit
import DICOMCore
#if canImport(Glibc)
import Glibc
#endif

/// The report as static HTML: index.html (summary, leaks, links by study and series) and
/// one page per series (paged), with nothing loaded from outside the report directory.
public struct HTMLReport {
    public var result: ReviewResult
    public init(result: ReviewResult) { self.result = result }

    var options: ReviewOptions { result.options }

    /// HTML text with `& < > " '` escaped, for text and attribute values alike.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters would only confuse a reader of the page.
                if c.value < 0x20 && c != "\n" && c != "\t" { out += "\u{FFFD}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// A leaked value as the page shows it without --show-values: first character and length.
    public static func masked(_ value: String) -> String {
        guard let first = value.first else { return "(empty)" }
        return "\(first)\u{2026} (\(value.count) characters)"
    }

    /// File name of page `page` (0-based) of series `index`.
    public static func seriesPage(_ index: Int, _ page: Int) -> String {
        "series-" + pad(index + 1, 4) + (page == 0 ? "" : "-\(page + 1)") + ".html"
    }

    func pages(of s: SeriesEntry) -> Int { max(1, (s.files.count + options.pageSize - 1) / options.pageSize) }

    /// Every page: file name and text.
    public func pages() -> [(name: String, html: String)] {
        var out = [("index.html", index())]
        for (i, s) in result.series.enumerated() {
            for p in 0..<pages(of: s) { out.append((Self.seriesPage(i, p), seriesPage(i, p))) }
        }
        return out
    }

    /// Writes every page into the report directory; returns the bytes written.
    public func write() throws -> Int {
        var total = 0
        for (name, html) in pages() {
            let path = options.reportDir + "/" + name
            guard let f = fopen(path, "wb") else { throw ReviewError("cannot write \(path): \(String(cString: strerror(errno)))") }
            let bytes = Array(html.utf8)
            let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, f) }
            fclose(f)
            guard n == bytes.count else { throw ReviewError("cannot write \(path)") }
            total += n
        }
        return total
    }

    static let style = """
        body{font:14px/1.4 sans-serif;margin:1em 2em;color:#222}
        h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em;border-bottom:1px solid #ccc}
        table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
        th{background:#f0f0f0}td.n{text-align:right}.warn{background:#fff3cd;border:1px solid #e0b000;padding:.5em 1em}
        .pair{display:inline-block;margin:4px;padding:4px;border:1px solid #ddd;vertical-align:top;max-width:400px}
        .pair code,.small code,td code{word-break:break-all}
        .pair img{margin:2px;background:#000}.small{display:inline-block;margin:2px;text-align:center;font-size:11px}
        code{font-size:12px}.removed{color:#a00}.kept{color:#070}nav a{margin-right:.6em}
        """

    func head(_ title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
        <style>\(Self.style)</style></head><body>

        """
    }

    var warning: String {
        var parts: [String] = []
        if !options.noBefore && result.masked > 0 {
            parts.append(
                "The <b>before</b> thumbnails show the original pixels, burned-in identifying text included (re-run with --no-before to leave them out)."
            )
        }
        if options.showValues { parts.append("Header values and leaked values are shown (--show-values).") }
        parts.append("This report names original files by their paths: keep it with the originals, inside the hospital.")
        return "<p class=\"warn\"><b>Contains protected health information.</b> " + parts.joined(separator: " ") + "</p>\n"
    }

    func count(_ id: String, _ label: String, _ n: Int) -> String {
        "<tr><th>\(Self.escape(label))</th><td class=\"n\" data-count=\"\(Self.escape(id))\">\(n)</td></tr>\n"
    }

    /// The first page: summary, refusals, header actions, method, leaks, studies and series.
    public func index() -> String {
        var h = head("dcm-review")
        h += "<h1>De-identification review</h1>\n" + warning
        h += "<h2>Summary</h2>\n<table>\n"
        h += count("files-in", "original files read", result.originals)
        if result.originalsUnreadable > 0 { h += count("originals-unreadable", "original files unreadable", result.originalsUnreadable) }
        h += count("files-out", "output files", result.outputs)
        h += count("paired", "outputs paired with their original", result.paired)
        h += count("originals-without-output", "originals with no output", result.unpairedOriginals.count)
        if let w = result.writeSummary {
            h += count("write-records", "dcm-write: records in", w.records)
            h += count("write-written", "dcm-write: written", w.written)
            h += count("write-failed", "dcm-write: failed", w.failed)
        }
        for (cause, n) in result.refusalsByCause.sorted(by: { $0.key < $1.key }) {
            h += count("refused-" + slug(cause), "refused: " + cause, n)
        }
        h += count("images", "images (outputs with pixel data)", result.imagesWithPixels)
        h += count("masked", "images masked", result.masked)
        h += count("unchanged", "images read, left unchanged", result.unchanged)
        for (why, n) in result.notRead.sorted(by: { $0.key < $1.key }) {
            h += count("not-read-" + slug(why), "not read: " + why, n)
        }
        h += count("leaks", "leaks found (dcm-audit, header text)", result.leaks.count)
        h += "</table>\n"
        h += "<h2>Header changes, all files</h2>\n<table><tr><th>action</th><th>elements</th></tr>\n"
        for a in HeaderAction.allCases where a != .kept {
            h += "<tr><td>\(a.rawValue)</td><td class=\"n\" data-count=\"action-\(a.rawValue)\">\(result.actionTotals[a] ?? 0)</td></tr>\n"
        }
        h += "</table>\n"
        let methods = Set(result.series.flatMap(\.methods)).sorted(), codes = Set(result.series.flatMap(\.methodCodes)).sorted()
        h += "<h2>Profile and options in force</h2>\n"
        if methods.isEmpty && codes.isEmpty { h += "<p>No De-identification Method written.</p>\n" }
        for m in methods { h += "<p>De-identification Method (0012,0063): <code>\(Self.escape(m))</code></p>\n" }
        if !codes.isEmpty {
            h += "<p>De-identification Method Code Sequence (0012,0064):</p><ul>\n"
            for c in codes { h += "<li><code>\(Self.escape(c))</code></li>\n" }
            h += "</ul>\n"
        }
        if !result.refusals.isEmpty {
            h += "<h2>Refused (not written)</h2>\n<table><tr><th>input</th><th>stage</th><th>cause</th><th>message</th></tr>\n"
            for r in result.refusals.prefix(2000) {
                h +=
                    "<tr><td><code>\(Self.escape(r.source))</code></td><td>\(Self.escape(r.stage))</td><td>\(Self.escape(r.cause))</td><td>\(Self.escape(r.message))</td></tr>\n"
            }
            h += "</table>\n"
            if result.refusals.count > 2000 { h += "<p>and \(result.refusals.count - 2000) more (see the dcm-write report).</p>\n" }
        }
        if !result.unpairedOriginals.isEmpty {
            h += "<h2>Originals with no output</h2>\n<p>\(result.unpairedOriginals.count) file(s)"
            h += result.writeSummary == nil ? " (give dcm-write's report with --write-report to see why):" : ":"
            h += "</p><ul>\n"
            for p in result.unpairedOriginals.prefix(1000) { h += "<li><code>\(Self.escape(p))</code></li>\n" }
            if result.unpairedOriginals.count > 1000 { h += "<li>and \(result.unpairedOriginals.count - 1000) more</li>\n" }
            h += "</ul>\n"
        }
        h += leaks()
        h += "<h2>Studies and series</h2>\n"
        var studies: [String] = []
        for s in result.series where studies.last != s.study { studies.append(s.study) }
        h += "<p>\(studies.count) stud\(studies.count == 1 ? "y" : "ies"), \(result.series.count) series: "
        h += studies.indices.map { "<a href=\"#s\(pad($0 + 1, 4))\">\($0 + 1)</a>" }.joined(separator: " ") + "</p>\n"
        var study: String? = nil
        var n = 0
        for (i, s) in result.series.enumerated() {
            if s.study != study {
                if study != nil { h += "</table>\n" }
                study = s.study
                n += 1
                h += "<h3 id=\"s\(pad(n, 4))\">Study \(n) <code>\(Self.escape(s.study))</code></h3>\n"
                h +=
                    "<table><tr><th>series</th><th>modality</th><th>number</th><th>files</th><th>masked</th><th>unchanged</th><th>not read</th><th>leaks</th></tr>\n"
            }
            let masked = s.files.filter { $0.pixels == .masked }.count, unchanged = s.files.filter { $0.pixels == .unchanged }.count
            h += "<tr><td><a href=\"\(Self.seriesPage(i, 0))\"><code>\(Self.escape(s.series))</code></a></td><td>\(Self.escape(s.modality))</td>"
            h += "<td>\(Self.escape(s.seriesNumber))</td><td class=\"n\">\(s.files.count)</td><td class=\"n\">\(masked)</td>"
            h +=
                "<td class=\"n\">\(unchanged)</td><td class=\"n\">\(s.files.count - masked - unchanged)</td><td class=\"n\">\(s.files.reduce(0) { $0 + $1.leaks })</td></tr>\n"
        }
        if study != nil { h += "</table>\n" }
        h += "<p>Made by dcm-review in \(oneDecimal(result.seconds)) s.</p>\n</body></html>\n"
        return h
    }

    func leaks() -> String {
        var h = "<h2>Leaks</h2>\n"
        if result.leaks.isEmpty { return h + "<p data-count=\"leak-rows\">No original identifying value found in the output headers.</p>\n" }
        var where_: [String: String] = [:]
        for (i, s) in result.series.enumerated() {
            for (k, f) in s.files.enumerated() { where_[f.output] = Self.seriesPage(i, k / options.pageSize) + "#f" + pad(f.number, 6) }
        }
        h += "<table><tr><th>file</th><th>element</th><th>keyword</th><th>kind</th><th>from</th><th>value</th></tr>\n"
        for l in result.leaks.prefix(2000) {
            let file =
                where_[l.output].map { "<a href=\"\(Self.escape($0))\"><code>\(Self.escape(l.output))</code></a>" }
                ?? "<code>\(Self.escape(l.output))</code>"
            let value = options.showValues ? l.value : Self.masked(l.value)
            h +=
                "<tr><td>\(file)</td><td><code>\(Self.escape(l.path))</code></td><td>\(Self.escape(l.keyword))</td><td>\(Self.escape(l.kind.rawValue))</td><td>\(Self.escape(l.source))</td><td>\(Self.escape(value))</td></tr>\n"
        }
        h += "</table>\n"
        if result.leaks.count > 2000 { h += "<p>and \(result.leaks.count - 2000) more (dcm-audit lists them all).</p>\n" }
        return h
    }

    /// Page `page` of series `index`: header changes (on the first page), then images.
    public func seriesPage(_ index: Int, _ page: Int) -> String {
        let s = result.series[index]
        var h = head("series \(s.seriesNumber) \(s.modality)")
        h += "<nav><a href=\"index.html\">index</a>"
        let n = pages(of: s)
        if n > 1 { for p in 0..<n { h += p == page ? "<b>\(p + 1)</b> " : "<a href=\"\(Self.seriesPage(index, p))\">\(p + 1)</a>" } }
        h += "</nav>\n<h1>Series <code>\(Self.escape(s.series))</code></h1>\n"
        h +=
            "<p>Study <code>\(Self.escape(s.study))</code>, modality \(Self.escape(s.modality)), series number \(Self.escape(s.seriesNumber)), \(s.files.count) file(s).</p>\n"
        h += warning
        let files = Array(s.files.dropFirst(page * options.pageSize).prefix(options.pageSize))
        let masked = files.filter { $0.pixels == .masked }
        h += "<h2>Masked images (\(masked.count))</h2>\n"
        if !masked.isEmpty && options.noBefore {
            h += "<p>After only (--no-before); masked boxes outlined in red.</p>\n"
        } else if !masked.isEmpty {
            h += "<p>Before and after; masked boxes outlined in red.</p>\n"
        }
        for f in masked {
            h += "<div class=\"pair\" id=\"f\(pad(f.number, 6))\"><div>original <code>\(Self.escape(f.original ?? "-"))</code><br>"
            h += "output <code title=\"\(Self.escape(f.output))\">\(Self.escape(basename(f.output)))</code></div>"
            h += "<div>\(f.changedFrames.count) of \(f.frames) frame(s) changed, \(f.boxes) box(es)"
            if f.changedFrames.count > f.thumbs.count { h += "; first \(f.thumbs.count) shown" }
            h += leakNote(f) + "</div>"
            for t in f.thumbs {
                h += "<div>frame \(t.frame + 1)" + (t.before == nil ? ", after" : ": before, after") + "<br>"
                if let b = t.before { h += img(b, t, "before") }
                h += img(t.after, t, "after") + "</div>"
            }
            h += "</div>\n"
        }
        let unchanged = files.filter { $0.pixels == .unchanged }
        h += "<h2>Read, left unchanged (\(unchanged.count))</h2>\n"
        if !unchanged.isEmpty {
            h += "<p>Images the pixel stage reads by default whose pixels are byte for byte the original's: look for text it left.</p>\n"
        }
        for f in unchanged {
            h += "<div class=\"small\" id=\"f\(pad(f.number, 6))\">"
            if let t = f.thumbs.first { h += img(t.after, t, "unchanged") + "<br>" }
            h += "<code>\(Self.escape(basename(f.output)))</code>\(leakNote(f))</div>\n"
        }
        let other = files.filter { if case .notRead = $0.pixels { return true } else { return false } }
        h += "<h2>Not read (\(other.count))</h2>\n"
        if !other.isEmpty {
            h += "<table><tr><th>output</th><th>original</th><th>reason</th><th>header changes</th></tr>\n"
            for f in other {
                let why: String
                if case .notRead(let w) = f.pixels { why = w } else { why = "" }
                h +=
                    "<tr id=\"f\(pad(f.number, 6))\"><td><code>\(Self.escape(f.output))</code>\(leakNote(f))</td><td><code>\(Self.escape(f.original ?? "-"))</code></td><td>\(Self.escape(why))</td><td class=\"n\">\(f.changes)</td></tr>\n"
            }
            h += "</table>\n"
        }
        // Pixels first: the header of a series is the same story for every page of it.
        if page == 0 { h += header(s) }
        h += "</body></html>\n"
        return h
    }

    func leakNote(_ f: FileEntry) -> String {
        f.leaks == 0 ? "" : " <b class=\"removed\">\(f.leaks) leak(s)</b>"
    }

    func img(_ src: String, _ t: FrameThumbs, _ alt: String) -> String {
        "<img src=\"\(Self.escape(src))\" width=\"\(t.width)\" height=\"\(t.height)\" alt=\"\(alt)\" title=\"\(alt)\">"
    }

    func basename(_ p: String) -> String { p.split(separator: "/").last.map(String.init) ?? p }

    /// A series' header changes, private blocks, and method.
    func header(_ s: SeriesEntry) -> String {
        var h = "<h2>Header changes</h2>\n"
        if !s.methods.isEmpty || !s.methodCodes.isEmpty {
            h += "<p>Method: " + s.methods.sorted().map { "<code>\(Self.escape($0))</code>" }.joined(separator: ", ")
            if !s.methodCodes.isEmpty { h += "; codes: " + s.methodCodes.sorted().map { "<code>\(Self.escape($0))</code>" }.joined(separator: ", ") }
            h += "</p>\n"
        }
        let rows = s.sortedRows
        if rows.isEmpty {
            h += "<p>No attribute changed (or no output paired with its original).</p>\n"
        } else {
            h += "<table><tr><th>tag</th><th>keyword</th><th>action</th><th>files</th>"
            if options.showValues { h += "<th>before (first file)</th><th>after</th>" }
            h += "</tr>\n"
            for r in rows {
                h +=
                    "<tr><td><code>\(Self.escape(r.pattern))</code></td><td>\(Self.escape(r.keyword))</td><td>\(r.action.rawValue)</td><td class=\"n\">\(r.files)</td>"
                if options.showValues { h += "<td>\(Self.escape(r.before ?? ""))</td><td>\(Self.escape(r.after ?? ""))</td>" }
                h += "</tr>\n"
            }
            h += "</table>\n"
        }
        if !s.privateBlocks.isEmpty {
            h += "<h3>Private blocks</h3>\n<table><tr><th>group and creator</th><th>kept in</th><th>removed in</th></tr>\n"
            for (b, v) in s.privateBlocks.sorted(by: { $0.key < $1.key }) {
                h +=
                    "<tr><td><code>\(Self.escape(b.label))</code></td><td class=\"n kept\">\(v.kept)</td><td class=\"n removed\">\(v.removed)</td></tr>\n"
            }
            h += "</table>\n"
        }
        return h
    }
}

/// A review that cannot go on (unwritable report directory).
public struct ReviewError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

/// Lower-case letters and digits of `s`, other runs as one `-`: an id for a count.
func slug(_ s: String) -> String {
    var out = ""
    for c in s.lowercased() {
        if c.isASCII && (c.isLetter || c.isNumber) { out.append(c) } else if !out.hasSuffix("-") { out.append("-") }
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out
}

/// `x` with one decimal, truncated ("12.3").
func oneDecimal(_ x: Double) -> String { String(Double(Int(x * 10)) / 10) }
