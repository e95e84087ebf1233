/// What ``HostTable`` and ``NameTable`` share: FNV-1a over bytes, and open addressing
/// with linear probing over the hashes of their entries.
enum ByteHashing {
    static var seed: UInt64 { 0xcbf2_9ce4_8422_2325 }

    @inline(__always)
    static func hash(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    /// The slots of a table whose entries have `hashes`, in order: each holds the index of
    /// an entry plus one, or 0 when empty; their count is a power of two at least twice
    /// the entries, so probes stay short.
    static func slots(_ hashes: [UInt64]) -> [Int32] {
        var size = 8
        while size < hashes.count * 2 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(index + 1)
        }
        return slots
    }
}
