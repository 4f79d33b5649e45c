import DICOMCore
import DICOMDeid
import Synchronization

/// The word index and free-text session built from the last record's known identifying
/// values, reused while the next record's values are the same (the records of one series,
/// one study or one patient mostly are): both depend on nothing else, so a record gets
/// exactly what building them anew would give. Also the profile's actions of attributes
/// no rule names, which depend on the tag only.
final class KnownValuesMemo: Sendable {
    private struct Last {
        var phi: [PHIKind: [String]]
        var index: KnownPHIIndex
        var session: (any FreeTextSession)?
    }
    private let last = Mutex<Last?>(nil)
    /// Profile actions of attributes no rule names, as first worked out (a profile's answer
    /// depends on the tag only); at most `maxActions` of them.
    private let actions = Mutex<[UInt32: Action]>([:])
    static let maxActions = 1 << 16

    /// The action `compute` gives `tag`, worked out once.
    func action(for tag: Tag, _ compute: (Tag) -> Action) -> Action {
        if let a = actions.withLock({ $0[tag.rawValue] }) { return a }
        let a = compute(tag)
        actions.withLock { if $0.count < KnownValuesMemo.maxActions { $0[tag.rawValue] = a } }
        return a
    }

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
