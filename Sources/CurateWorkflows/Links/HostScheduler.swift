import Foundation

/// Politeness, per host: at most `hostConcurrency` requests at once, starts at least
/// `interval` apart, and a pause when the host asks for one (`Retry-After`). Workers take
/// resources whose host is ready, so one slow host never holds up the others.
final class HostScheduler: @unchecked Sendable {
    private struct HostState {
        var inFlight = 0
        var nextStart = Date.distantPast
        var pending: [Int] = []
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

    /// The next resource to check, with a request slot on its host already taken; nil
    /// when every resource has been handed out. A resource on `preferred` (the worker's
    /// last host) comes first when that host is ready, so its connection is reused.
    func next(preferring preferred: String? = nil) -> (index: Int, host: String)? {
        condition.lock()
        defer { condition.unlock() }
        while remaining > 0 {
            let now = Date()
            if let preferred, let state = hosts[preferred], !state.pending.isEmpty, state.inFlight < hostConcurrency,
                state.nextStart <= now
            {
                let index = hosts[preferred]!.pending.removeFirst()
                remaining -= 1
                start(preferred, now: now)
                return (index, preferred)
            }
            var earliest = Date.distantFuture
            for offset in 0..<order.count {
                let host = order[(cursor + offset) % order.count]
                guard let state = hosts[host], !state.pending.isEmpty, state.inFlight < hostConcurrency else { continue }
                if state.nextStart <= now {
                    cursor = (cursor + offset + 1) % order.count
                    let index = hosts[host]!.pending.removeFirst()
                    remaining -= 1
                    start(host, now: now)
                    return (index, host)
                }
                earliest = min(earliest, state.nextStart)
            }
            _ = condition.wait(until: min(earliest, now.addingTimeInterval(1)))
        }
        return nil
    }

    /// Takes a request slot on `host`, waiting for its turn.
    func acquire(_ host: String) {
        condition.lock()
        defer { condition.unlock() }
        if hosts[host] == nil {
            hosts[host] = HostState()
            order.append(host)
        }
        while true {
            let now = Date()
            let state = hosts[host]!
            if state.inFlight < hostConcurrency && state.nextStart <= now {
                start(host, now: now)
                return
            }
            _ = condition.wait(until: state.inFlight < hostConcurrency ? state.nextStart : now.addingTimeInterval(1))
        }
    }

    private func start(_ host: String, now: Date) {
        hosts[host]!.inFlight += 1
        hosts[host]!.nextStart = now.addingTimeInterval(interval)
    }

    /// Gives the slot back; `pause` (seconds) holds every request to the host that long.
    func release(_ host: String, pause: Double = 0) {
        condition.lock()
        defer { condition.unlock() }
        hosts[host]!.inFlight -= 1
        if pause > 0 {
            hosts[host]!.nextStart = max(hosts[host]!.nextStart, Date().addingTimeInterval(pause))
        }
        condition.broadcast()
    }
}
