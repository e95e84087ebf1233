/// `.gitattributes` lines, written as git reads them.
public enum GitAttributes {
    /// The pattern that matches exactly the file at `path` (from the repository's root):
    /// `/path` with glob characters escaped, in C-style double quotes when the path holds
    /// a space, a quote, a control character or non-ASCII text (git reads such a pattern
    /// only quoted, and warns on every command otherwise).
    public static func pattern(forPath path: String) -> String {
        var escaped = "/"
        for character in path {
            if "*?[]\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        let needsQuotes = escaped.utf8.contains { $0 <= 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\"") }
        guard needsQuotes else { return escaped }
        var quoted = "\""
        for byte in escaped.utf8 {
            switch byte {
            case UInt8(ascii: "\""): quoted += "\\\""
            case UInt8(ascii: "\\"): quoted += "\\\\"
            case UInt8(ascii: "\t"): quoted += "\\t"
            case UInt8(ascii: "\n"): quoted += "\\n"
            case 0x20: quoted += " "
            case 0x21..<0x7F: quoted.append(Character(UnicodeScalar(byte)))
            default: quoted += "\\" + String(byte, radix: 8).leftPadded(to: 3)
            }
        }
        return quoted + "\""
    }

    /// The line that gives `path` the merge driver `driver`.
    public static func mergeLine(forPath path: String, driver: String) -> String {
        pattern(forPath: path) + " merge=" + driver
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
