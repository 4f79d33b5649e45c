import DICOMCore
import DICOMEncoding
import DICOMObject

/// One piece of text found in an output data set.
public struct FoundText {
    /// Element path: `GGGGEEEE`, or `GGGGEEEE[i].GGGGEEEE` inside sequence items (i from 0).
    public var path: String
    public var tag: Tag
    public var vr: VR
    public var text: String
    /// True when the text was pulled out of a binary value (UN, OB, OW): printable runs.
    public var fromBinary: Bool
}

/// Visits every text value of a data set at every depth: string values decoded in the
/// Specific Character Set in force (items may declare their own), and printable runs
/// inside binary values (private data, UN values whose VR was lost, encapsulated
/// documents). Numeric strings (DS, IS) and ages are skipped: they hold no names or IDs.
/// Image, overlay and waveform samples are not text and are skipped.
public enum TextWalker {
    static let sampleTags: Set<UInt32> = [0x7FE0_0010, 0x7FE0_0008, 0x7FE0_0009, 0x5400_1010]

    public static func visit(
        _ ds: DataSet, charset: SpecificCharacterSet = .defaultRepertoire,
        prefix: String = "", _ body: (FoundText) throws -> Void
    ) throws {
        let cs = ds.declaredCharacterSet ?? charset
        for e in ds.elements {
            let path = prefix + e.tag.hex
            switch e.value {
            case .items(let items):
                for (i, item) in items.enumerated() {
                    try visit(item, charset: cs, prefix: path + "[\(i)].", body)
                }
            case .bytes(let b):
                try visitValue(e, bytes: b, path: path, charset: cs, body)
            case .bulk(let bulk):
                guard !isSamples(e.tag), !e.vr.isBinaryNumber, !bulk.encapsulated else { continue }
                let b: [UInt8]
                do { b = try bulk.loadBytes() } catch { continue }
                try visitValue(e, bytes: b, path: path, charset: cs, body)
            }
        }
    }

    static func isSamples(_ tag: Tag) -> Bool {
        sampleTags.contains(tag.rawValue) || (tag.group & 0xFF00 == 0x6000 && tag.element == 0x3000)
    }

    static func visitValue(
        _ e: Element, bytes: [UInt8], path: String, charset: SpecificCharacterSet,
        _ body: (FoundText) throws -> Void
    ) throws {
        if e.vr.isString {
            switch e.vr {
            case .DS, .IS, .AS, .TM: return;
            default: break
            }
            if let s = TextValue.decode(bytes, vr: e.vr, charset: charset) {
                if !s.isEmpty { try body(FoundText(path: path, tag: e.tag, vr: e.vr, text: s, fromBinary: false)) }
                return
            }
            // Not decodable in its character set: fall back to the printable runs.
        } else if !(e.vr == .UN || e.vr == .OB || e.vr == .OW) || isSamples(e.tag) {
            return
        }
        let runs = bytes.withUnsafeBytes { Tokens.printableRuns($0) }
        for r in runs {
            try body(FoundText(path: path, tag: e.tag, vr: e.vr, text: r, fromBinary: true))
        }
    }
}
