// libFuzzer entry point for what every stage does with its standard input: a hostile
// dcm-stream is read by the stage runner, passed through dcm-scrub's and dcm-pseudo's
// transforms, and what comes out is read again and written as Part 10 files, as dcm-write
// does. Each step may only throw (an error record or a fatal stream error); a crash, a
// hang or runaway memory is a finding.
import CFuzzerDriver
import DICOMCore
import DICOMDeid
import DICOMObject
import DICOMPart10
import DICOMStream
import DeidPseudo
import DeidScrub
#if canImport(Glibc)
import Glibc
#endif

@_cdecl("stream_fuzz_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var args = argv
    return LLVMFuzzerRunDriver(&count, &args) { data, size in fuzzOneInput(data, size) }
}

let scrubber = Scrubber(profile: Profile.builtin(named: "tcia")!)
let pseudonymizer = try! Pseudonymizer(config: PseudonymizerConfig(key: PseudonymKey(bytes: [UInt8](repeating: 7, count: 32))))

/// A file in memory holding `bytes`, rewound.
func memoryFile(_ bytes: [UInt8]) -> Int32 {
    let fd = fuzz_memory_file("stream-fuzz")
    precondition(fd >= 0, "memfd_create")
    var pos = 0
    bytes.withUnsafeBytes { b in
        while pos < b.count { let n = write(fd, b.baseAddress! + pos, b.count - pos); if n <= 0 { break }; pos += n }
    }
    lseek(fd, 0, SEEK_SET)
    return fd
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // Frames larger than this would only test the allocator.
    StreamReader.maxFrame.store(1 << 22, ordering: .relaxed)
    let inFD = memoryFile(bytes)
    defer { close(inFD) }
    let outFD = fuzz_memory_file("stream-fuzz-out")
    defer { close(outFD) }
    do {
        let input = try StreamReader(fd: inFD)
        let output = StreamWriter(fd: outFD)
        _ = try StageRunner(stage: "fuzz").run(input: input, output: output) { record in
            try scrubber.apply(to: &record)
            _ = try pseudonymizer.apply(to: &record)
        }
        try output.flush()
    } catch {
        return 0
    }
    // dcm-write's side: every record that came out must decode and write.
    lseek(outFD, 0, SEEK_SET)
    guard let reader = try? StreamReader(fd: outFD) else { fatalError("a stage's own output is not a stream") }
    do {
        while let item = try reader.next() {
            guard case .record(let header) = item else { continue }
            let record = try RecordCodec.decode(header)
            var provider = StreamBulkDataProvider(reader: reader)
            try Part10Writer().write(record.file, bulk: &provider) { _ in }
        }
    } catch {
        // Records may be refused (a value too long for its VR's length field, say).
    }
    return 0
}
