/// How a section's name is compared with a heading, strictest first: as written, then
/// without case (spacing collapsed), then folded as a reader would (punctuation, accents
/// and spacing ignored). A stricter match wins over a looser one, so `C`, `C++` and `C#`
/// stay three sections and a name is ambiguous only when its best match is.
enum SectionNameMatch: CaseIterable {
    case exact, caseless, folded

    func key(_ name: String) -> String {
        switch self {
        case .exact: name
        case .caseless: name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        case .folded: Self.folded(name)
        }
    }

    /// `TitleFolding.fold`, keeping the `+` and `#` that end a word: they name a language
    /// ("C++", "C#", "F#", "Notepad++"), they do not punctuate, and folding them away would
    /// make `C++` the section `C`.
    static func folded(_ name: String) -> String {
        var result = ""
        var segment = ""
        var afterWord = false
        for character in name {
            if (character == "+" || character == "#") && afterWord {
                result += TitleFolding.fold(segment) + String(character)
                segment = ""
            } else {
                segment.append(character)
                afterWord = character.isLetter || character.isNumber
            }
        }
        return result + TitleFolding.fold(segment)
    }

    /// Whether two sections' heading paths name the same section, loosely: every heading
    /// folded alike.
    static func same(_ a: [String], _ b: [String]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { folded($0) == folded($1) }
    }
}
