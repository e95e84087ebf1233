// libFuzzer entry point for the URL identity (built by scripts/fuzz-url, not by SwiftPM).
// Every input must give a key or a URLProblem, never a crash, and a key must be stable:
// the key of https:// + key is the key itself.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzURLIdentity(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let identity = URLIdentity()
    _ = identity.analyze(input)
    _ = identity.removingTrackingParameters(from: input)
    if let key = try? identity.key(for: input) {
        precondition(!key.contains { $0.isWhitespace }, "whitespace in the key of \(input.debugDescription)")
        let again = try? identity.key(for: "https://" + key)
        precondition(again == key, "unstable key: \(input.debugDescription) → \(key) → \(again ?? "error")")
    }
    return 0
}
