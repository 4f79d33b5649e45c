import DICOMCore

/// Dummy values (action D): valid for their VR, identifying nothing.
enum DummyValue {
    /// Encoded, padded value bytes for `vr`; binary VRs get zeros of `length` bytes (at least
    /// one value).
    static func bytes(for vr: VR, length: Int) -> [UInt8] {
        let text: String
        switch vr {
        case .AE, .CS, .SH, .LO, .LT, .ST, .UT, .UC, .PN: text = "ANONYMIZED"
        case .AS: text = "000Y"
        case .DA: text = "19000101"
        case .DT: text = "19000101000000"
        case .TM: text = "000000"
        case .DS, .IS: text = "0"
        case .UI: text = "2.25.0"
        case .UR: text = ""
        case .US, .SS, .UL, .SL, .FL, .FD, .AT, .SV, .UV:
            let n = max(vr.wordSize, length - length % vr.wordSize)
            return [UInt8](repeating: 0, count: n)
        case .OB, .OD, .OF, .OL, .OV, .OW, .UN:
            return [UInt8](repeating: 0, count: length)
        case .SQ:
            return []
        }
        var b = Array(text.utf8)
        if b.count & 1 == 1 { b.append(vr.paddingByte) }
        return b
    }

    /// Longest value allowed for a VR with a fixed limit (PS3.5 6.2), in bytes per value.
    static func maxLength(_ vr: VR) -> Int? {
        switch vr {
        case .AE, .CS, .SH: return 16
        case .LO: return 64
        case .ST: return 1024
        case .LT: return 10240
        default: return nil
        }
    }
}
