import DICOMCore

/// One data element. Values are kept as the bytes that encode them (little endian for
/// binary numbers, whatever the file used), so an unchanged element writes back exactly.
public struct Element: Sendable {
    public var tag: Tag
    /// The VR that gives the value its meaning (from the file, or the dictionary for implicit VR).
    public var vr: VR
    /// The VR written on the wire when it differs from `vr`, e.g. UN for a known public tag.
    public var wireVR: VR?
    /// The two VR bytes on the wire when they name no VR (two spaces, seen in the wild):
    /// such an element is read, as DCMTK reads it, with a 2-byte length and the VR its tag
    /// implies, and written back with the same bytes. First byte in the high half; 0 when
    /// the bytes named a VR (not optional: it fits the padding after `wireVR`, so elements,
    /// which the reader's deep recursion keeps many of on the stack, stay as small).
    public var wireVRCode: UInt16 = 0
    public var value: ElementValue
    /// A sequence (or encapsulated pixel data) written with undefined length and a delimiter.
    public var undefinedLength: Bool

    public init(tag: Tag, vr: VR, value: ElementValue, wireVR: VR? = nil, undefinedLength: Bool = false) {
        self.tag = tag; self.vr = vr; self.value = value; self.wireVR = wireVR
        self.undefinedLength = undefinedLength
    }

    /// An element holding `bytes` (not padded: the caller pads).
    public init(tag: Tag, vr: VR, bytes: [UInt8]) {
        self.init(tag: tag, vr: vr, value: .bytes(bytes))
    }

    /// The value bytes, or nil for sequences and bulk data.
    public var bytes: [UInt8]? { if case .bytes(let b) = value { return b } else { return nil } }
    /// The items of a sequence, or nil.
    public var items: [DataSet]? { if case .items(let i) = value { return i } else { return nil } }
    /// The bulk data reference, or nil.
    public var bulk: BulkData? { if case .bulk(let b) = value { return b } else { return nil } }
}

/// The value of an element.
public enum ElementValue: Sendable {
    /// Encoded value bytes, including any padding byte.
    case bytes([UInt8])
    /// Sequence items.
    case items([DataSet])
    /// A value held elsewhere: a file region, a stream frame, or a separate buffer.
    case bulk(BulkData)
}
