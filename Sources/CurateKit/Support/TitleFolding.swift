import Foundation

/// Titles compared the way a reader would: case, accents, spacing and punctuation ignored.
public enum TitleFolding {
    public static func fold(_ title: String) -> String {
        // ASCII, the common case: lowercase letters and digits only, on the bytes.
        if title.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(title.utf8.count)
            for byte in title.utf8 where isAlpha(byte) || isDigit(byte) { bytes.append(byte | (isAlpha(byte) ? 0x20 : 0)) }
            return String(decoding: bytes, as: UTF8.self)
        }
        let folded = title.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        // Letters and digits; marks that only dress an emoji (U+FE0F, which Foundation counts
        // as alphanumeric) are not, so `Databases 🗄️` folds as `Databases` does.
        return String(
            String.UnicodeScalarView(
                folded.unicodeScalars.filter {
                    CharacterSet.alphanumerics.contains($0) && !$0.properties.isVariationSelector
                        && $0.properties.generalCategory != .enclosingMark
                }))
    }
}
