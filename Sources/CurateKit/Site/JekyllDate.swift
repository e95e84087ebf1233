/// The dates Jekyll accepts in front matter and post file names, read the way Ruby's
/// `Time.parse` reads their common forms: `2024-01-02`, `2024-1-2`, `2024/01/02`, with an
/// optional time (`10:00`, `10:00:00.5`, after a space or `T`) and zone (`Z`, `UTC`,
/// `+0530`, `+05:30`, `-7`) and the words Ruby passes over after them.
public struct JekyllDate: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date of `text`, or nil when Jekyll would refuse it.
    public static func parse(_ text: String) -> JekyllDate? {
        numeric(text) ?? named(text)
    }

    /// The days a post's front-matter `date` may put in its URL: its own, and when it has a
    /// time and a zone (`2020-02-03 23:30:00 -0500`), the days before and after too, since
    /// Jekyll reads it in the time zone the site is built in. Empty when it is no date.
    public static func publishedDays(_ text: String) -> [JekyllDate] {
        if let (date, zoned) = numericWithZone(text) {
            return zoned ? [date, date.adding(days: -1), date.adding(days: 1)] : [date]
        }
        return named(text).map { [$0] } ?? []
    }

    /// The day `days` after (or before, when negative) this one.
    public func adding(days: Int) -> JekyllDate {
        var date = self
        var remaining = days
        while remaining > 0 {
            remaining -= 1
            if date.day < Self.daysIn(month: date.month, year: date.year) {
                date.day += 1
            } else if date.month < 12 {
                (date.month, date.day) = (date.month + 1, 1)
            } else {
                (date.year, date.month, date.day) = (date.year + 1, 1, 1)
            }
        }
        while remaining < 0 {
            remaining += 1
            if date.day > 1 {
                date.day -= 1
            } else if date.month > 1 {
                date.month -= 1
                date.day = Self.daysIn(month: date.month, year: date.year)
            } else {
                (date.year, date.month, date.day) = (date.year - 1, 12, 31)
            }
        }
        return date
    }

    static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]

    /// Dates with the month's name, as Ruby's `Time.parse` reads them: `January 5, 2024`,
    /// `5 Jan 2024`, `Jan 5 2024 10:00` (a time after them passes).
    static func named(_ text: String) -> JekyllDate? {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard words.count >= 3 else { return nil }
        var month: Int?
        var numbers: [Int] = []
        for word in words.prefix(4) {
            if let number = Int(word), word.count <= 4 {
                numbers.append(number)
            } else if month == nil, word.count >= 3,
                let index = months.firstIndex(where: {
                    $0 == word || ($0.hasPrefix(word) && word.count == 3) || (word == "sept" && $0 == "september")
                })
            {
                month = index + 1
            } else if !numbers.isEmpty || month != nil {
                break
            }
        }
        guard let month, numbers.count >= 2 else { return nil }
        let year = numbers.first { $0 >= 1000 }
        let day = numbers.first { $0 >= 1 && $0 <= 31 }
        guard let year, let day, day <= daysIn(month: month, year: year) else { return nil }
        return JekyllDate(year: year, month: month, day: day)
    }

    /// `2024-01-02`, `2024/1/2`, with an optional time and zone.
    static func numeric(_ text: String) -> JekyllDate? {
        numericWithZone(text)?.date
    }

    /// ``numeric(_:)``, and whether a zone follows the time (`Z`, `UTC`, `+0530`, `-7`).
    static func numericWithZone(_ text: String) -> (date: JekyllDate, zoned: Bool)? {
        var scanner = Scanner(Array(text.trimmingSpaces().utf8))
        guard let year = scanner.number(minDigits: 4, maxDigits: 4), let separator = scanner.take(["-", "/"]),
            let month = scanner.number(minDigits: 1, maxDigits: 2), scanner.take([separator]) != nil,
            let day = scanner.number(minDigits: 1, maxDigits: 2)
        else { return nil }
        guard year >= 1, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        if scanner.atEnd { return (JekyllDate(year: year, month: month, day: day), false) }
        // A time after a space or T.
        guard scanner.take([" ", "T", "t"]) != nil else { return nil }
        scanner.skipSpaces()
        guard let hour = scanner.number(minDigits: 1, maxDigits: 2), hour < 24, scanner.take([":"]) != nil,
            let minute = scanner.number(minDigits: 2, maxDigits: 2), minute < 60
        else { return nil }
        if scanner.take([":"]) != nil {
            guard let second = scanner.number(minDigits: 2, maxDigits: 2), second <= 60 else { return nil }
            if scanner.take(["."]) != nil {
                guard scanner.number(minDigits: 1, maxDigits: 12) != nil else { return nil }
            }
        }
        // A zone (`Z`, `UTC`, `+0530`, `-07:00`) and whatever else Ruby's Time.parse passes
        // over (`2023-01-29 18:30:22 2023 -0800` is a published post's date).
        var zoned = false
        while let byte = scanner.peek {
            let lower = byte | 0x20
            let isLetter = lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
            let allowed = isLetter || (byte >= 0x30 && byte <= 0x39) || " +-:.,()".utf8.contains(byte)
            guard allowed else { return nil }
            zoned = zoned || isLetter || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            scanner.index += 1
        }
        return (JekyllDate(year: year, month: month, day: day), zoned)
    }

    /// The date a post's file name starts with (`2024-01-02-title.md`), if any.
    public static func fromFileName(_ name: String) -> (date: JekyllDate, slug: String)? {
        let bytes = Array(name.utf8)
        var scanner = Scanner(bytes)
        guard let year = scanner.number(minDigits: 4, maxDigits: 4), scanner.take(["-"]) != nil,
            let month = scanner.number(minDigits: 1, maxDigits: 2), scanner.take(["-"]) != nil,
            let day = scanner.number(minDigits: 1, maxDigits: 2), scanner.take(["-"]) != nil, !scanner.atEnd,
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let rest = String(decoding: bytes[scanner.index...], as: UTF8.self)
        let slug = rest.lastIndex(of: ".").map { String(rest[..<$0]) } ?? rest
        return (JekyllDate(year: year, month: month, day: day), slug)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func number(minDigits: Int, maxDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while digits < maxDigits, let byte = peek, byte >= 0x30 && byte <= 0x39 {
                value = value * 10 + Int(byte - 0x30)
                digits += 1
                index += 1
            }
            return digits >= minDigits ? value : nil
        }

        mutating func take(_ choices: [Character]) -> Character? {
            guard let byte = peek, let match = choices.first(where: { $0.asciiValue == byte }) else { return nil }
            index += 1
            return match
        }

        mutating func skipSpaces() {
            while peek == 0x20 || peek == 0x09 { index += 1 }
        }
    }
}
