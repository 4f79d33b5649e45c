import DICOMCore
import DICOMEncoding
import DICOMObject

/// What de-identification did to one attribute.
public enum HeaderAction: String, CaseIterable, Sendable, Comparable {
    /// Present in the original, absent from the output.
    case removed
    /// Present in both; the output's value is empty.
    case emptied
    /// A different value (a pseudonym, a new UID, a dummy).
    case replaced
    /// A date or date-time moved (DA, DT).
    case shifted
    /// Text with parts cut: the output keeps some of the original's words.
    case cleaned
    /// Only in the output (the de-identification method, Patient Identity Removed...).
    case added
    /// Byte for byte the original's value.
    case kept

    public static func < (a: HeaderAction, b: HeaderAction) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One attribute compared between an original and its output.
public struct AttributeChange: Sendable, Equatable {
    /// `GGGGEEEE`, or `GGGGEEEE[i].GGGGEEEE` inside sequence items.
    public var path: String
    public var keyword: String
    public var action: HeaderAction
    /// The values as text (shown only with --show-values); nil when absent.
    public var before: String?
    public var after: String?

    public init(path: String, keyword: String, action: HeaderAction, before: String? = nil, after: String? = nil) {
        self.path = path; self.keyword = keyword; self.action = action; self.before = before; self.after = after
    }

    /// The path with item numbers dropped (`GGGGEEEE[*].GGGGEEEE`), to add up a series.
    public var pattern: String {
        var out = "", skipping = false
        for c in path {
            if c == "[" { skipping = true; out += "[*]"; continue }
            if c == "]" { skipping = false; continue }
            if !skipping { out.append(c) }
        }
        return out
    }
}

/// A block of private elements (one Private Creator in one group).
public struct PrivateBlock: Sendable, Hashable, Comparable {
    public var group: UInt16
    public var creator: String
    public init(group: UInt16, creator: String) { self.group = group; self.creator = creator }
    public static func < (a: PrivateBlock, b: PrivateBlock) -> Bool {
        (a.group, a.creator) < (b.group, b.creator)
    }
    public var label: String {
        let g = String(group, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - g.count)) + g + " \"" + creator + "\""
    }
}

/// Compares an original data set with its de-identified output, element by element.
public enum HeaderDiff {
    /// Every attribute of either data set (pixel data and group lengths aside), in tag order.
    /// `keepUnchanged` false leaves out the kept ones.
    public static func compare(_ original: DataSet, _ output: DataSet, keepUnchanged: Bool = true) -> [AttributeChange] {
        var out: [AttributeChange] = []
        walk(
            original, output, prefix: "",
            charsets: (original.declaredCharacterSet ?? .defaultRepertoire, output.declaredCharacterSet ?? .defaultRepertoire),
            keepUnchanged: keepUnchanged, into: &out)
        return out
    }

    static func walk(
        _ a: DataSet, _ b: DataSet, prefix: String, charsets: (SpecificCharacterSet, SpecificCharacterSet),
        keepUnchanged: Bool, into out: inout [AttributeChange]
    ) {
        var tags = Set(a.elements.map(\.tag)).union(b.elements.map(\.tag))
        tags.remove(.pixelData)
        for tag in tags.sorted() where !tag.isGroupLength {
            let path = prefix + tag.hex
            let kw = keyword(tag, in: a[tag] != nil ? a : b)
            switch (a[tag], b[tag]) {
            case (let x?, nil):
                out.append(AttributeChange(path: path, keyword: kw, action: .removed, before: text(x, charsets.0)))
            case (nil, let y?):
                out.append(AttributeChange(path: path, keyword: kw, action: .added, after: text(y, charsets.1)))
            case (let x?, let y?):
                if let ia = x.items, let ib = y.items {
                    // Items compared in order; extra ones count as removed or added whole.
                    for i in 0..<max(ia.count, ib.count) {
                        let p = path + "[\(i)]"
                        if i >= ib.count { out.append(AttributeChange(path: p, keyword: kw, action: .removed)); continue }
                        if i >= ia.count { out.append(AttributeChange(path: p, keyword: kw, action: .added)); continue }
                        walk(ia[i], ib[i], prefix: p + ".", charsets: charsets, keepUnchanged: keepUnchanged, into: &out)
                    }
                    if ia.isEmpty && ib.isEmpty && keepUnchanged {
                        out.append(AttributeChange(path: path, keyword: kw, action: .kept))
                    }
                    continue
                }
                let action = classify(x, y, charsets)
                if action == .kept && !keepUnchanged { continue }
                out.append(
                    AttributeChange(
                        path: path, keyword: kw, action: action,
                        before: text(x, charsets.0), after: text(y, charsets.1)))
            case (nil, nil):
                continue
            }
        }
    }

    static func keyword(_ tag: Tag, in ds: DataSet) -> String {
        if tag.isPrivate {
            if tag.isPrivateCreator { return "PrivateCreator" }
            if let ct = tag.privateCreatorTag, let c = ds.string(ct)?.trimmingSpaces(), !c.isEmpty { return "private (\(c))" }
            return "private"
        }
        return DataDictionary.entry(for: tag)?.keyword ?? "unknown"
    }

    /// The action that turned `x` into `y` (both present, not sequences).
    static func classify(_ x: Element, _ y: Element, _ charsets: (SpecificCharacterSet, SpecificCharacterSet)) -> HeaderAction {
        let bx = x.bytes, by = y.bytes
        if let bx, let by, bx == by { return .kept }
        if bx == nil || by == nil {
            // Values held apart (large binary values): same length taken as kept only when both are apart.
            if case .bulk(let p) = x.value, case .bulk(let q) = y.value, let u = try? p.loadBytes(), let v = try? q.loadBytes() {
                return u == v ? .kept : (v.allSatisfy { $0 == 0 } ? .emptied : .replaced)
            }
            return .replaced
        }
        let tx = text(x, charsets.0) ?? "", ty = text(y, charsets.1) ?? ""
        if ty.isEmpty { return tx.isEmpty ? .kept : .emptied }
        if x.vr.isString && tx == ty { return .kept }
        if x.vr == .DA || x.vr == .DT { return .shifted }
        if x.vr.usesCharacterSet && x.vr != .PN {
            let wx = Set(words(tx)), wy = words(ty)
            if !wy.isEmpty && wy.contains(where: wx.contains) { return .cleaned }
        }
        return .replaced
    }

    /// Letter-or-digit runs of two characters or more, upper-cased.
    static func words(_ s: String) -> [String] {
        s.uppercased().split { !($0.isLetter || $0.isNumber) }.map(String.init).filter { $0.count >= 2 }
    }

    /// The value of `e` as text: string values decoded and trimmed, numbers written out,
    /// other binary values as their length.
    public static func text(_ e: Element, _ charset: SpecificCharacterSet) -> String? {
        switch e.value {
        case .items(let items): return "\(items.count) item(s)"
        case .bulk(let b): return "(\(b.length) bytes)"
        case .bytes(let bytes):
            if e.vr.isString {
                return (TextValue.decode(bytes, vr: e.vr, charset: charset) ?? "").trimmingSpaces()
            }
            if e.vr == .US || e.vr == .SS, bytes.count >= 2, bytes.count <= 16 {
                return stride(from: 0, to: bytes.count - 1, by: 2).map { i -> String in
                    let u = UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
                    return e.vr == .SS ? String(Int16(bitPattern: u)) : String(u)
                }.joined(separator: "\\")
            }
            return "(\(bytes.count) bytes)"
        }
    }

    /// The private blocks of `original`, each marked kept when `output` has the same
    /// creator in the same group.
    public static func privateBlocks(_ original: DataSet, _ output: DataSet) -> [(PrivateBlock, kept: Bool)] {
        let kept = Set(blocks(output))
        return blocks(original).sorted().map { ($0, kept.contains($0)) }
    }

    static func blocks(_ ds: DataSet) -> [PrivateBlock] {
        ds.elements.compactMap { e in
            guard e.tag.isPrivateCreator, let c = ds.string(e.tag)?.trimmingSpaces(), !c.isEmpty else { return nil }
            return PrivateBlock(group: e.tag.group, creator: c)
        }
    }
}
