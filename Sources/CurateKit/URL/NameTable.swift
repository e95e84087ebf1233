/// Lowercase ASCII names in groups (a group per host with its own tracking names, and
/// one for every host), looked up on the bytes of a name: no String and no SipHash per
/// query parameter.
///
/// One FNV-1a hash of the name serves every group: a group only mixes its number into
/// the slot and the stored hash, so a URL's parameter is hashed once whatever the number
/// of groups it is looked up in.
struct NameTable: Sendable {
    private struct Entry: Sendable {
        var hash: UInt64
        var name: Range<Int>
    }

    private let names: [UInt8]
    private let entries: [Entry]
    /// ``ByteHashing/slots(_:)`` of the entries.
    private let slots: [Int32]

    /// `groups[g]` are the names of group `g`, in lower case.
    init(groups: [[String]]) {
        var names: [UInt8] = []
        var entries: [Entry] = []
        for (group, members) in groups.enumerated() {
            for name in Set(members) {
                let start = names.count
                names.append(contentsOf: name.utf8)
                let hash = Self.mix(names[start...].reduce(ByteHashing.seed, ByteHashing.hash), group: group)
                entries.append(Entry(hash: hash, name: start..<names.count))
            }
        }
        self.names = names
        self.entries = entries
        self.slots = ByteHashing.slots(entries.map(\.hash))
    }

    @inline(__always)
    private static func mix(_ hash: UInt64, group: Int) -> UInt64 {
        group == 0 ? hash : (hash ^ UInt64(group) &* 0x9E37_79B9_7F4A_7C15) &* 0x100_0000_01b3
    }

    /// The hash of `name` (lower case) to pass to ``contains(_:hash:group:)``.
    @inline(__always)
    static func hash(of name: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = ByteHashing.seed
        for byte in name { hash = ByteHashing.hash(hash, byte) }
        return hash
    }

    /// Whether group `group` holds `name` (lower case), whose ``hash(of:)`` is `hash`.
    @inline(__always)
    func contains(_ name: UnsafeBufferPointer<UInt8>, hash: UInt64, group: Int) -> Bool {
        let mixed = Self.mix(hash, group: group)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: mixed) & mask
        while true {
            let index = Int(slots[slot])
            if index == 0 { return false }
            let entry = entries[index - 1]
            if entry.hash == mixed, names[entry.name].elementsEqual(name) { return true }
            slot = (slot + 1) & mask
        }
    }
}
