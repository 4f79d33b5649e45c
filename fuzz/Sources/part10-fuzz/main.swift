// libFuzzer entry point (built with -sanitize=fuzzer,address -parse-as-library, so libFuzzer
// supplies main). Reading must only ever throw; whatever is read must write, read back and
// write again to the same bytes, and pass through the stream's JSON without loss.
import CFuzzerDriver
import DICOMCore
import DICOMObject
import DICOMPart10
import DICOMStream

/// SwiftPM links executables with `main` aliased to `<module>_main`, which
/// -parse-as-library never emits; this is that function, handing over to libFuzzer.
@_cdecl("part10_fuzz_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var args = argv
    return LLVMFuzzerRunDriver(&count, &args) { data, size in fuzzOneInput(data, size) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    checkDecoders(bytes)
    var options = Part10Reader.Options()
    options.bulkThreshold = 64  // exercise bulk references on small inputs too
    let reader = Part10Reader(options: options)
    guard let file = try? reader.read(bytes: bytes) else { return 0 }

    // A file that was read but cannot be written (a value too long for its VR's length
    // field, say) is refused with an error, which is fine; anything written must be stable.
    guard let written = try? Part10Writer().encode(file) else { return 0 }
    let again: DICOMFile
    do { again = try reader.read(bytes: written) } catch {
        fatalError("the writer's output does not read back: \(error)")
    }
    guard let rewritten = try? Part10Writer().encode(again), rewritten == written else {
        fatalError("writing what was read from the writer's output changes it")
    }

    // The stream header must carry everything the writer needs.
    let (json, bulk) = RecordCodec.encode(Record(source: "fuzz", file: file))
    let decoded: Record
    do { decoded = try RecordCodec.decode(json) } catch {
        fatalError("RecordCodec cannot decode its own output: \(error)")
    }
    // The direct header decoder and the JSON-tree path agree on headers, damaged ones too:
    // one byte replaced and the header cut, where the input's last bytes say.
    if let k = bytes.last.map(Int.init), !json.isEmpty {
        var damaged = json
        damaged[(k * 7919 + bytes.count) % json.count] = bytes[bytes.count / 2]
        checkDecoders(damaged)
        checkDecoders(Array(json.prefix((k * 131 + bytes.count) % json.count)))
    }
    var values: [Int: BulkData] = [:]
    for (id, b) in bulk { values[id] = b }
    var back = decoded.file
    back.meta = resolve(back.meta, values)
    back.dataset = resolve(back.dataset, values)
    guard let streamed = try? Part10Writer().encode(back), streamed == written else {
        fatalError("a record through the stream JSON writes different bytes")
    }
    return 0
}

/// Replaces `.stream(id)` bulk references by the values the encoder handed out.
func resolve(_ ds: DataSet, _ values: [Int: BulkData]) -> DataSet {
    var out = ds
    for i in out.elements.indices {
        switch out.elements[i].value {
        case .bulk(let b):
            if case .stream(let id) = b.storage, let v = values[id] {
                var r = v
                r.encapsulated = b.encapsulated
                out.elements[i].value = .bulk(r)
            }
        case .items(let items):
            out.elements[i].value = .items(items.map { resolve($0, values) })
        case .bytes:
            break
        }
    }
    return out
}

/// Both ways of decoding a record header must accept the same texts and give the same records.
func checkDecoders(_ header: [UInt8]) {
    let direct = try? RecordCodec.decode(header)
    let tree = (try? JSONParser.parse(header)).flatMap { try? RecordCodec.decode($0) }
    switch (direct, tree) {
    case (nil, nil): return
    case let (d?, t?):
        if RecordCodec.encode(d).json != RecordCodec.encode(t).json { fatalError("the header decoders give different records") }
    default:
        fatalError("one header decoder accepts what the other refuses")
    }
}
