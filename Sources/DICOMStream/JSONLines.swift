#if canImport(Glibc)
import Glibc
#endif
import DICOMCore
import DICOMObject

/// `dcm-json --to-stream`: JSON lines (the output of `dcm-json`) back to a dcm-stream, so
/// that a stage written in Python or jq can work on JSON and hand its result on.
public enum JSONLines {
    public struct Counts: Sendable { public var records = 0; public var failed = 0 }

    /// Reads lines from the file descriptor `fd` until its end and writes one record (or error record) per
    /// non-blank line. A line is a `--record` header (has `dataset`), an `{"error":...}`
    /// line, or a plain data set (group 0002 elements, if any, become the file meta group).
    /// A line that cannot be read becomes an error record naming its line number; bulk data
    /// must be inline (`--record --inline-bulk`), as no bulk frames come with a line.
    /// `onFailure` hears of each line that became an error record here.
    public static func toStream(
        inputFD fd: Int32, output: StreamWriter, jsonHeader: Bool,
        onFailure: (ErrorRecord) -> Void = { _ in }
    ) throws -> Counts {
        // A stdio stream of its own on the descriptor (not the C `stdin` global): getline
        // gives lines of any length.
        guard let input = fdopen(dup(fd), "r") else {
            throw StreamError("cannot read the input: \(String(cString: strerror(errno)))")
        }
        defer { fclose(input) }
        output.headerForm = jsonHeader ? .json : .binary
        try output.start()
        var counts = Counts()
        var line: UnsafeMutablePointer<CChar>? = nil
        var cap = 0
        defer { free(line) }
        var number = 0
        while true {
            let n = getline(&line, &cap, input)
            if n < 0 {
                if ferror(input) != 0 { throw StreamError("read error on standard input: \(String(cString: strerror(errno)))") }
                break
            }
            number += 1
            let bytes = UnsafeRawBufferPointer(start: line, count: n)
            guard bytes.contains(where: { !isSpace($0) }) else { continue }
            let source = "line \(number)"
            do {
                let r = try record(bytes, source: source)
                switch r {
                case .error(let e): counts.failed += 1; try output.writeError(e)
                case .record(let rec): counts.records += 1; try output.write(rec)
                }
            } catch let e as StreamError {
                throw e
            } catch {
                counts.failed += 1
                let e = ErrorRecord(source: source, stage: "dcm-json", error: error)
                onFailure(e)
                try output.writeError(e)
            }
        }
        try output.finish()
        return counts
    }

    enum Line { case record(Record), error(ErrorRecord) }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    /// One line as a record.
    static func record(_ bytes: UnsafeRawBufferPointer, source: String) throws -> Line {
        let json = try JSONParser.parse(bytes)
        guard case .object(let members) = json else { throw ValueError("not a JSON object") }
        if let e = ErrorRecord(json: json) { return .error(e) }
        var r: Record
        if members.contains(where: { $0.0 == "dataset" }) {
            r = try RecordCodec.decode(json)
        } else {
            let meta = members.filter { $0.0.hasPrefix("0002") }
            let ts = meta.first { $0.0 == "00020010" }?.1["Value"]?.arrayValue?.first?.stringValue
            var top: [(String, JSON)] = [("source", .string(source))]
            if let ts { top.append(("transferSyntax", .string(ts))) }
            top.append(("meta", .object(meta)))
            top.append(("dataset", .object(members.filter { !$0.0.hasPrefix("0002") })))
            r = try RecordCodec.decode(.object(top))
        }
        // Its bytes are not in the line: the data set is deflated anew.
        if case .stream? = r.file.deflatedDataSet?.storage { r.file.deflatedDataSet = nil }
        if RecordCodec.maxStreamID(r.file.meta, r.file.dataset) >= 0 {
            throw ValueError(
                "a bulk value is a bulk:N reference, whose bytes are not in the line (write the lines with dcm-json --record --inline-bulk)")
        }
        return .record(r)
    }
}
