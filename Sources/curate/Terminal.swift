import CurateKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writing to stdout and stderr, with colour only on a terminal and never under NO_COLOR.
enum Terminal {
    static let colorOutput: Bool = isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    static let colorError: Bool = isatty(2) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    enum Color: String {
        case red = "31", yellow = "33", green = "32", cyan = "36", bold = "1", dim = "2"
    }

    static func paint(_ text: String, _ color: Color, error: Bool = false) -> String {
        (error ? colorError : colorOutput) ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Buffered standard output.
    nonisolated(unsafe) private static var buffer: [UInt8] = []

    static func out(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count > 1 << 16 { flush() }
    }

    static func outBytes(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count > 1 << 16 { flush() }
    }

    /// Writes `bytes` to standard output without copying them into the buffer.
    static func writeDirectly(_ bytes: [UInt8]) {
        flush()
        write(bytes)
    }

    static func flush() {
        write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func write(_ bytes: [UInt8]) {
        write(bytes, to: 1)
    }

    /// Writes all of `bytes` to `descriptor`, or as much as it takes: a reader that stopped
    /// reading (`curate check | head -1`) gets no more, and the run goes on to its exit code.
    private static func write(_ bytes: [UInt8], to descriptor: Int32) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let n = Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if n <= 0 { if errno == EINTR { continue } else { break } }
                written += n
            }
        }
    }

    /// A pipe closed by its reader makes writes fail (EPIPE) instead of killing the process
    /// with SIGPIPE: no input makes curate die by a signal. A handler that does nothing,
    /// not SIG_IGN, so that the programs curate starts (git) get the default back.
    static func surviveClosedPipes() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        sigaction(SIGPIPE, &action, nil)
    }

    static func err(_ text: String) {
        flush()
        write(Array((text + "\n").utf8), to: 2)
    }

    static func error(_ error: ReportableError) {
        err("curate: \(paint("error:", .red, error: true)) \(error.what) (\(error.location))")
        if let hint = error.hint, !hint.isEmpty { err("  \(hint)") }
    }
}
