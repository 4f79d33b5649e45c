import DICOMPixels
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One OCR call: a picture, the page-segmentation mode, and how its boxes map back.
struct OCRJob {
    var image: GrayImage
    var sparse: Bool
    var scale: PictureScale
    var origin: (x: Double, y: Double)
    /// What the call is for, in DCM_PIXELS_DEBUG_CALLS lines.
    var purpose = ""
    /// Mean confidence under which a line is read again inverted (nil: the mode's default).
    var invertBelow: Double? = nil
}

/// Runs OCR calls on several Tesseract engines at once, one worker thread per engine
/// (an engine is not thread safe, so each is only ever used by one worker at a time).
final class OCRPool {
    let engines: [OCREngine]
    /// OCR calls made and pixels read (for DCM_PIXELS_DEBUG_TIME).
    var calls = 0, pixels = 0

    init(engines: [OCREngine]) {
        self.engines = engines
    }

    /// The words of each job, in job order. Jobs are taken in order by whichever worker
    /// is free, so a long call does not hold up the others.
    func run(_ jobs: [OCRJob]) -> [[OCRWord]] {
        calls += jobs.count
        pixels += jobs.reduce(0) { $0 + $1.image.width * $1.image.height }
        var results = [[OCRWord]](repeating: [], count: jobs.count)
        let workers = min(engines.count, jobs.count)
        if workers <= 1 {
            for (i, j) in jobs.enumerated() { results[i] = Self.call(engines[0], j) }
            return results
        }
        let next = Mutex(0)
        let found = Mutex(results)
        let engines = EnginePerWorker(engines: engines)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let engine = engines[w]
            while true {
                let i: Int = next.withLock { n in
                    defer { n += 1 }; return n
                }
                guard i < jobs.count else { break }
                let words = OCRPool.call(engine, jobs[i])
                found.withLock { $0[i] = words }
            }
        }
        return found.withLock { $0 }
    }

    /// The engines handed to the workers of one `run`. Safe to send although an engine is
    /// not thread safe: worker w alone uses engine w, and `run` returns only when every
    /// worker is done (a pool belongs to one redactor, used by one stage worker at a time).
    private struct EnginePerWorker: @unchecked Sendable {
        let engines: [OCREngine]
        subscript(w: Int) -> OCREngine { engines[w] }
    }

    private static let debugCalls = DebugEnv.flag("DCM_PIXELS_DEBUG_CALLS")

    private static func call(_ e: OCREngine, _ j: OCRJob) -> [OCRWord] {
        guard debugCalls else { return e.words(in: j.image, sparse: j.sparse, invertBelow: j.invertBelow, scale: j.scale, origin: j.origin) }
        var t = DebugClock.now(), c = DebugClock.threadCPU()
        let before = e.recognitions
        let w = e.words(in: j.image, sparse: j.sparse, invertBelow: j.invertBelow, scale: j.scale, origin: j.origin)
        let ms = DebugClock.since(&t), cpu = DebugClock.threadCPU() - c
        DebugEnv.say(
            "call \(j.purpose)\(j.image.width)x\(j.image.height) \(j.sparse ? "sparse" : "auto") scale \(j.scale.x)x\(j.scale.y) \(Int(ms * 10)) dms cpu \(Int(cpu * 10)) dms\(e.recognitions == before ? " cached" : " lines \(e.lastCost.lines) steps \(e.lastCost.steps) junk \(e.lastCost.junkSteps)") \(w.count) words: "
                + w.map { "\($0.text)/\(Int($0.confidence))" }.joined(separator: " "))
        return w
    }

    /// Pictures Tesseract read on the pool's engines (calls the cache answered not
    /// counted), since the engines were made.
    var recognitions: Int { engines.reduce(0) { $0 + $1.recognitions } }
}
