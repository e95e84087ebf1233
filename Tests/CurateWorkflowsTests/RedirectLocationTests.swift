import Testing

@testable import CurateWorkflows

/// A redirect's `Location` resolved as browsers resolve it (WHATWG URL), for http(s).
@Suite struct RedirectLocationTests {
    @Test(arguments: [
        ("/new", "http://h.example/a/b?q=1", "http://h.example/new"),
        ("new", "http://h.example/a/b?q=1", "http://h.example/a/new"),
        ("../g/./h", "http://h.example/e/f", "http://h.example/g/h"),
        ("../../../x", "http://h.example/a/b", "http://h.example/x"),
        ("?page=2", "http://h.example/a/b?q=1", "http://h.example/a/b?page=2"),
        ("#part", "http://h.example/a/b?q=1", "http://h.example/a/b?q=1#part"),
        ("\\d7\\new", "http://h.example/a", "http://h.example/d7/new"),
        ("http:/d13/new", "http://h.example:8080/a", "http://h.example:8080/d13/new"),
        ("https:/x", "http://h.example/a", "https://x"),
        ("//other.example/p", "https://h.example/a", "https://other.example/p"),
        ("HTTPS://Other.example/p", "http://h.example/a", "https://Other.example/p"),
        ("/d11/new?x=%zz", "http://h.example/a", "http://h.example/d11/new?x=%zz"),
        ("/caf\u{E9} au lait", "http://h.example/a", "http://h.example/caf%C3%A9%20au%20lait"),
        ("  /trimmed\t \n", "http://h.example/a", "http://h.example/trimmed"),
        ("/a/%2e%2e/b", "http://h.example/", "http://h.example/b"),
        ("/t17?x=%zz&y=\\", "http://h.example/a", "http://h.example/t17?x=%zz&y=\\"),
        ("/a{b}^c?d{e}", "http://h.example/", "http://h.example/a%7Bb%7D%5Ec?d{e}"),
        ("/t29?q='a'", "http://h.example/", "http://h.example/t29?q=%27a%27"),
    ])
    func resolvesAsBrowsersDo(location: String, base: String, expected: String) {
        #expect(RedirectLocation.resolve(location, against: base) == expected)
    }

    @Test(arguments: ["ftp://h.example/f", "javascript:alert(1)", "mailto:a@b.example", "file:///etc/passwd"])
    func otherSchemesAreNotFollowed(location: String) {
        #expect(RedirectLocation.resolve(location, against: "http://h.example/a") == nil)
    }
}
