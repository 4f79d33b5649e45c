import DICOMCore
import DICOMDeid
import DICOMEncoding
import DICOMObject

/// One pass over a data set (and its items, at any depth) that replaces UIDs, shifts
/// dates and pseudonymizes nested patient identifiers, collecting mapping rows and issues.
struct Walker {
    let p: Pseudonymizer
    let doUIDs: Bool
    let doDates: Bool
    let doPatient: Bool
    let days: Int
    /// Element paths (DeidState syntax) that dcm-scrub marked for this stage.
    let hashPaths: Set<String>
    let datePaths: Set<String>
    let intDatePaths: Set<String>
    let trackPaths: Bool
    /// The tags the marked paths end in (nil: some path ends otherwise, so every element
    /// is looked up): an element with another tag cannot be on a path, and its path, a
    /// string built anew for each element, is not worked out.
    let pathTails: Set<UInt32>?

    var stack: [(Tag, Int)] = []
    var rows: [MappingRow] = []
    var seen = Set<MappingRow>()
    var issues: [PseudonymizationIssue] = []
    /// Whether any date was shifted or removed.
    var datesTouched = false
    /// Original top-level dates, handed to later stages as PHI of kind "date".
    var topLevelDates: [String] = []
    static let issuerQualifiers = Tag.issuerOfPatientIDQualifiersSequence

    init(p: Pseudonymizer, doUIDs: Bool, doDates: Bool, doPatient: Bool, days: Int, paths: [DeidState.PathAction: [String]]) {
        self.p = p; self.doUIDs = doUIDs; self.doDates = doDates; self.doPatient = doPatient; self.days = days
        func set(_ k: DeidState.PathAction) -> Set<String> { Set((paths[k] ?? []).map { $0.uppercased() }) }
        hashPaths = doUIDs ? set(.hashUID) : []
        datePaths = doDates ? set(.shiftDate) : []
        intDatePaths = doDates ? set(.shiftIntDate) : []
        trackPaths = !(hashPaths.isEmpty && datePaths.isEmpty && intDatePaths.isEmpty)
        var tails: Set<UInt32>? = []
        for path in hashPaths.union(datePaths).union(intDatePaths) {
            // A path ends in the tag's eight hex digits (`statePath`).
            let tail = path.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).last ?? []
            guard tail.count == 8, let v = UInt32(String(decoding: tail, as: UTF8.self), radix: 16) else { tails = nil; break }
            tails?.insert(v)
        }
        pathTails = tails
    }

    mutating func note(_ r: MappingRow) {
        if seen.insert(r).inserted { rows.append(r) }
    }

    /// The DeidState path of `tag` in the current item.
    func statePath(_ tag: Tag) -> String {
        var s = ""
        for (t, i) in stack { s += t.hex + "[\(i)]." }
        return s + tag.hex
    }

    /// The path shown in messages: `(gggg,eeee)[i](gggg,eeee)`.
    func displayPath(_ tag: Tag) -> String {
        var s = ""
        for (t, i) in stack { s += "\(t)[\(i)]" }
        return s + "\(tag)"
    }

    mutating func issue(_ tag: Tag, _ message: String) {
        issues.append(PseudonymizationIssue(path: displayPath(tag), message: message))
    }

    mutating func walk(_ ds: inout DataSet, charset: SpecificCharacterSet) {
        var i = 0
        while i < ds.elements.count {
            let tag = ds.elements[i].tag
            switch ds.elements[i].value {
            case .items(var items):
                if doPatient && tag == Walker.issuerQualifiers {
                    ds.elements.remove(at: i); continue
                }
                ds.elements[i].value = .bytes([])  // so that `items` is uniquely referenced
                for j in items.indices {
                    stack.append((tag, j))
                    walk(&items[j], charset: items[j].declaredCharacterSet ?? charset)
                    stack.removeLast()
                }
                ds.elements[i].value = .items(items)
            case .bytes(let b):
                if b.isEmpty { break }
                if !visit(&ds, at: i, bytes: b, charset: charset) { continue }
            case .bulk:
                break
            }
            i += 1
        }
    }

    /// Handles one element with a value; false when it was removed.
    mutating func visit(_ ds: inout DataSet, at i: Int, bytes b: [UInt8], charset: SpecificCharacterSet) -> Bool {
        let e = ds.elements[i]
        if trackPaths, pathTails?.contains(e.tag.rawValue) ?? true {
            let path = statePath(e.tag)
            if hashPaths.contains(path) { setValue(&ds, i, hashAny(e, b)); return true }
            if datePaths.contains(path) { setValue(&ds, i, dateText(e, b, charset: charset)); return true }
            if intDatePaths.contains(path) { setValue(&ds, i, intDate(e, b, charset: charset)); return true }
        }
        switch e.vr {
        case .UI:
            if doUIDs && !UIDPolicy.keeps(tag: e.tag) { setValue(&ds, i, hashUIDText(b, pad: 0)) }
        case .DA:
            if doDates { setValue(&ds, i, dates(e, b, shift: DateShifter.shiftDA)) }
        case .DT:
            if doDates { setValue(&ds, i, dates(e, b, shift: DateShifter.shiftDT)) }
        default:
            guard doPatient else { break }
            switch e.tag {
            case Tag.patientID where !stack.isEmpty:
                nestedPatientID(&ds, at: i, bytes: b, charset: charset)
            case Tag.otherPatientIDs:
                otherPatientIDs(&ds, at: i, bytes: b, charset: charset)
            case Tag.issuerOfPatientID:
                if let issuer = p.config.issuerOfPatientID {
                    ds.setString(e.tag, issuer, vr: e.vr, charset: charset)
                } else {
                    ds.elements.remove(at: i); return false
                }
            default: break
            }
        }
        return true
    }

    func setValue(_ ds: inout DataSet, _ i: Int, _ new: [UInt8]?) {
        if let new { ds.elements[i].value = .bytes(new) }
    }

    // MARK: UIDs

    /// Replaces each backslash-separated UID in ASCII text; nil when nothing changed.
    mutating func hashUIDText(_ b: [UInt8], pad: UInt8) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        var changed = false
        var first = true
        for v in b.split(separator: 0x5C, omittingEmptySubsequences: false) {
            if !first { out.append(0x5C) }
            first = false
            let t = Walker.trim(v)
            if t.isEmpty { continue }
            let old = String(decoding: t, as: UTF8.self)
            let new = p.replacementUID(old)
            if new != old { changed = true; note(MappingRow(kind: .uid, old: old, new: new)) }
            out += new.utf8
        }
        guard changed else { return nil }
        if out.count & 1 == 1 { out.append(pad) }
        return out
    }

    /// A value marked "hash-uid": any text VR, or text held in UN/OB; binary values are removed.
    mutating func hashAny(_ e: Element, _ b: [UInt8]) -> [UInt8]? {
        if e.vr == .UI { return hashUIDText(b, pad: 0) }
        guard Walker.isText(b) else {
            issue(e.tag, "binary value marked for UID hashing removed")
            return []
        }
        return hashUIDText(b, pad: e.vr.isString ? 0x20 : 0)
    }

    // MARK: Dates

    /// Shifts each value of a DA or DT element; an unreadable value empties the element.
    mutating func dates(_ e: Element, _ b: [UInt8], shift: (String, Int) -> String?) -> [UInt8]? {
        var out: [UInt8] = []
        var first = true
        for v in b.split(separator: 0x5C, omittingEmptySubsequences: false) {
            if !first { out.append(0x5C) }
            first = false
            let t = Walker.trim(v)
            if t.isEmpty { continue }
            guard let s = shift(String(decoding: t, as: UTF8.self), days) else {
                issue(e.tag, "invalid date removed")
                datesTouched = true
                return []
            }
            if stack.isEmpty { topLevelDates.append(String(decoding: t, as: UTF8.self)) }
            out += s.utf8
        }
        datesTouched = true
        if out.count & 1 == 1 { out.append(0x20) }
        return out == b ? nil : out
    }

    /// A value marked "shift-date": a DA or DT value, or dates inside text.
    mutating func dateText(_ e: Element, _ b: [UInt8], charset: SpecificCharacterSet) -> [UInt8]? {
        if e.vr == .DA { return dates(e, b, shift: DateShifter.shiftDA) }
        if e.vr == .DT { return dates(e, b, shift: DateShifter.shiftDT) }
        let textVR = e.vr.isString ? e.vr : VR.LT
        guard e.vr.isString || Walker.isText(b),
            let text = TextValue.decode(b, vr: textVR, charset: e.vr.isString ? charset : .defaultRepertoire)
        else {
            return intDate(e, b, charset: charset)
        }
        let multi = e.vr.isString && !e.vr.isSingleValuedText
        let values = multi ? text.split(separator: "\\", omittingEmptySubsequences: false).map(String.init) : [text]
        var out: [String] = []
        for v in values {
            let t = v.trimmingSpaces()
            if t.isEmpty { out.append(v); continue }
            if let s = DateShifter.shiftDT(t, days: days) ?? DateShifter.shiftDA(t, days: days) { out.append(s); continue }
            let (s, n) = DateShifter.shiftDatesInText(v, days: days)
            guard n > 0 else {
                issue(e.tag, "value marked for date shifting holds no readable date: removed")
                datesTouched = true
                return []
            }
            out.append(s)
        }
        datesTouched = true
        return encodeText(out.joined(separator: "\\"), e, charset: charset)
    }

    /// A value marked "shift-int-date": a date held as a number (YYYYMMDD, or seconds since
    /// 1970), in text or in a binary VR (little endian, as values are held in memory).
    mutating func intDate(_ e: Element, _ b: [UInt8], charset: SpecificCharacterSet) -> [UInt8]? {
        datesTouched = true
        func invalid() -> [UInt8] { issue(e.tag, "invalid integer date removed"); return [] }
        if e.vr.isString || ((e.vr == .UN || e.vr == .OB) && Walker.isText(b)) {
            guard let text = TextValue.decode(b, vr: e.vr.isString ? e.vr : .LO, charset: .defaultRepertoire) else { return invalid() }
            var out: [String] = []
            for v in text.split(separator: "\\", omittingEmptySubsequences: false) {
                let t = String(v).trimmingSpaces()
                if t.isEmpty { out.append(""); continue }
                guard let s = DateShifter.shiftIntegerText(t, days: days) else { return invalid() }
                out.append(s)
            }
            return encodeText(out.joined(separator: "\\"), e, charset: charset)
        }
        let width: Int
        switch e.vr {
        case .SL, .UL, .FL: width = 4
        case .SV, .UV, .FD: width = 8
        case .UN, .OB: width = b.count == 4 ? 4 : 8
        default: return invalid()
        }
        guard b.count % width == 0 else { return invalid() }
        var out: [UInt8] = []
        for start in stride(from: 0, to: b.count, by: width) {
            var raw: UInt64 = 0
            for k in 0..<width { raw |= UInt64(b[start + k]) << UInt64(8 * k) }
            let newRaw: UInt64
            switch (e.vr, width) {
            case (.UL, _):
                guard let v = DateShifter.shiftInteger(Int64(raw), days: days), v >= 0, v <= Int64(UInt32.max) else { return invalid() }
                newRaw = UInt64(v)
            case (.UV, _):
                guard raw <= UInt64(Int64.max), let v = DateShifter.shiftInteger(Int64(raw), days: days), v >= 0 else { return invalid() }
                newRaw = UInt64(v)
            case (.FL, _):
                let f = Float(bitPattern: UInt32(truncatingIfNeeded: raw))
                guard let v = shiftDouble(Double(f)) else { return invalid() }
                newRaw = UInt64(Float(v).bitPattern)
            case (.FD, _), (.UN, 8), (.OB, 8):
                guard let v = shiftDouble(Double(bitPattern: raw)) else { return invalid() }
                newRaw = v.bitPattern
            case (_, 4):
                guard let v = DateShifter.shiftInteger(Int64(Int32(truncatingIfNeeded: raw)), days: days),
                    let v32 = Int32(exactly: v)
                else { return invalid() }
                newRaw = UInt64(UInt32(bitPattern: v32))
            default:
                guard let v = DateShifter.shiftInteger(Int64(bitPattern: raw), days: days) else { return invalid() }
                newRaw = UInt64(bitPattern: v)
            }
            for k in 0..<width { out.append(UInt8(truncatingIfNeeded: newRaw >> UInt64(8 * k))) }
        }
        return out
    }

    func shiftDouble(_ v: Double) -> Double? {
        guard v.isFinite, v > 0 else { return nil }
        if v == v.rounded(), v >= 1800_01_01, v <= 2200_12_31 {
            return DateShifter.shiftInteger(Int64(v), days: days).map(Double.init)
        }
        return v - Double(days * 86_400)
    }

    func encodeText(_ s: String, _ e: Element, charset: SpecificCharacterSet) -> [UInt8] {
        if e.vr.isString { return TextValue.encode(s, vr: e.vr, charset: charset) }
        var out = Array(s.utf8)
        if out.count & 1 == 1 { out.append(0x20) }
        return out
    }

    // MARK: Patients

    mutating func pseudonym(for original: String) -> String {
        let new = p.patient(original, originalID: original).id
        note(MappingRow(kind: .patientID, old: original, new: new))
        return new
    }

    /// A PatientID inside an item (Other Patient IDs Sequence, or elsewhere): replaced like the
    /// top-level one; a PatientName beside it follows the name rule.
    mutating func nestedPatientID(_ ds: inout DataSet, at i: Int, bytes b: [UInt8], charset: SpecificCharacterSet) {
        guard let old = TextValue.decode(b, vr: .LO, charset: charset)?.trimmingSpaces(), !old.isEmpty else { return }
        let new = pseudonym(for: old)
        ds.setString(Tag.patientID, new, vr: ds.elements[i].vr, charset: charset)
        if ds[Tag.patientName] != nil {
            ds.setString(Tag.patientName, p.config.patientName == .sameAsID ? new : "", vr: .PN, charset: charset)
        }
    }

    mutating func otherPatientIDs(_ ds: inout DataSet, at i: Int, bytes b: [UInt8], charset: SpecificCharacterSet) {
        let e = ds.elements[i]
        guard let values = TextValue.decodeValues(b, vr: e.vr, charset: charset) else {
            issue(e.tag, "unreadable value removed")
            ds.elements[i].value = .bytes([])
            return
        }
        let new = values.map { v -> String in
            let t = v.trimmingSpaces()
            return t.isEmpty ? "" : pseudonym(for: t)
        }
        ds.setString(e.tag, new.joined(separator: "\\"), vr: e.vr, charset: charset)
    }

    // MARK: Bytes

    static func trim(_ v: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var t = v
        while let l = t.last, l == 0x20 || l == 0 { t.removeLast() }
        while let f = t.first, f == 0x20 { t.removeFirst() }
        return t
    }

    /// Printable ASCII (with NUL or space padding): text that a UN or OB element may hold.
    static func isText(_ b: [UInt8]) -> Bool {
        let t = trim(b[...])
        return !t.isEmpty && t.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}
