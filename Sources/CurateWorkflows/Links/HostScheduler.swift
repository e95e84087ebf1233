import Foundation

/// Politeness, per host: at most `hostConcurrency` requests at once, starts at least
/// `interval` apart, and a pause when the host asks for one (`Retry-After`).
///
/// A request slot is reserved together with its start time, and the worker sleeps until
/// then outside the lock; workers only wait on the lock when every host with work left
/// has all its slots taken. Workers take resources whose host has a free slot, the
/// soonest first, so one slow host never holds up the others.
final class HostScheduler: @unchecked Sendable {
    private struct HostState {
        var inFlight = 0
        var nextStart = Date.distantPast
        /// When the host's last request really started.
        var lastStart = Date.distantPast
        /// Until when the host asked to be left alone (`Retry-After`, a back-off).
        var pausedUntil = Date.distantPast
        var pending: [Int] = []
    }

    /// A request slot on a host, usable from `start`.
    struct Slot {
        var host: String
        var start: Date
    }

    /// Sleeps until `slot` may start, until `interval` has passed since the host's last
    /// request really started (a worker that woke late never lets the next one in early),
    /// and until a pause the host asked for since the slot was reserved is over.
    func begin(_ slot: Slot) {
        var delay = slot.start.timeIntervalSinceNow
        while true {
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
            condition.lock()
            let now = Date()
            let earliest = max(hosts[slot.host]!.lastStart.addingTimeInterval(interval), hosts[slot.host]!.pausedUntil)
            if now >= earliest {
                hosts[slot.host]!.lastStart = now
                condition.unlock()
                return
            }
            condition.unlock()
            delay = earliest.timeIntervalSince(now)
        }
    }

    private let condition = NSCondition()
    private var hosts: [String: HostState] = [:]
    /// Hosts in the order their first resource came, for fairness.
    private var order: [String] = []
    private var cursor = 0
    private var remaining = 0
    let hostConcurrency: Int
    let interval: Double

    init(hostConcurrency: Int, interval: Double) {
        self.hostConcurrency = max(1, hostConcurrency)
        self.interval = max(0, interval)
    }

    /// Queues resource `index`, first fetched from `host`.
    func add(_ index: Int, host: String) {
        condition.lock()
        defer { condition.unlock() }
        if hosts[host] == nil {
            hosts[host] = HostState()
            order.append(host)
        }
        hosts[host]!.pending.append(index)
        remaining += 1
    }

    /// How many hosts have resources queued.
    var hostCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return order.count
    }

    /// The next resource to check, with a slot on its host reserved; nil when every
    /// resource has been handed out. `preferred` (the worker's last host) comes first when
    /// its next slot is at most one interval after the soonest, so its connection is reused.
    func next(preferring preferred: String? = nil) -> (index: Int, slot: Slot)? {
        condition.lock()
        defer { condition.unlock() }
        while remaining > 0 {
            let now = Date()
            var chosen: String?
            var soonest = Date.distantFuture
            for offset in 0..<order.count {
                let host = order[(cursor + offset) % order.count]
                guard let state = hosts[host], isOpen(state), state.nextStart < soonest else { continue }
                chosen = host
                soonest = state.nextStart
                if soonest <= now {
                    cursor = (cursor + offset + 1) % order.count
                    break
                }
            }
            // The worker's last host, when its next slot comes no later than one interval
            // after the soonest: its connection is reused (a new one costs the host more
            // than the wait costs the run, other workers taking the sooner slot).
            if let preferred, preferred != chosen, let state = hosts[preferred], isOpen(state),
                state.nextStart <= max(soonest, now).addingTimeInterval(interval)
            {
                chosen = preferred
            }
            if let host = chosen {
                let index = hosts[host]!.pending.removeFirst()
                remaining -= 1
                return (index, reserve(host, now: now))
            }
            condition.wait()
        }
        return nil
    }

    private func isOpen(_ state: HostState) -> Bool {
        !state.pending.isEmpty && state.inFlight < hostConcurrency
    }

    /// Reserves a slot on `host`, waiting only while all its slots are taken.
    func acquire(_ host: String) -> Slot {
        condition.lock()
        defer { condition.unlock() }
        if hosts[host] == nil {
            hosts[host] = HostState()
            order.append(host)
        }
        while hosts[host]!.inFlight >= hostConcurrency {
            condition.wait()
        }
        return reserve(host, now: Date())
    }

    private func reserve(_ host: String, now: Date) -> Slot {
        let start = max(hosts[host]!.nextStart, now)
        hosts[host]!.inFlight += 1
        hosts[host]!.nextStart = start.addingTimeInterval(interval)
        return Slot(host: host, start: start)
    }

    /// Gives a slot back.
    func release(_ host: String) {
        condition.lock()
        defer { condition.unlock() }
        hosts[host]!.inFlight -= 1
        condition.broadcast()
    }

    /// Holds every request to `host` for `seconds` (a `Retry-After`, a back-off).
    func pause(_ host: String, seconds: Double) {
        condition.lock()
        defer { condition.unlock() }
        if hosts[host] == nil {
            hosts[host] = HostState()
            order.append(host)
        }
        let until = Date().addingTimeInterval(seconds)
        hosts[host]!.nextStart = max(hosts[host]!.nextStart, until)
        hosts[host]!.pausedUntil = max(hosts[host]!.pausedUntil, until)
    }
}
