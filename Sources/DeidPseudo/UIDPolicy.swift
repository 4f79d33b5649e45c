import DICOMCore

/// Which UI values are identities to replace and which name something defined once for
/// everybody. The rule, in order:
/// 1. A value that `UIDRegistry.isWellKnown` recognizes (everything under the DICOM root
///    1.2.840.10008, standard SOP classes, known private SOP classes and transfer
///    syntaxes) is kept, wherever it appears.
/// 2. A value of an element listed in `definitionTags` is kept: SOP classes, transfer
///    syntaxes, implementation and software versions, coding schemes and context groups.
///    These name kinds of things, never an instance, patient, device or organisation.
/// 3. Every other value of VR UI is replaced, at any depth, public or private, including
///    MediaStorageSOPInstanceUID in the file meta, (0040,A124) UID of SR UIDREF items and
///    Manufacturer's Device Class UID (which PS3.15 marks U although its name ends in
///    "ClassUID").
public enum UIDPolicy {
    /// Elements whose values define classes, syntaxes, schemes or software, never identities.
    public static let definitionTags: Set<Tag> = [
        // SOP classes
        0x0002_0002, 0x0002_0032, 0x0004_1510, 0x0004_151A, 0x0008_0016, 0x0008_001A,
        0x0008_001B, 0x0008_0062, 0x0008_1150, 0x0008_115A, 0x3010_0052, 0x3010_0053,
        // transfer syntaxes
        0x0002_0010, 0x0004_1512, 0x0008_040E, 0x0008_3002, 0x0034_0003, 0x0400_0010, 0x0400_0510,
        // implementations and software
        0x0002_0012, 0x0002_0100, 0x0008_9123,
        // coding schemes, context groups, mapping resources
        0x0008_010C, 0x0008_010D, 0x0008_0117, 0x0008_0118
    ].reduce(into: Set<Tag>()) { $0.insert(Tag($1)) }

    /// True when a value of `tag` must be kept as it is.
    @inline(__always)
    public static func keeps(tag: Tag) -> Bool { definitionTags.contains(tag) }

    /// True when `uid` (padding removed) must never be replaced.
    @inline(__always)
    public static func isWellKnown(_ uid: String) -> Bool { UIDRegistry.isWellKnown(uid) }
}
