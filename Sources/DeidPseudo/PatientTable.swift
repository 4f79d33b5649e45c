import DICOMObject

/// A user's patient mapping: original PatientID -> new PatientID and, optionally, the
/// number of days to shift that patient's dates back.
///
/// File format (CSV, UTF-8): `original,new[,days]` per line. An optional first line whose
/// first field is `id_old` (as in patid_mapping.csv) is a header. Lines starting with `#`
/// are comments. Days is an integer (positive moves dates back, negative forward).
public struct PatientTable: Sendable, Equatable {
    /// The largest table file read: room for tens of millions of rows, not for a device.
    public static let fileLimit = 1 << 30

    public struct Entry: Sendable, Equatable {
        public var newID: String
        public var days: Int?
        public init(newID: String, days: Int? = nil) { self.newID = newID; self.days = days }
    }
    public var entries: [String: Entry]

    public init(entries: [String: Entry] = [:]) { self.entries = entries }

    public subscript(originalID: String) -> Entry? { entries[originalID] }

    /// Why a patient table cannot be used (line numbers, never values).
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    public init(csv bytes: [UInt8]) throws {
        var entries: [String: Entry] = [:]
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        for (n, row) in CSV.parse(bytes).enumerated() {
            let line = n + 1
            if row.first?.hasPrefix("#") == true { continue }
            if n == 0, row.first?.trimmingSpaces().lowercased() == "id_old" { continue }
            let f = row.map { $0.trimmingSpaces() }
            guard f.count == 2 || f.count == 3 else {
                throw ParseError(message: "patient mapping row \(line): expected 2 or 3 fields (original,new[,days]), found \(f.count)")
            }
            guard !f[0].isEmpty, !f[1].isEmpty else {
                throw ParseError(message: "patient mapping row \(line): empty original or new ID")
            }
            guard f[1].utf8.count <= 64, !f[1].contains("\\") else {
                throw ParseError(message: "patient mapping row \(line): new ID is not a valid LO value (at most 64 characters, no backslash)")
            }
            var days: Int? = nil
            if f.count == 3 && !f[2].isEmpty {
                guard let d = Int(f[2]), abs(d) <= 100_000 else {
                    throw ParseError(message: "patient mapping row \(line): days is not an integer")
                }
                days = d
            }
            if let prior = entries[f[0]], prior != Entry(newID: f[1], days: days) {
                throw ParseError(message: "patient mapping row \(line): the same original ID is mapped twice, differently")
            }
            entries[f[0]] = Entry(newID: f[1], days: days)
        }
        self.entries = entries
    }
}
