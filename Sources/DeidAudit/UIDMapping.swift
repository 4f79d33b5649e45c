#if canImport(Glibc)
import Glibc
#endif

/// Reading `uid_mapping.csv` (header `id_old,id_new`, as dcm-pseudo writes it) to pair
/// output files with their originals.
public enum UIDMapping {
    public struct ReadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// New-to-old pairs from the CSV text. Rows that do not have two fields are skipped;
    /// when one new UID appears twice the first row wins.
    public static func newToOld(csv text: String) -> [String: String] {
        var map: [String: String] = [:]
        for (i, line) in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                var f = Substring($0)
                while let c = f.first, c == " " || c == "\"" { f.removeFirst() }
                while let c = f.last, c == " " || c == "\"" || c == "\r" { f.removeLast() }
                return String(f)
            }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else { continue }
            if i == 0 && fields[0] == "id_old" { continue }
            if map[fields[1]] == nil { map[fields[1]] = fields[0] }
        }
        return map
    }

    /// Reads the file at `path`.
    public static func newToOld(path: String) throws -> [String: String] {
        guard let f = fopen(path, "r") else {
            throw ReadError(description: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            bytes.append(contentsOf: buf[0..<n])
        }
        return newToOld(csv: String(decoding: bytes, as: UTF8.self))
    }
}
