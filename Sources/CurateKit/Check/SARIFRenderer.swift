/// SARIF 2.1.0 (the format of GitHub code scanning) for findings and reviews: one run of
/// the `curate` tool, its rules described, each result with a stable fingerprint made from
/// the dedupe key of the link involved, so a finding keeps its identity when lines move.
public enum SARIFRenderer {
    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    /// The findings of `curate check`; `fingerprints` parallel to `findings`.
    public static func findings(_ findings: [Finding], fingerprints: [String], version: String) -> JSON {
        let descriptions = RuleRegistry.descriptions
        let rules = descriptions.map { rule -> JSON in
            .object([
                ("id", .string(rule.id)),
                ("shortDescription", .object([("text", .string(rule.summary))])),
                ("fullDescription", .object([("text", .string(rule.rationale))])),
                ("defaultConfiguration", .object([("level", .string(level(rule.defaultSeverity)))])),
                ("properties", .object([("fixable", .bool(rule.fixable))])),
            ])
        }
        let index = Dictionary(uniqueKeysWithValues: descriptions.enumerated().map { ($1.id, $0) })
        let results = zip(findings, fingerprints).map { finding, fingerprint -> JSON in
            var fields: [(String, JSON)] = [("ruleId", .string(finding.rule))]
            if let ruleIndex = index[finding.rule] { fields.append(("ruleIndex", .number(ruleIndex))) }
            fields += [
                ("level", .string(level(finding.severity))),
                ("message", .object([("text", .string(finding.message))])),
                ("locations", .array([location(path: finding.path, line: finding.line, column: finding.column)])),
                ("partialFingerprints", .object([("curateKey/v1", .string(fingerprint))])),
            ]
            return .object(fields)
        }
        return document(rules: rules, results: results, version: version)
    }

    /// A review (`curate diff`): a result for each proposal that is not `new`, where it
    /// was written (`file:line` origins), fingerprinted by its dedupe key.
    public static func review(_ results: [ReviewResult], version: String) -> JSON {
        let statuses: [(ReviewStatus, String, Severity)] = [
            (.duplicate, "The post already lists this resource, under some URL form.", .error),
            (.nearDuplicate, "An entry of the post very likely names the same resource.", .warning),
            (.invalid, "The proposal cannot be added as it is.", .error),
            (.conflict, "The entry was changed differently on both sides.", .error),
        ]
        let rules = statuses.map { status, text, severity -> JSON in
            .object([
                ("id", .string(status.rawValue)),
                ("shortDescription", .object([("text", .string(text))])),
                ("defaultConfiguration", .object([("level", .string(level(severity)))])),
            ])
        }
        var seen: [String: Int] = [:]
        let reported = results.compactMap { result -> JSON? in
            guard let ruleIndex = statuses.firstIndex(where: { $0.0 == result.status }) else { return nil }
            var message = "\(result.status.rawValue): \(result.proposal.title) <\(result.proposal.url)>"
            if let existing = result.existing { message += " ~ \(existing.title) (line \(existing.line))" }
            if let reason = result.reason { message += ": \(reason)" }
            var fields: [(String, JSON)] = [
                ("ruleId", .string(result.status.rawValue)), ("ruleIndex", .number(ruleIndex)),
                ("level", .string(level(statuses[ruleIndex].2))), ("message", .object([("text", .string(message))])),
            ]
            if let (path, line) = origin(result.proposal.origin) {
                fields.append(("locations", .array([location(path: path, line: line, column: 1)])))
            }
            let base = fingerprint(result.status.rawValue, result.key ?? result.proposal.url)
            let occurrence = seen[base, default: 0]
            seen[base] = occurrence + 1
            fields.append(
                ("partialFingerprints", .object([("curateKey/v1", .string(base + (occurrence > 0 ? ":\(occurrence)" : "")))])))
            return .object(fields)
        }
        return document(rules: rules, results: reported, version: version)
    }

    /// Stable fingerprints for `findings` of `post`: the rule and the dedupe key of the
    /// first link on the finding's line (else the line's text), numbered when repeated.
    public static func fingerprints(_ findings: [Finding], post: Post, identity: URLIdentity) -> [String] {
        var firstLink: [Int: Int] = [:]
        for (index, link) in post.links.enumerated() where firstLink[link.line] == nil { firstLink[link.line] = index }
        var seen: [String: Int] = [:]
        return findings.map { finding in
            let subject: String
            if let link = firstLink[finding.line] {
                subject = (try? identity.key(for: post.links[link].url)) ?? post.links[link].url
            } else if finding.line >= 1, finding.line <= post.lines.count {
                subject = post.lineText(finding.line).trimmingSpaces()
            } else {
                subject = ""
            }
            let base = fingerprint(finding.rule, subject)
            let occurrence = seen[base, default: 0]
            seen[base] = occurrence + 1
            return base + (occurrence > 0 ? ":\(occurrence)" : "")
        }
    }

    static func fingerprint(_ rule: String, _ subject: String) -> String {
        let hex = String(StableHash.fnv1a(rule + "\u{0}" + subject), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        default: return "note"
        }
    }

    static func location(path: String, line: Int, column: Int) -> JSON {
        .object([
            (
                "physicalLocation",
                .object([
                    ("artifactLocation", .object([("uri", .string(uri(path)))])),
                    ("region", .object([("startLine", .number(max(1, line))), ("startColumn", .number(max(1, column)))])),
                ])
            )
        ])
    }

    /// A relative path as a URI reference (`_posts/a%20b.md`).
    static func uri(_ path: String) -> String {
        var result = ""
        for scalar in path.unicodeScalars {
            if scalar.isASCII,
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~/".unicodeScalars.contains(scalar)
            {
                result.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2) }
            }
        }
        return result
    }

    /// `path:line` as written in a proposal's origin.
    static func origin(_ origin: String) -> (String, Int)? {
        guard let colon = origin.lastIndex(of: ":"), let line = Int(origin[origin.index(after: colon)...]) else { return nil }
        return (String(origin[..<colon]), line)
    }

    static func document(rules: [JSON], results: [JSON], version: String) -> JSON {
        .object([
            ("$schema", .string(schema)),
            ("version", .string("2.1.0")),
            (
                "runs",
                .array([
                    .object([
                        (
                            "tool",
                            .object([
                                (
                                    "driver",
                                    .object([
                                        ("name", .string("curate")), ("version", .string(version)),
                                        ("rules", .array(rules)),
                                    ])
                                )
                            ])
                        ),
                        ("results", .array(results)),
                    ])
                ])
            ),
        ])
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
