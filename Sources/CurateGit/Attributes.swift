import CGit2
import Foundation

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

extension Repository {
    /// The value of attribute `name` for `path` as git reads it (the working tree's
    /// `.gitattributes`, then the index's and HEAD's): nil when unspecified or unset,
    /// "" when set without a value.
    func attribute(_ name: String, of path: String) throws -> String? {
        var value: UnsafePointer<CChar>?
        // HEAD's `.gitattributes` only where there is no working tree (git reads it there).
        let flags = UInt32(GIT_ATTR_CHECK_FILE_THEN_INDEX) | (isBare ? UInt32(GIT_ATTR_CHECK_INCLUDE_HEAD) : 0)
        try GitError.check(git_attr_get(&value, pointer, flags, path, name), "read the \(name) attribute of \(path)")
        switch git_attr_value(value) {
        case GIT_ATTR_VALUE_STRING: return value.map { String(cString: $0) }
        case GIT_ATTR_VALUE_TRUE: return ""
        default: return nil
        }
    }

    /// The conversion git makes between the stored file and the working file at `path`
    /// that libgit2 does not make (a `filter` driver of the configuration: `git-crypt`,
    /// `git-lfs`, a clean and smudge pair; a `working-tree-encoding`), as its attribute;
    /// nil when there is none.
    public func conversionLibgit2Lacks(for path: String) throws -> String? {
        if let driver = try attribute("filter", of: path), !driver.isEmpty {
            // (A driver with a smudge command only stores the file as it is.)
            for command in ["clean", "process"] where try configString("filter.\(driver).\(command)") != nil {
                return "filter=\(driver)"
            }
            if Self.environmentConfigures(driver: driver, ["clean", "process"]) { return "filter=\(driver)" }
        }
        if let encoding = try attribute("working-tree-encoding", of: path), !encoding.isEmpty {
            return "working-tree-encoding=\(encoding)"
        }
        return nil
    }

    /// Whether git's configuration from the environment, which libgit2 does not read
    /// (`git -c`, `GIT_CONFIG_COUNT` and its keys, `GIT_CONFIG_GLOBAL`, `GIT_CONFIG_SYSTEM`),
    /// may give filter `driver` one of `commands` (the files those name are searched for
    /// its section; `git -c` and the counted keys for the keys, as text).
    static func environmentConfigures(driver: String, _ commands: [String]) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        let keys = commands.map { "filter.\(driver).\($0)".lowercased() }
        if let parameters = environment["GIT_CONFIG_PARAMETERS"]?.lowercased(), keys.contains(where: parameters.contains) {
            return true
        }
        if let count = environment["GIT_CONFIG_COUNT"].flatMap(Int.init), count > 0 {
            for index in 0..<min(count, 1000) {
                if let key = environment["GIT_CONFIG_KEY_\(index)"]?.lowercased(), keys.contains(key) { return true }
            }
        }
        for variable in ["GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM"] {
            guard let file = environment[variable], !file.isEmpty,
                let text = try? String(contentsOfFile: file, encoding: .utf8)
            else { continue }
            if text.lowercased().contains("[filter \"\(driver.lowercased())\"]") { return true }
        }
        return false
    }
}
