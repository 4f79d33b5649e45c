/// Attributes that PS3.15 Table E.1-1 marks X (remove) although some IOD of PS3.3 requires
/// them (Type 1 or 2C): removing them would make a conformant instance non-conformant, so they
/// are emptied instead. The table's combined codes (X/Z, X/D, Z/D, X/Z/D) already say this
/// for the other attributes; this list holds the cases the table does not cover.
enum ConformanceFloor {
    static let actions: [UInt32: Action] = [
        // Patient Module, Type 2C when the patient is an animal (Patient Species present).
        0x0010_2297: .empty,  // Responsible Person
        0x0010_2299: .empty,  // Responsible Organization
        // Presentation State Identification Module, Type 1.
        0x0070_0082: .dummy,  // Presentation Creation Date
        0x0070_0083: .dummy  // Presentation Creation Time
    ]
}
