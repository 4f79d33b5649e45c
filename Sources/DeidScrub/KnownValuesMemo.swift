import DICOMDeid
import Synchronization

/// The word index and free-text session built from the last record's known identifying
/// values, reused while the next record's values are the same (the records of one series,
/// one study or one patient mostly are): both depend on nothing else, so a record gets
/// exactly what building them anew would give.
final class KnownValuesMemo: Sendable {
    private struct Last {
        var phi: [PHIKind: [String]]
        var index: KnownPHIIndex
        var session: (any FreeTextSession)?
    }
    private let last = Mutex<Last?>(nil)

    /// The word index of `phi`.
    func index(for phi: [PHIKind: [String]]) -> KnownPHIIndex {
        if let hit = last.withLock({ $0?.phi == phi ? $0?.index : nil }) { return hit }
        let made = KnownPHIIndex(phi)
        last.withLock { $0 = Last(phi: phi, index: made, session: nil) }
        return made
    }

    /// The free-text session of `phi` with `cleaner`, which is the same for every call.
    func session(for phi: [PHIKind: [String]], cleaner: any FreeTextCleaning) -> any FreeTextSession {
        if let hit = last.withLock({ $0?.phi == phi ? $0?.session : nil }) { return hit }
        let made = cleaner.session(knownPHI: phi)
        last.withLock { l in
            if l?.phi == phi { l?.session = made } else { l = Last(phi: phi, index: KnownPHIIndex(phi), session: made) }
        }
        return made
    }
}
