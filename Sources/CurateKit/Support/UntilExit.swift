import Foundation

/// Values a command-line run keeps until its process exits, rather than free them piece by
/// piece just before it does: the entries, links and strings of a 100k-entry post take
/// 30 to 40 ms to free. Only for a process that exits once its command is done; a program
/// that uses curate as a library does not call it.
public enum UntilExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []

    public static func keep(_ value: Any) {
        lock.withLock { kept.append(value) }
    }
}
