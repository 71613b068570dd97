import CustodiaCore
import Synchronization

/// The counters behind `Database.poolFigures()` (issue 15 point 4): every session the database opens takes a `Lease`.
final class PoolCounters: Sendable {
    let size: Int
    fileprivate let inUse = Atomic<Int>(0)
    fileprivate let waiting = Atomic<Int>(0)
    fileprivate let acquired = Atomic<Int>(0)
    fileprivate let timedOut = Atomic<Int>(0)

    init(size: Int) { self.size = size }

    func figures(engine: Database.Engine, writesQueued: Int?) -> ConnectionPoolFigures {
        ConnectionPoolFigures(
            engine: engine.rawValue, size: size, inUse: inUse.load(ordering: .relaxed),
            waiting: waiting.load(ordering: .relaxed), acquired: acquired.load(ordering: .relaxed),
            timedOut: timedOut.load(ordering: .relaxed), writesQueued: writesQueued)
    }
}

/// One request's wait for a connection and its hold of it: waiting from creation until `acquired` (or `failed`), in
/// use from `acquired` until `released`. A wait that ends in a busy pool counts once as timed out.
final class Lease: Sendable {
    private let counters: PoolCounters
    private let settled = Atomic<Bool>(false)

    init(_ counters: PoolCounters) {
        self.counters = counters
        counters.waiting.add(1, ordering: .relaxed)
    }

    func acquired() {
        guard !settled.exchange(true, ordering: .relaxed) else { return }
        counters.waiting.subtract(1, ordering: .relaxed)
        counters.acquired.add(1, ordering: .relaxed)
        counters.inUse.add(1, ordering: .relaxed)
    }

    func released() { counters.inUse.subtract(1, ordering: .relaxed) }

    /// The wait ended without a connection (a no-op once acquired: the body's own errors are not the pool's).
    func failed(_ error: any Error) {
        guard !settled.exchange(true, ordering: .relaxed) else { return }
        counters.waiting.subtract(1, ordering: .relaxed)
        if DatabaseFailure.isBusy(error) || error is StoreUnavailable { counters.timedOut.add(1, ordering: .relaxed) }
    }
}
