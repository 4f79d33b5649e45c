/// The small part of RFC 4180 the mapping files need: comma-separated fields, double
/// quotes around fields that hold a comma, quote or line break, CRLF or LF line ends.
public enum CSV {
    /// Parses `text` into rows of fields. Blank lines are skipped.
    public static func parse(_ bytes: [UInt8]) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false, wasQuoted = false
        var i = 0
        func endField() { row.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true); wasQuoted = false }
        func endRow() {
            endField()
            if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
            row.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let c = bytes[i]
            if quoted {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") { field.append(c); i += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else {
                switch c {
                case UInt8(ascii: "\""):
                    if field.isEmpty && !wasQuoted { quoted = true; wasQuoted = true } else { field.append(c) }
                case UInt8(ascii: ","): endField()
                case UInt8(ascii: "\n"): endRow()
                case UInt8(ascii: "\r"):
                    if !(i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n")) { endRow() }
                default: field.append(c)
                }
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty || wasQuoted { endRow() }
        return rows
    }

    /// One line (LF-terminated) with fields quoted where needed.
    public static func line(_ fields: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            let b = Array(f.utf8)
            if b.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
                out.append(UInt8(ascii: "\""))
                for c in b { if c == UInt8(ascii: "\"") { out.append(c) }; out.append(c) }
                out.append(UInt8(ascii: "\""))
            } else {
                out += b
            }
        }
        out.append(0x0A)
        return out
    }
}
