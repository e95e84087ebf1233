import Testing
@testable import CurateKit

@Suite struct URLIdentityTests {
    let identity = URLIdentity()

    @Test(arguments: [
        ("HTTPS://Example.COM:443/a/./b/../c", "https://example.com/a/c"),
        ("https://example.com/a%7Eb", "https://example.com/a~b"),
        ("https://example.com/?b=2&a=1", "https://example.com/?a=1&b=2"),
        ("http://www.example.com/x/", "https://example.com/x"),
        ("https://user:pass@example.com/x", "https://example.com/x"),
        ("https://example.com./x/index.html", "https://example.com/x"),
        ("https://example.com/x?utm_source=a&utm_medium=b", "https://example.com/x"),
        ("https://example.com/x#section", "https://example.com/x"),
        ("https://example.com/x?", "https://example.com/x"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://example.com/a%2fb", "https://example.com/a%2Fb"),
        ("https://example.com/caf%c3%a9", "https://example.com/café"),
        ("https://en.m.wikipedia.org/wiki/X", "https://en.wikipedia.org/wiki/X"),
    ])
    func sameResource(a: String, b: String) throws {
        #expect(try identity.key(for: a) == identity.key(for: b))
    }

    @Test(arguments: [
        ("https://example.com/s?q=a%26b", "https://example.com/s?q=a&b"),
        ("https://example.com/Docs/Page", "https://example.com/docs/page"),
        ("https://example.com/?page=1", "https://example.com/?page=2"),
        ("https://example.com/app#/settings", "https://example.com/app#/profile"),
        ("https://example.com/x?ref=a", "https://example.com/x"),
        ("https://example.com/x?source=a", "https://example.com/x"),
        ("https://example.com:8080/x", "https://example.com/x"),
        ("https://rthaut.github.io/deviantART-Filter/", "https://rthaut.github.io/DeviantArt-Filter/"),
    ])
    func differentResources(a: String, b: String) throws {
        #expect(try identity.key(for: a) != identity.key(for: b))
    }

    @Test(arguments: [
        ("", URLProblem.empty), ("https://a.example/a b", .whitespace), ("ftp://a.example/", .notHTTP(scheme: "ftp")),
        ("javascript:alert(1)", .notHTTP(scheme: "javascript")), ("/about", .relative), ("https://", .noHost),
        ("https://a.example:70000/", .badPort("70000")), ("https://exa mple.com/", .whitespace),
    ])
    func refusesWhatIsNotAWebLink(url: String, problem: URLProblem) {
        #expect(throws: problem) { try identity.key(for: url) }
    }

    @Test func keysAreStableAndHaveNoWhitespace() throws {
        for url in ["https://Example.com/A/../B?z=1&a=%7e#/r", "http://www.x.example/?utm_source=1&b", "https://bücher.example/ü"] {
            let key = try identity.key(for: url)
            #expect(!key.contains { $0.isWhitespace })
            #expect(try identity.key(for: "https://" + key) == key)
        }
    }

    @Test func removesTrackingParametersKeepingTheRestAsWritten() {
        #expect(identity.removingTrackingParameters(from: "https://a.example/X?utm_source=n&id=3#Frag") == "https://a.example/X?id=3#Frag")
        #expect(identity.removingTrackingParameters(from: "https://a.example/x?fbclid=1") == "https://a.example/x")
        #expect(identity.removingTrackingParameters(from: "https://a.example/x?ref=1") == nil)
        #expect(identity.removingTrackingParameters(from: "https://youtu.be/BaW_jenozKc?si=x&t=3") == "https://youtu.be/BaW_jenozKc?t=3")
        #expect(identity.removingTrackingParameters(from: "https://other.example/?si=x") == nil)
    }
}
