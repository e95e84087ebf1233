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

@Suite struct URLCommandStreamTests {
    /// Many lines through the block reader: every line answered, in order, errors named by line.
    @Test func largePipedInputKeepsOrderAndLineNumbers() throws {
        var input = ""
        var expected = ""
        for index in 0..<200_000 {
            if index == 123_456 {
                input += "not a url\r\n"
                expected += "\n"
            } else {
                input += "https://www.Example.com/\(index)/?utm_source=x\n"
                expected += "example.com/\(index)\n"
            }
        }
        let result = try CLI.run(["url"], stdin: input)
        #expect(result.status == 1)
        #expect(result.stdout == expected)
        #expect(result.stderr.contains("(stdin:123457)"))
    }
}
