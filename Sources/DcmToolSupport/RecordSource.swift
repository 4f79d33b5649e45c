import DICOMPart10
import DICOMStream

/// Where a tool that takes either a stream or files gets its records: a dcm-stream on
/// standard input (no inputs, or just `-`), or the files under `inputs` read as dcm-parse
/// reads them (`ParseDriver`). Shared by dcm-json and `dcm-pseudo regenerate-mapping`;
/// dcm-write and the stage runner read the stream form only (`StreamReader`).
public struct RecordSource {
    public enum Item {
        case record(Record)
        /// An error record of the stream, or an input that could not be read.
        case error(ErrorRecord)
        /// An input passed over: not DICOM, or a DICOMDIR the driver does not pass on.
        case skipped(path: String, why: String)
        /// A named input that is not there or not readable as a file or folder.
        case unusable(path: String, why: String)
    }

    public var inputs: [String]
    public var driver: ParseDriver
    /// The tool named in error records made here.
    public var stage: String
    /// Load the bulk data of stream records into memory before handing them out.
    public var loadBulk = false

    public init(inputs: [String], stage: String, driver: ParseDriver = ParseDriver()) {
        self.inputs = inputs; self.stage = stage; self.driver = driver
    }

    /// Whether the records come from a stream on standard input.
    public var readsStream: Bool { inputs.isEmpty || inputs == ["-"] }

    /// Hands out every item in order. A fault of the stream itself (bad header, a frame cut
    /// short) is thrown, as it ends the stream; everything about one record is an item.
    public func forEach(_ body: (Item) throws -> Void) throws {
        if readsStream {
            let input = try StreamReader(fd: 0)
            while let item = try input.next() {
                switch item {
                case .error(let e): try body(.error(e))
                case .record(let header):
                    let record: Record
                    do {
                        var r = try RecordCodec.decode(header)
                        if loadBulk { try input.loadBulk(into: &r) }
                        record = r
                    } catch let e as StreamError {
                        throw e
                    } catch {
                        try body(.error(ErrorRecord(source: "-", stage: stage, error: error)))
                        continue
                    }
                    try body(.record(record))
                }
            }
            return
        }
        var unusable: [(String, String)] = []
        let files = InputWalker.expand(inputs) { path, why in unusable.append((path, why)) }
        for (path, why) in unusable { try body(.unusable(path: path, why: why)) }
        for f in files {
            // Mapped until `body` is done with the record: a bus error meanwhile is this file's
            // (see `ToolLifetime.reportChangedInputs`).
            ToolLifetime.noteInput(f.path)
            defer { ToolLifetime.noteInput(nil) }
            switch driver.parse(f) {
            case .record(let r): try body(.record(r))
            case .notDICOM(let why), .directory(let why): try body(.skipped(path: f.path, why: why))
            case .failed(let e): try body(.error(e))
            }
        }
    }
}
