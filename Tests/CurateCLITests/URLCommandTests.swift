import Testing

@Suite struct URLCommandTests {
    @Test func printsOneKeyPerLineAndAnEmptyLineForBadInput() throws {
        let result = try CLI.run(["url"], stdin: "https://www.example.com/a/?utm_source=x\nnot a url\nHTTP://EXAMPLE.com/a\n")
        #expect(result.status == 1)
        #expect(result.stdout == "example.com/a\n\nexample.com/a\n")
        #expect(result.stderr.contains("stdin:2"))
    }

    @Test func explainsTheSteps() throws {
        let result = try CLI.run(["url", "--explain", "http://www.example.com/a/index.html?utm_source=x"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("example.com/a\n"))
        #expect(result.stdout.contains("tracking parameter utm_source dropped"))
    }
}
