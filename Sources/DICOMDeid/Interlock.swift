import DICOMStream

/// The safety interlock dcm-write applies: a record may be written only when a
/// de-identification profile was applied and every step it requires has run.
public enum Interlock {
    /// Why `record` is not ready to be written, or nil when it is.
    public static func missingSteps(_ record: Record) -> String? {
        let state = record.deid
        guard state.profile != nil else {
            return "not de-identified: dcm-scrub did not run (pass --allow-incomplete to write it anyway)"
        }
        let outstanding = state.outstanding
        guard outstanding.isEmpty else {
            return "de-identification incomplete: required steps not run: "
                + outstanding.map(\.rawValue).joined(separator: ", ")
                + " (pass --allow-incomplete to write it anyway)"
        }
        return nil
    }
}
