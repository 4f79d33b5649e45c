import DICOMCore
import DICOMDeid
import DICOMEncoding
import DICOMObject
import DICOMStream

/// Applies a profile to records: header values only, never pixel bytes (bulk values are
/// removed or passed on untouched, never read).
///
/// For each record: (1) the original identifying values that the profile removes or
/// replaces are collected into `record.deid.phi`; (2) every element, at every depth of
/// sequences, gets its action; text that is kept is searched for those values and cleaned
/// where they occur, text the profile cleans always goes through the free-text cleaner;
/// (3) the de-identification markers are set; (4) `record.deid` says what dcm-pseudo and
/// dcm-redact-pixels must still do.
public struct Scrubber: Sendable {
    public let profile: Profile
    let cleaner: any FreeTextCleaning
    /// Actions of the attributes that any rule names, resolved once.
    let actions: [UInt32: Action]
    /// What the last record's known identifying values gave (see `KnownValuesMemo`).
    let memo = KnownValuesMemo()
    /// The de-identification method's code items (`Markers.codeItems`), built once.
    let markerCodes: [(value: String, item: DataSet)]

    public init(profile: Profile) {
        self.profile = profile
        self.cleaner = makeFreeTextCleaner(profile.textRules)
        var m: [UInt32: Action] = [:]
        for r in ConfidentialityTable.rows where r.mask == 0xFFFF_FFFF { m[r.tag.rawValue] = profile.action(for: r.tag) }
        for t in profile.baseActions.keys { m[t] = profile.action(for: Tag(t)) }
        for p in profile.tagActions.keys where p.mask == 0xFFFF_FFFF { m[p.value] = profile.action(for: Tag(p.value)) }
        m[0x0040_A160] = profile.action(for: Tag.textValue)
        actions = m
        markerCodes = Markers.codeItems(profile)
    }

    /// The action for a public attribute.
    public func action(for tag: Tag) -> Action {
        if let a = actions[tag.rawValue] { return a }
        return memo.action(for: tag) { profile.action(for: $0) }
    }

    /// De-identifies one record in place.
    public func apply(to record: inout Record) throws {
        let charset = record.file.dataset.declaredCharacterSet ?? .defaultRepertoire
        var state = record.deid
        state.profile = profile.name
        state.options = profile.options.sorted().map(\.rawValue)
        for s in profile.requiredSteps(for: record.file.dataset) { state.require(s) }

        var walker = Walker(scrubber: self, charset: charset, state: state)
        walker.collect(record.file.dataset, removed: false)
        walker.index = memo.index(for: walker.state.phi)
        walker.transform(&record.file.dataset)
        Scrubber.capAge(&record.file.dataset)
        Markers.set(in: &record.file.dataset, profile: profile, charset: charset, codeItems: markerCodes)
        Scrubber.scrubMeta(&record.file.meta)
        record.deid = walker.state
    }

    /// HIPAA Safe Harbor: ages over 89 are aggregated into "90 or older", so a retained
    /// Patient Age above 89 years becomes 090Y.
    static func capAge(_ ds: inout DataSet) {
        let ageTag = Tag.patientAge
        guard let age = ds.string(ageTag), age.count == 4, age.hasSuffix("Y"),
            let years = Int(age.prefix(3)), years > 89
        else { return }
        ds.setString(ageTag, "090Y", vr: .AS)
    }

    /// File meta elements that name the sending systems.
    static func scrubMeta(_ meta: inout DataSet) {
        for t: UInt32 in [
            0x0002_0016, 0x0002_0017, 0x0002_0018, 0x0002_0026, 0x0002_0027, 0x0002_0028,
            0x0002_0100, 0x0002_0102
        ] {
            meta.remove(Tag(t))
        }
    }
}

/// The per-record work of a scrubber.
struct Walker {
    let s: Scrubber
    let charset: SpecificCharacterSet
    var state: DeidState
    /// Built after collection: the words of the known identifying values.
    var index = KnownPHIIndex([:])
    var session: FreeTextSession?
    /// Enclosing sequences and item numbers, for `deid.paths`.
    var path: [(tag: Tag, item: Int)] = []
    /// Knowledge-base signatures of the enclosing sequences.
    var ancestors: [String] = []

    init(scrubber: Scrubber, charset: SpecificCharacterSet, state: DeidState) {
        self.s = scrubber; self.charset = charset; self.state = state
    }

    // MARK: - Collection of the original identifying values

    /// Records the identifying values that the profile removes or replaces (`removed`: the
    /// data set sits in a sequence that goes).
    mutating func collect(_ ds: DataSet, removed: Bool) {
        for e in ds.elements {
            let tag = e.tag
            if tag.isPrivate || tag.element == 0 { continue }
            let a = removed ? .remove : s.action(for: tag)
            if case .items(let items) = e.value {
                let gone = removed || a == .remove || a == .empty
                for item in items { collect(item, removed: gone) }
                continue
            }
            guard e.vr.isString, let b = e.bytes, !b.isEmpty else { continue }
            let gone = removed || a.replacesValue
            switch e.vr {
            case .DA, .DT:
                if gone || a == .shift { addDates(b) }
                continue
            case .IS, .DS:
                if !gone, s.profile.numericDates != .keep, b.count >= 8 {
                    for d in NumericDate.dates(in: b) { state.addPHI(d, kind: .date) }
                }
                continue
            default:
                break
            }
            guard gone, let kind = PHIKind.of(tag, vr: e.vr),
                let values = TextValue.decodeValues(b, vr: e.vr, charset: charset)
            else { continue }
            for v in values where !v.isEmpty {
                switch kind {
                case .name: addName(v)
                case .date: addDates(Array(v.utf8))
                case .other: for f in FreeTextFragments.identifying(in: v) { state.addPHI(f, kind: kind) }
                default: state.addPHI(v, kind: kind)
                }
            }
        }
    }

    /// A person name, each of its parts, and the name as written in prose ("Given Family").
    mutating func addName(_ v: String) {
        state.addPHI(v, kind: .name)
        for group in v.split(separator: "=") {
            let comps = group.split(separator: "^", omittingEmptySubsequences: false).map { $0.spaceTrimmed }
            for c in comps where !c.isEmpty {
                for part in c.split(separator: " ") where part.count >= 2 {
                    state.addPHI(String(part), kind: .name)
                }
            }
            if comps.count >= 2, !comps[0].isEmpty, !comps[1].isEmpty {
                let prose = ([comps[1]] + (comps.count > 2 && !comps[2].isEmpty ? [comps[2]] : []) + [comps[0]])
                state.addPHI(prose.joined(separator: " "), kind: .name)
            }
        }
    }

    /// The dates of a DA or DT value (ranges and multiple values included).
    mutating func addDates(_ b: [UInt8]) {
        for v in b.split(whereSeparator: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "-") }) {
            let digits = Array(v.prefix(8))
            if NumericDate.isDate(digits) { state.addPHI(String(decoding: digits, as: UTF8.self), kind: .date) }
        }
    }

    // MARK: - Transformation

    mutating func transform(_ ds: inout DataSet) {
        var creators: [UInt32: String] = [:]
        var droppedGroups = Set<UInt16>()
        for e in ds.elements {
            let t = e.tag
            if t.isPrivateCreator, let b = e.bytes {
                creators[blockKey(t.group, UInt8(t.element))] = PrivateStep.normalize(
                    creator: String(decoding: b, as: UTF8.self))
            } else if t.group & 1 == 0, (t.group & 0xFF00 == 0x6000 || t.group & 0xFF00 == 0x5000),
                !droppedGroups.contains(t.group)
            {
                // Curves and overlays go as whole groups: an overlay without its data (or
                // data without its rows and columns) breaks the Overlay Plane module.
                let probe = t.group & 0xFF00 == 0x6000 ? Tag(group: t.group, element: 0x3000) : t
                if s.action(for: probe) == .remove { droppedGroups.insert(t.group) }
            }
        }
        var out: [Element] = []
        out.reserveCapacity(ds.elements.count)
        var usedBlocks = Set<UInt32>()
        for var e in ds.elements {
            let t = e.tag
            if t.element == 0 || droppedGroups.contains(t.group) { continue }
            if t.isPrivate {
                if t.isPrivateCreator { out.append(e); continue }
                guard t.element >= 0x1000 else { continue }
                let key = blockKey(t.group, UInt8(t.element >> 8))
                guard let creator = creators[key] else { continue }
                var d = s.profile.privateDisposition(
                    group: t.group, creator: creator,
                    element: UInt8(t.element & 0xFF), ancestors: ancestors)
                var container = false
                if d == .remove {
                    guard s.profile.privateSequences == .publicContent, case .items(let items) = e.value,
                        items.contains(where: Walker.holdsPublic)
                    else { continue }
                    d = .keep
                    container = true
                }
                applyPrivate(&e, d, step: PrivateStep(group: t.group, creator: creator, element: t.element & 0xFF))
                if container, case .items(let items) = e.value, items.allSatisfy(\.isEmpty) { continue }
                usedBlocks.insert(key)
                out.append(e)
                continue
            }
            var a = s.action(for: t)
            // Directory records (DICOMDIR) hold the keys of their level as Type 1 or 2.
            if a == .empty || a == .remove, e.vr != .SQ, path.contains(where: { $0.tag == Tag.directoryRecordSequence }) {
                a = a == .empty ? .dummy : .empty
            }
            if applyPublic(&e, a) { out.append(e) }
        }
        if !creators.isEmpty {
            out.removeAll { $0.tag.isPrivateCreator && !usedBlocks.contains(blockKey($0.tag.group, UInt8($0.tag.element))) }
        }
        ds.elements = out
    }

    /// Whether a data set holds a standard attribute, at any depth.
    static func holdsPublic(_ ds: DataSet) -> Bool {
        for e in ds.elements {
            if !e.tag.isPrivate && e.tag.element != 0 { return true }
            if case .items(let items) = e.value, items.contains(where: holdsPublic) { return true }
        }
        return false
    }

    /// Whether the table lets the attribute be absent somewhere (its code holds X).
    static func mayBeType3(_ tag: Tag) -> Bool {
        ConfidentialityTable.row(for: tag)?.basic.letters.contains("X") ?? true
    }

    func blockKey(_ group: UInt16, _ block: UInt8) -> UInt32 { UInt32(group) << 8 | UInt32(block) }

    /// Applies `a` to a public element; false when it leaves the data set.
    mutating func applyPublic(_ e: inout Element, _ a: Action) -> Bool {
        switch a {
        case .remove:
            return false
        case .empty:
            if case .items = e.value {
                // A Type 3 sequence may not be present without items, and an X/Z sequence may
                // be Type 3 or 2: keep its items, cleaned by the same rules (as TCIA does).
                // A plain Z sequence is Type 2: empty is conformant.
                if s.profile.combinedCodes == .conformant, Walker.mayBeType3(e.tag) {
                    recurse(&e, signature: e.tag.hex)
                } else {
                    e.value = .items([])
                }
            } else {
                e.value = .bytes([])
            }
            return true
        case .dummy:
            if case .items = e.value { recurse(&e, signature: e.tag.hex); return true }
            e.value = .bytes(DummyValue.bytes(for: e.vr, length: e.bytes?.count ?? 0))
            return true
        case .pseudonym:
            state.require(.pseudonymizePatient)
            if e.tag != .patientID {
                if case .items = e.value { e.value = .items([]) } else { e.value = .bytes([]) }
            }
            return true
        case .keep, .clean, .uid, .shift:
            if case .items = e.value { recurse(&e, signature: e.tag.hex); return true }
            if a == .uid { state.require(.remapUIDs) }
            if a == .shift, e.vr == .DA || e.vr == .DT { state.require(.shiftDates) }
            switch e.vr {
            case .LO, .SH, .ST, .LT, .UT, .UC:
                cleanText(&e, always: a == .clean)
            case .PN where a == .clean:
                cleanText(&e, always: true)
            case .IS, .DS:
                numericDate(&e)
            default:
                break
            }
            return true
        }
    }

    /// `step` is the element's own: its signature names the items' ancestor when it is a
    /// sequence (worked out then only).
    mutating func applyPrivate(_ e: inout Element, _ d: PrivateDisposition, step: PrivateStep) {
        switch d {
        case .remove:
            return
        case .hashUID:
            addPath(.hashUID, e.tag); state.require(.remapUIDs)
        case .shiftDate:
            addPath(.shiftDate, e.tag); state.require(.shiftDates)
        case .shiftIntDate:
            addPath(.shiftIntDate, e.tag); state.require(.shiftDates)
        case .keep, .clean:
            if case .items = e.value { recurse(&e, signature: step.signature); return }
            switch e.vr {
            case .LO, .SH, .ST, .LT, .UT, .UC, .CS, .PN:
                cleanText(&e, always: d == .clean)
            case .IS, .DS:
                numericDate(&e)
            case .UN:
                cleanUnknownText(&e, always: d == .clean)
            default:
                break
            }
        }
    }

    /// Walks the items of a kept sequence.
    mutating func recurse(_ e: inout Element, signature: String) {
        guard case .items(var items) = e.value else { return }
        ancestors.append(signature)
        for i in items.indices {
            path.append((e.tag, i))
            transform(&items[i])
            path.removeLast()
        }
        ancestors.removeLast()
        e.value = .items(items)
    }

    mutating func addPath(_ key: DeidState.PathAction, _ tag: Tag) {
        var p = ""
        for (t, i) in path { p += "\(t.hex)[\(i)]." }
        p += tag.hex
        if !(state.paths[key]?.contains(p) ?? false) { state.paths[key, default: []].append(p) }
    }

    // MARK: - Text

    mutating func cleaner() -> FreeTextSession {
        if let session { return session }
        let made = s.memo.session(for: state.phi, cleaner: s.cleaner)
        session = made
        return made
    }

    /// Cleans a text value: always (action C), or when it shares a word with a known
    /// identifying value.
    mutating func cleanText(_ e: inout Element, always: Bool) {
        guard let b = e.bytes, !b.isEmpty else { return }
        if !always && !index.mayContain(b) { return }
        // Bytes the declared character set cannot decode are read as Latin-1, which keeps
        // every byte, so identifying ASCII text in them is still found and cut.
        let decoded = TextValue.decodeValues(b, vr: e.vr, charset: charset)
        let latin1 = decoded == nil
        let values = decoded ?? Walker.latin1Values(b, vr: e.vr)
        let c = cleaner()
        var changed = false
        var cleaned: [String] = []
        for v in values {
            var n = v.isEmpty ? v : c.clean(v)
            if !e.vr.isSingleValuedText { n = n.replacingAll("\\", with: " ") }
            if n != v { changed = true }
            if let max = DummyValue.maxLength(e.vr) {
                while n.utf8.count > max { n.removeLast() }
            }
            cleaned.append(n)
        }
        guard changed else { return }
        if cleaned.allSatisfy(\.isEmpty), !e.tag.isPrivate,
            ConfidentialityTable.row(for: e.tag).map({ $0.basic.allowsDummy }) ?? true
        {
            // Nothing left. The attribute may be Type 1 (its code allows D, or the table does
            // not list it and nothing says it may be empty): a dummy keeps the IOD whole.
            e.value = .bytes(DummyValue.bytes(for: e.vr, length: 0))
            return
        }
        let joined = cleaned.joined(separator: "\\")
        if latin1 {
            var out = joined.unicodeScalars.map { $0.value < 0x100 ? UInt8($0.value) : UInt8(ascii: "?") }
            if out.count & 1 == 1 { out.append(e.vr.paddingByte) }
            e.value = .bytes(out)
        } else {
            e.value = .bytes(TextValue.encode(joined, vr: e.vr, charset: charset))
        }
    }

    static func latin1Values(_ b: [UInt8], vr: VR) -> [String] {
        var s = String(String.UnicodeScalarView(b.map { Unicode.Scalar($0) }))
        while let l = s.last, l == " " || l == "\0" { s.removeLast() }
        if vr.isSingleValuedText { return [s] }
        return s.split(separator: "\\", omittingEmptySubsequences: false).map { $0.spaceTrimmed }
    }

    /// A private value of unknown VR that is plain ASCII text is treated as text.
    mutating func cleanUnknownText(_ e: inout Element, always: Bool) {
        guard let b = e.bytes, !b.isEmpty,
            b.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
        else { return }
        if !always && !index.mayContain(b) { return }
        let text = String(decoding: b, as: UTF8.self).trimmingSpaces()
        let n = cleaner().clean(text)
        guard n != text else { return }
        var out = Array(n.utf8)
        if out.count & 1 == 1 { out.append(0x20) }
        e.value = .bytes(out)
    }

    /// An IS or DS value that reads as a date, handled as the profile says.
    mutating func numericDate(_ e: inout Element) {
        guard s.profile.numericDates != .keep, let b = e.bytes, b.count >= 8, NumericDate.containsDate(in: b) else { return }
        let text = String(decoding: b, as: UTF8.self)
        let values = text.split(separator: "\\", omittingEmptySubsequences: false)
        guard values.contains(where: { NumericDate.valueIsDate($0) }) else { return }
        switch s.profile.numericDates {
        case .keep:
            return
        case .shift:
            addPath(.shiftDate, e.tag); state.require(.shiftDates)
        case .dummy:
            let joined = values.map { NumericDate.valueIsDate($0) ? "0" : $0.spaceTrimmed }.joined(separator: "\\")
            var out = Array(joined.utf8)
            if out.count & 1 == 1 { out.append(0x20) }
            e.value = .bytes(out)
        }
    }
}
