import DICOMStream

/// The safety interlock dcm-write applies: a record may be written only when a
/// de-identification profile was applied and every step it requires has run.
public enum Interlock {
    /// Why `record` is not ready to be written, or nil when it is. The message names each
    /// missing step, the stage that carries it out, why a stage left it undone (the step's
    /// note) and the way out; it never holds a value of the record.
    public static func missingSteps(_ record: Record) -> String? {
        let state = record.deid
        guard state.profile != nil else {
            return "not de-identified: dcm-scrub did not run (pass --allow-incomplete to write it anyway)"
        }
        let outstanding = state.outstanding
        guard outstanding.isEmpty else {
            let steps = outstanding.map { s in
                state.notes[s.rawValue].map { "\(s.rawValue) (\($0))" } ?? s.rawValue
            }
            var stages: [String] = []
            for s in outstanding where !stages.contains(stage(for: s)) { stages.append(stage(for: s)) }
            return "de-identification incomplete: required steps not run: " + steps.joined(separator: ", ")
                + "; run " + stages.joined(separator: " and ") + " before dcm-write"
                + (outstanding.contains(.cleanPixels)
                    ? " (or dcm-scrub --no-clean-pixel-data when the images hold no burned-in text)" : "")
                + ", or pass --allow-incomplete to write it anyway"
        }
        return nil
    }

    /// The stage that carries out a step.
    public static func stage(for step: DeidState.Step) -> String {
        switch step {
        case .pseudonymizePatient, .remapUIDs, .shiftDates: return "dcm-pseudo"
        case .cleanPixels: return "dcm-redact-pixels"
        }
    }
}
