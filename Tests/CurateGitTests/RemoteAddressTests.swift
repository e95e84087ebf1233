import Testing

@testable import CurateGit

/// How remote addresses split into identity and credentials.
@Suite struct RemoteAddressTests {
    @Test(
        arguments: [
            (
                "https://me:p%40ss@example.com:8443/org/list.git", "https://example.com:8443/org/list.git", "me", "p@ss",
                "example.com"
            ),
            ("https://token@example.com/list.git", "https://example.com/list.git", "token", nil, "example.com"),
            ("http://example.com/list.git", "http://example.com/list.git", nil, nil, "example.com"),
            ("ssh://git@example.com:2222/srv/list.git", "ssh://example.com:2222/srv/list.git", "git", nil, "example.com"),
            ("git://example.com/list.git", "git://example.com/list.git", nil, nil, "example.com"),
            ("git@github.com:org/list.git", "github.com:org/list.git", "git", nil, "github.com"),
            ("example.com:org/list.git", "example.com:org/list.git", nil, nil, "example.com"),
        ] as [(String, String, String?, String?, String)])
    func splitsIdentityFromCredentials(given: String, redacted: String, user: String?, password: String?, host: String) {
        let address = RemoteAddress(given)
        #expect(address.redacted == redacted)
        #expect(address.username == user)
        #expect(address.password == password)
        #expect(address.host == host)
        #expect(address.isNetwork)
        #expect(!address.forTransport.contains(":p%40ss") && !address.forTransport.contains("p@ss"))
    }

    @Test(arguments: ["../list", "/srv/list", "./a:b", "file:///srv/list"])
    func pathsAreNotNetworkAddresses(given: String) {
        #expect(!RemoteAddress(given).isNetwork)
    }

    @Test func messagesLoseTheCredentials() {
        let address = RemoteAddress("https://me:hunter2@example.com/list.git")
        #expect(
            address.redacting("could not read hunter2 from https://example.com/list.git")
                == "could not read *** from https://example.com/list.git")
        let scp = RemoteAddress("me@example.com:list.git")
        #expect(scp.redacting("failed: me@example.com:list.git") == "failed: example.com:list.git")
    }
}
