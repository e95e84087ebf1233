import Foundation

/// Titles compared the way a reader would: case, accents, spacing and punctuation ignored.
public enum TitleFolding {
    public static func fold(_ title: String) -> String {
        let folded = title.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return String(String.UnicodeScalarView(folded.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }))
    }
}
