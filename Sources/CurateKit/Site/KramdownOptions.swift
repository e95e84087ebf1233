/// The options of a Jekyll site's `kramdown:` (in `_config.yml`) that decide the ids its
/// headings get. They apply when the site renders Markdown with kramdown (`markdown:`
/// unset or `kramdown`).
public struct KramdownOptions: Sendable, Equatable {
    /// `auto_ids` (default true): headings get ids from their text. Without, only the ids
    /// written out (`{#id}`, `{: #id}`, `id="..."`) exist.
    public var autoIDs = true
    /// `auto_id_prefix`: put before every id made from a heading's text (`h-` makes
    /// `## Setup` `#h-setup`).
    public var autoIDPrefix = ""
    /// `transliterated_header_ids`: kramdown's own ids are made from the heading's text
    /// written in ASCII (`## Café` is `#cafe`), when the `stringex` gem is there to do it
    /// (without it, the text as it is).
    public var transliteratedHeaderIDs = false

    public init(autoIDs: Bool = true, autoIDPrefix: String = "", transliteratedHeaderIDs: Bool = false) {
        self.autoIDs = autoIDs
        self.autoIDPrefix = autoIDPrefix
        self.transliteratedHeaderIDs = transliteratedHeaderIDs
    }
}
