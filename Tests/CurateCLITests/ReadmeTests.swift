import Foundation
import Testing

/// The README's rule table is `curate rules`, so the two cannot drift apart.
@Suite struct ReadmeTests {
    @Test func ruleTableMatchesCurateRules() throws {
        let result = try CLI.run(["rules", "--format", "json"])
        #expect(result.status == 0)
        let rules = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| `") }.map(String.init)
        let expected = rules.map { rule in
            "| `\(rule["id"]!)` | \(rule["severity"]!) | \((rule["fixable"] as! Bool) ? "yes" : "no") | \(rule["summary"]!) |"
        }
        #expect(rows == expected, "README.md's rule table must be exactly the rows of curate rules")
    }

    @Test func setupAndTestCommandsAreTheScriptsCIRuns() throws {
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("scripts/setup"))
        #expect(readme.contains("scripts/test"))
        let ci = try String(contentsOf: CLI.packageRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.contains("scripts/test"))
    }
}

/// Documentation/URLIdentity.md's table is `curate url --domains`.
@Suite struct URLIdentityDocumentationTests {
    @Test func domainTableMatchesCurateURLDomains() throws {
        let result = try CLI.run(["url", "--domains", "--format", "json"])
        #expect(result.status == 0)
        let rules = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
        let page = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Documentation/URLIdentity.md"), encoding: .utf8)
        let rows = page.split(separator: "\n").filter { $0.hasPrefix("| `") }.map(String.init)
        let expected = rules.map { rule in
            "| `\(rule["id"]!)` | \((rule["hosts"] as! [String]).joined(separator: ", ")) | \(rule["summary"]!) |"
        }
        #expect(rows == expected, "Documentation/URLIdentity.md's table must be exactly curate url --domains")
    }
}
