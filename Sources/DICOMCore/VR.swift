/// A value representation (PS3.5 6.2).
public enum VR: String, CaseIterable, Sendable {
    case AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW,
        PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV

    /// Reads two ASCII bytes as a VR.
    @inlinable public init?(_ a: UInt8, _ b: UInt8) {
        guard a >= 0x41, a <= 0x5A, b >= 0x41, b <= 0x5A, let vr = VR.byCode[Int(a - 0x41) * 26 + Int(b - 0x41)] else {
            return nil
        }
        self = vr
    }
    /// Indexed by (first letter - A) * 26 + (second letter - A).
    @usableFromInline static let byCode: [VR?] = {
        var m = [VR?](repeating: nil, count: 26 * 26)
        for vr in VR.allCases { let u = Array(vr.rawValue.utf8); m[Int(u[0] - 0x41) * 26 + Int(u[1] - 0x41)] = vr }
        return m
    }()

    /// The two ASCII letters (read from the name without an array: writers ask for every element).
    public var bytes: (UInt8, UInt8) {
        var it = rawValue.utf8.makeIterator()
        return (it.next() ?? 0x3F, it.next() ?? 0x3F)
    }

    /// Explicit VR encodings give these a 2-byte reserved field and a 4-byte length.
    public var hasLongLength: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .SQ, .SV, .UC, .UN, .UR, .UT, .UV: return true
        default: return false
        }
    }

    /// Character string VRs, encoded in the Specific Character Set (or ASCII).
    public var isString: Bool {
        switch self {
        case .AE, .AS, .CS, .DA, .DS, .DT, .IS, .LO, .LT, .PN, .SH, .ST, .TM, .UC, .UI, .UR, .UT: return true
        default: return false
        }
    }
    /// String VRs whose text is affected by Specific Character Set (PS3.5 6.1.2.3).
    public var usesCharacterSet: Bool {
        switch self {
        case .LO, .LT, .PN, .SH, .ST, .UC, .UT: return true
        default: return false
        }
    }
    /// String VRs holding one value that may contain backslashes.
    public var isSingleValuedText: Bool {
        switch self {
        case .LT, .ST, .UT, .UR: return true;
        default: return false
        }
    }

    /// Size of one binary number, for VRs whose values are arrays of fixed-size numbers.
    /// Byte swapping between little and big endian happens in these units.
    public var wordSize: Int {
        switch self {
        case .US, .SS, .OW: return 2
        case .UL, .SL, .FL, .OF, .OL, .AT: return 4
        case .FD, .OD, .SV, .UV, .OV: return 8
        default: return 1
        }
    }

    /// Binary VRs that the JSON model writes as bulk data or InlineBinary.
    public var isBinaryBlob: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .UN: return true;
        default: return false
        }
    }
    /// Binary VRs that the JSON model writes as JSON numbers (AT as hex strings).
    public var isBinaryNumber: Bool {
        switch self {
        case .US, .SS, .UL, .SL, .FL, .FD, .SV, .UV, .AT: return true;
        default: return false
        }
    }

    /// Byte used to pad values to even length.
    public var paddingByte: UInt8 {
        switch self {
        case .UI: return 0
        case .OB, .UN: return 0
        default: return isString ? 0x20 : 0
        }
    }
}
