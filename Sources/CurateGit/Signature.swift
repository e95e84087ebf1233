/// Who made a commit.
public struct Signature: Sendable, Equatable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// Parses `Name <email>`; nil when it is not of that shape.
    public init?(parsing text: String) {
        // A line break or control character would corrupt the commit's author line.
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close,
            text[text.index(after: close)...].allSatisfy(\.isWhitespace)
        else { return nil }
        let name = text[..<open].trimmingCharacters(in: " \t")
        let email = String(text[text.index(after: open)..<close])
        guard !name.isEmpty, !email.isEmpty, !email.contains("<"), !name.contains("<"), !name.contains(">") else { return nil }
        self.init(name: name, email: email)
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
