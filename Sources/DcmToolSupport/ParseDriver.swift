import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream

/// What became of one input.
public enum ParseOutcome {
    case record(Record)
    /// The input is not DICOM at all (skipped unless the user asked for strictness).
    case notDICOM(String)
    case failed(ErrorRecord)
}

/// Reads inputs into records for dcm-parse and dcm-json.
public struct ParseDriver {
    public var reader: Part10Reader
    public init(reader: Part10Reader = Part10Reader()) { self.reader = reader }

    public func parse(_ input: InputFile) -> ParseOutcome {
        do {
            let file: DICOMFile
            if input.path == "-" {
                file = try reader.read(bytes: InputWalker.readAll(fd: 0))
            } else {
                file = try reader.read(contentsOf: input.path)
            }
            var record = Record(source: input.path, file: file)
            if input.root != input.path { record[extra: "sourceRoot"] = .string(input.root) }
            return .record(record)
        } catch let e as DICOMReadError where e.kind == .notDICOM {
            return .notDICOM(e.description)
        } catch {
            return .failed(ErrorRecord(source: input.path, stage: "dcm-parse", message: "\(error)"))
        }
    }
}
