import Foundation

/// A table of facts by host name, read for a host and each of its parent domains (`c`,
/// `b.c`, `a.b.c`) in one backwards pass over the host's bytes.
///
/// Every URL looks up every parent domain of its host: with a `Dictionary` that is one
/// Substring and one SipHash of it per label. Here the hash of a suffix extends the hash
/// of the shorter suffix after it (FNV-1a over the bytes read from the end), so the
/// hashes of all the suffixes cost one pass, and a probe compares bytes only when a
/// hash matches.
struct HostTable<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var hash: UInt64
        /// Where the name is in ``names``.
        var name: Range<Int>
        var value: Value
    }

    /// The names, one after the other (one buffer, not one array per name).
    private let names: [UInt8]
    private let entries: [Entry]
    /// ``ByteHashing/slots(_:)`` of the entries.
    private let slots: [Int32]

    /// `entries` with unique names.
    init(_ values: [(name: String, value: Value)]) {
        var names: [UInt8] = []
        var entries: [Entry] = []
        for (name, value) in values {
            let start = names.count
            names.append(contentsOf: name.utf8)
            let hash = names[start...].reversed().reduce(ByteHashing.seed, ByteHashing.hash)
            entries.append(Entry(hash: hash, name: start..<names.count, value: value))
        }
        self.names = names
        self.entries = entries
        self.slots = ByteHashing.slots(entries.map(\.hash))
    }

    /// Calls `body` with the value of each of `host`'s suffixes that starts a label and is
    /// in the table, the shortest first (the same suffixes as ``forEachSuffix(of:_:)``).
    func forEachSuffix(of host: String, _ body: (Value) -> Void) {
        guard !entries.isEmpty, !host.isEmpty else { return }
        var host = host
        host.withUTF8 { bytes in
            names.withUnsafeBufferPointer { names in
                entries.withUnsafeBufferPointer { entries in
                    slots.withUnsafeBufferPointer { slots in
                        let mask = slots.count - 1
                        var hash = ByteHashing.seed
                        var start = bytes.count
                        while true {
                            if start == 0 || bytes[start - 1] == UInt8(ascii: ".") {
                                // Probe for the suffix from `start`.
                                var slot = Int(truncatingIfNeeded: hash) & mask
                                while slots[slot] != 0 {
                                    let entry = entries[Int(slots[slot]) - 1]
                                    if entry.hash == hash, entry.name.count == bytes.count - start,
                                        memcmp(
                                            names.baseAddress! + entry.name.lowerBound, bytes.baseAddress! + start,
                                            entry.name.count) == 0
                                    {
                                        body(entry.value)
                                        break
                                    }
                                    slot = (slot + 1) & mask
                                }
                            }
                            guard start > 0 else { return }
                            start -= 1
                            hash = ByteHashing.hash(hash, bytes[start])
                        }
                    }
                }
            }
        }
    }
}
