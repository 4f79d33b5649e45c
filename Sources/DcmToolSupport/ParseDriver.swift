import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream

/// What became of one input.
public enum ParseOutcome {
    case record(Record)
    /// The input is not DICOM at all (skipped unless the user asked for strictness).
    case notDICOM(String)
    /// The input is a DICOMDIR and was not passed on (see `ParseDriver.passDirectories`).
    case directory(String)
    case failed(ErrorRecord)
}

/// Reads inputs into records for dcm-parse and dcm-json.
public struct ParseDriver {
    public var reader: Part10Reader
    /// Pass DICOMDIRs on as records. Off by default: a DICOMDIR's directory records name
    /// files by their paths on the source media, often made of Patient IDs, and would
    /// publish the link beside the pseudonym; `dcm-write --dicomdir` builds a fresh one.
    /// Inspection tools (dcm-json) turn it on.
    public var passDirectories = false
    /// The message for a DICOMDIR input that is not passed on.
    public static let directorySkipReason = "DICOMDIR: its directory records are not copied (dcm-write --dicomdir builds a new one)"

    public init(reader: Part10Reader = Part10Reader(), passDirectories: Bool = false) {
        self.reader = reader; self.passDirectories = passDirectories
    }

    public func parse(_ input: InputFile) -> ParseOutcome {
        do {
            let file: DICOMFile
            if input.path == "-" {
                file = try reader.read(bytes: InputWalker.readAll(fd: 0))
            } else {
                file = try reader.read(contentsOf: input.path)
            }
            if !passDirectories && BasicDirectory.isDirectory(file) { return .directory(Self.directorySkipReason) }
            var record = Record(source: input.path, file: file)
            if input.root != input.path { record[extra: "sourceRoot"] = .string(input.root) }
            return .record(record)
        } catch let e as DICOMReadError where e.kind == .notDICOM {
            return .notDICOM(e.description)
        } catch {
            return .failed(ErrorRecord(source: input.path, stage: "dcm-parse", error: error))
        }
    }
}
