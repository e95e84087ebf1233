import Foundation

/// The three-way merge of a curated list by entries: what changed in "theirs" since the
/// base, applied to "ours" by meaning (URL identity), not by text, so the post keeps its
/// own style and no duplicate slips in. Used by `curate sync` and `curate merge-driver`.
public struct EntryMerge: Sendable {
    /// Which side wins an entry edited differently on both sides.
    public enum Preference: String, Sendable, CaseIterable {
        case ours, theirs
    }

    public var configuration: Configuration
    public var preference: Preference?
    /// Entries removed in theirs stay in ours.
    public var keepRemoved: Bool
    /// Where theirs' entries come from, for messages (`../awesome-list:_posts/list.md`).
    public var sourceName: String
    /// The labels of conflict markers (`<<<<<<< ours`, `>>>>>>> theirs`).
    public var labels = (ours: "ours", theirs: "theirs")
    /// The merge driver merges into their version when only ours changed the text around
    /// the entries: the other side's lines then come first between markers, as git puts
    /// the version of the branch merged into first.
    public var otherFirstInMarkers = false

    /// A conflict's lines: this side's and the other side's between markers.
    func markers(ours ourLines: [String], theirs theirLines: [String]) -> [String] {
        otherFirstInMarkers
            ? ["<<<<<<< \(labels.theirs)"] + theirLines + ["======="] + ourLines + [">>>>>>> \(labels.ours)"]
            : ["<<<<<<< \(labels.ours)"] + ourLines + ["======="] + theirLines + [">>>>>>> \(labels.theirs)"]
    }
    /// Our post as the last sync left it (the commit that recorded the base). An entry
    /// of the base that ours lacks was removed here only if ours had it then; one a sync
    /// refused (invalid, near-duplicate) never landed, and is offered again. An entry
    /// theirs removed is removed here only if ours did not edit it since then.
    public var oursAtLastSync: Post?
    /// Whether our list had the resource (a key) where our history and theirs part, when
    /// the two share history: one ours lacked at the last sync, though theirs had it,
    /// was then removed here before that sync (and that sync kept the removal), not
    /// refused by it. Nil: unknown (every such entry is offered again).
    public var removedBeforeLastSync: (@Sendable (String) -> Bool)?
    /// Their list as it was right after they merged the base (set when the base is our
    /// own list as the other side merged it): only the base's entries it held count, each
    /// copy of a resource listed twice matched as in the merge; the others are as if the
    /// base lacked them, so what their merge did not take (refused, or settled their way)
    /// is no removal of theirs. Nil: every entry of the base counts.
    public var baseLimitedBy: Post?
    /// Theirs is another version of this very list (the merge driver's other branch):
    /// their new entries keep their text as they wrote it, and only take the marker of
    /// the list they land in. Else (another list) they are written in our style.
    public var sameList = false
    /// Headings folded for comparison, each once: a merge names a section for every entry
    /// of every side, and most entries share a few sections.
    private let folds = HeadingFolds()

    public init(configuration: Configuration, preference: Preference? = nil, keepRemoved: Bool = false, sourceName: String) {
        self.configuration = configuration
        self.preference = preference
        self.keepRemoved = keepRemoved
        self.sourceName = sourceName
    }

    /// What merging theirs into ours does to ours. Without a base, theirs' entries that
    /// ours lacks are additions and nothing is removed or updated.
    public func merge(base: Post?, ours: Post, theirs: Post) -> SyncPlan {
        let identity = configuration.identity
        // Two lists compare URLs without tracking parameters: one side's fmt takes them out
        // where the other keeps them (its `tracking-parameters` off), which is no edit.
        // Two versions of one list compare them as written.
        let tracking = sameList ? nil : identity
        // Each entry's key, and each key's first entry.
        // Each core remembers the hosts its entries name.
        func keys(_ post: Post) -> [String] {
            // By index: an entry handed to the closure is a copy (its strings retained).
            Parallel.map(post.entries.indices, state: { HostMemo() }) { hosts, index in
                Self.key(url: post.entries[index].url, identity, hosts: &hosts)
            }
        }
        func keyed(_ keys: [String]) -> [String: Int] {
            Dictionary(zip(keys, keys.indices), uniquingKeysWith: { first, _ in first })
        }
        let urlKeys = (
            ours: keys(ours), theirs: keys(theirs), base: base.map(keys) ?? [], lastSync: oursAtLastSync.map(keys)
        )
        let limitKeys = base == nil ? nil : baseLimitedBy.map(keys)
        let style = PostStyle(of: ours)
        let separator = style.separator
        let ourSections = SectionIndex(ours)
        // Each post's sections named as ours names them: theirs' by `sync.sections` first,
        // then by name, then as the base's section it is (theirs and the base are one list
        // then and now: by name, else by entries), then, for a section ours has under
        // another name (renamed on either side), by its entries.
        let ourSide = Side(ours, keys: urlKeys.ours, index: ourSections)
        /// `post`'s sections named; `base`: the version of the same list it is matched
        /// through (made when a section is not ours by name).
        func named(_ post: Post, keys: [String], mapped: Bool = true, base: (() -> (Side, NamedSections)?)? = nil)
            -> NamedSections
        {
            // Most posts name every section as ours does: nothing to match.
            let allNamed = post.sections.indices.allSatisfy { index in
                Self.wholeNames(of: index, in: post).contains {
                    if case .found = ourSections.resolve("", headings: $0) { return true }
                    return false
                }
            }
            guard !allNamed else { return theirSections(post, ours: ourSections, mapped: mapped) }
            let byEntries = sectionsByEntries(post, keys: keys, in: ourSide)
            let viaBase = base?().map { base in (base.0.index, sectionsByEntries(post, keys: keys, in: base.0), base.1) }
            return theirSections(post, ours: ourSections, mapped: mapped, byEntries: byEntries, viaBase: viaBase)
        }
        // Our post at the last sync and the base are of one moment: the base's sections are
        // matched through ours then (as that sync found them), which later moves on either
        // side do not change; theirs through the base.
        let lastSyncNames = oursAtLastSync.map { named($0, keys: urlKeys.lastSync ?? [], mapped: false) }
        let baseNames = base.map { base in
            named(base, keys: urlKeys.base) {
                oursAtLastSync.map { then in (Side(then, keys: urlKeys.lastSync ?? []), lastSyncNames!) }
            }
        }
        let named = (
            ours: NamedSections(ours: ours, folds: folds),
            theirs: named(theirs, keys: urlKeys.theirs) {
                base.map { base in (Side(base, keys: urlKeys.base), baseNames!) }
            },
            base: baseNames ?? NamedSections(),
            lastSync: lastSyncNames,
            limit: baseLimitedBy.map { named($0, keys: limitKeys ?? []) }
        )
        // Each entry's identity: its key, but where a version lists a resource twice.
        // (Read as keys first: in most merges no version repeats one, and no base is limited.)
        var keyedIDs = (keyed(urlKeys.ours), keyed(urlKeys.theirs), keyed(urlKeys.base), urlKeys.lastSync.map(keyed))
        let repeats =
            keyedIDs.0.count < urlKeys.ours.count || keyedIDs.1.count < urlKeys.theirs.count
            || keyedIDs.2.count < urlKeys.base.count || (keyedIDs.3?.count ?? 0) < (urlKeys.lastSync?.count ?? 0)
        var entryKeys = urlKeys
        var repeated = Set<String>()
        if repeats || limitKeys != nil {
            let posts = (ours: ours, theirs: theirs, base: base, lastSync: oursAtLastSync, limit: baseLimitedBy)
            (entryKeys, repeated) = identities(of: urlKeys, limit: limitKeys, in: posts, named: named)
            keyedIDs = (keyed(entryKeys.ours), keyed(entryKeys.theirs), keyed(entryKeys.base), entryKeys.lastSync.map(keyed))
        }
        let (ourKeys, theirKeys, baseKeys, lastSyncKeys) = keyedIDs

        var plan = SyncPlan()
        // Their entries to add, reviewed against ours as proposals.
        var candidates: [Proposal] = []
        var offered: [Entry] = []
        // Their links written by reference, by the item they are in (found in one pass).
        var references: [Int: [Int]] = [:]
        for (index, link) in theirs.links.enumerated() where link.form == .reference && link.item >= 0 {
            references[link.item, default: []].append(index)
        }
        /// A link of `their` text, besides its own, written by reference.
        func referenceMention(_ their: Entry) -> Link? {
            references[their.item]?.first { $0 != their.link }.map { theirs.links[$0] }
        }
        func offer(_ their: Entry, section: SectionName) {
            // Another list's reference links (`[docs][flannel-docs]`) resolve against its
            // definitions, which are not copied here: written as they are, they would show
            // their brackets. Refused, with the reason (and offered again next time).
            if !sameList, let mention = referenceMention(their) {
                plan.results.append(
                    result(
                        .invalid, their, in: theirs, existing: false,
                        reason:
                            "its text links \"\(mention.text)\" by a reference defined in \(sourceName), not here; add it by hand with the link written out"
                    ))
                return
            }
            candidates.append(proposal(their, in: section))
            offered.append(their)
        }
        var moves: [(addition: Addition, result: Int)] = []
        // The result already said of an entry of ours, by its index.
        var resultOf: [Int: Int] = [:]
        // An entry whose URL there changed to another resource (another key) reads as a
        // removal and an addition; one of each with the same title is an edit of its URL.
        var renamedFrom: [String: String] = [:]
        // The base's keys whose entry's URL ours changed to another resource, to the new key.
        var ourRenamedTo: [String: String] = [:]
        if let base {
            /// The keys of `new` (in `post`) each paired with the one key of `gone` (in the
            /// base) whose entry has the same folded title, where each is the only one of
            /// its title: a URL changed to another resource.
            func sameTitle(gone: [String], new: [String], in post: Post, _ index: [String: Int]) -> [(new: String, old: String)] {
                var old: [String: [String]] = [:]
                var added: [String: [String]] = [:]
                for key in gone { old[TitleFolding.fold(base.entries[baseKeys[key]!].title), default: []].append(key) }
                for key in new { added[TitleFolding.fold(post.entries[index[key]!].title), default: []].append(key) }
                return added.compactMap { title, keys in
                    guard keys.count == 1, let olds = old[title], olds.count == 1 else { return nil }
                    return (keys[0], olds[0])
                }
            }
            for pair in sameTitle(
                gone: baseKeys.keys.filter { theirKeys[$0] == nil },
                new: theirKeys.keys.filter { baseKeys[$0] == nil && ourKeys[$0] == nil }, in: theirs, theirKeys)
            {
                renamedFrom[pair.new] = pair.old
            }
            // The same here: an entry whose URL ours changed to another resource is the
            // base's entry edited, not removed (theirs may have edited or removed it).
            // Only plain keys: a copy of a repeated resource, or an entry of the base their
            // list did not keep, has an identity of its own (``RepeatedKeys``).
            let plain = { (key: String) in !key.utf8.contains(0) }
            for pair in sameTitle(
                gone: baseKeys.keys.filter { ourKeys[$0] == nil && plain($0) },
                new: ourKeys.keys.filter { baseKeys[$0] == nil && theirKeys[$0] == nil && plain($0) }, in: ours, ourKeys)
            {
                ourRenamedTo[pair.old] = pair.new
            }
            // Both sides changed an entry's URL to the same other resource (the entry titled
            // alike on both): the base's entry, edited alike (the rest merged as usual).
            for pair in sameTitle(
                gone: baseKeys.keys.filter { ourKeys[$0] == nil && theirKeys[$0] == nil && plain($0) },
                new: theirKeys.keys.filter { baseKeys[$0] == nil && ourKeys[$0] != nil && plain($0) }, in: theirs, theirKeys)
            where TitleFolding.fold(ours.entries[ourKeys[pair.new]!].title)
                == TitleFolding.fold(theirs.entries[theirKeys[pair.new]!].title)
            {
                renamedFrom[pair.new] = pair.old
                ourRenamedTo[pair.old] = pair.new
            }
        }
        let renamed = Set(renamedFrom.values)
        /// Our entry of the base's `key`: by the key, or by the one ours changed it to.
        func ourIndex(ofBase key: String) -> (index: Int, renamed: Bool)? {
            if let index = ourKeys[key] { return (index, false) }
            return ourRenamedTo[key].flatMap { ourKeys[$0] }.map { ($0, true) }
        }
        // The base, bound once: binding an optional post copies it (each of its arrays
        // retained and released), and so does comparing it with nil, once per entry in the
        // loop below. Read only where `baseKeys` has a key, which it has only with a base.
        let basePost = base ?? ours
        let hasBase = base != nil
        // Theirs, in order: additions, and changes to entries the base had.
        let theirOrder = theirKeys.sorted { $0.value < $1.value }
        for (theirKey, theirIndex) in theirOrder {
            let their = theirs.entries[theirIndex]
            // The entry's key in the base and here (its old one when its URL changed there).
            let key = renamedFrom[theirKey] ?? theirKey
            if let baseIndex = baseKeys[key] {
                var b = Content(
                    basePost.entries[baseIndex], in: basePost,
                    section: named.base[basePost.entries[baseIndex]], notes: !sameList)
                var t = Content(their, in: theirs, section: named.theirs[their], notes: !sameList)
                guard let (ourIndex, renamedHere) = ourIndex(ofBase: key) else {
                    Content.compareWithoutTracking(tracking, &b, &t)
                    if let lastSyncKeys, lastSyncKeys[key] == nil,
                        !(removedBeforeLastSync?(RepeatedKeys.key(of: key)) ?? false)
                    {
                        // Never landed here (refused by the last sync): offered again; a
                        // link into their own list never lands (not synced), and is not.
                        if sameList || Self.isWebLink(their.url) { offer(their, section: t.section) }
                        continue
                    }
                    // Removed here. Honoured, unless theirs edited it since: then both
                    // the removal and the edit are someone's work.
                    if t != b && preference == .theirs {
                        offer(their, section: t.section)
                    } else if t != b && preference == nil {
                        removedHere(&plan, their: their, section: t.section.name)
                    }
                    continue
                }
                var o = Content(ours.entries[ourIndex], in: ours, section: named.ours[ours.entries[ourIndex]], notes: !sameList)
                // Its URL changed there: ours has the base's resource (the same key), however
                // its list writes it, and takes theirs; unless ours changed how it writes it
                // (since the last sync; in the same list, since the base): two edits of the URL.
                if key != theirKey && !renamedHere && !sameList {
                    let ourURLThen = lastSyncKeys?[key].map { oursAtLastSync?.entries[$0].url }
                    if ourURLThen == nil || ourURLThen! == o.url { b.url = o.url }
                }
                // Each URL compared without tracking parameters once, where the three differ.
                if let tracking, o.url != t.url || o.url != b.url {
                    o.compareURLWithoutTracking(tracking)
                    b.compareURLWithoutTracking(tracking)
                    t.compareURLWithoutTracking(tracking)
                }
                if t == b || o == t { continue }
                if !sameList, t.description != b.description, let mention = referenceMention(their) {
                    plan.results.append(
                        result(
                            .invalid, ours.entries[ourIndex], in: ours,
                            reason:
                                "edited in \(sourceName), whose text links \"\(mention.text)\" by a reference defined there, not here; edit it by hand with the link written out"
                        ))
                    continue
                }
                let reported = plan.results.count
                switch Content.merge(base: b, ours: o, theirs: t, preference: preference) {
                case let .merged(merged, settledConflict):
                    // Another version of this list: an entry edited only there is theirs as written.
                    let asWritten = sameList && merged == t ? ItemText(paragraphOf: theirs.items[their.item], in: theirs) : nil
                    // Nested there: a move keeps it under its parent.
                    let parent = theirs.lists[theirs.items[their.item].list].parentItem.flatMap {
                        theirs.items[$0].entry.map { entryKeys.theirs[$0] }
                    }
                    update(
                        &plan, ours: ours, entry: ourIndex, from: o, to: merged, asWritten: asWritten, separator: separator,
                        sections: ourSections, moves: &moves, parent: parent, conflict: settledConflict)
                case .conflict:
                    conflict(&plan, ours: ours, theirs: theirs, entry: ourIndex, their: theirIndex, separator: separator)
                }
                if plan.results.count > reported { resultOf[ourIndex] = reported }
            } else if sameList, hasBase, let ourIndex = ourKeys[key] {
                // Added on both sides of the same list, written differently: both
                // versions between markers, as git's line merge would leave them.
                let o = Content(ours.entries[ourIndex], in: ours, section: named.ours[ours.entries[ourIndex]], notes: !sameList)
                let t = Content(their, in: theirs, section: named.theirs[their], notes: !sameList)
                if o != t {
                    conflict(&plan, ours: ours, theirs: theirs, entry: ourIndex, their: theirIndex, separator: separator)
                    resultOf[ourIndex] = plan.results.count - 1
                }
            } else if ourKeys[key] == nil, Self.isWebLink(their.url) || sameList {
                // Only resources: a table of contents' `#anchor` links and relative links
                // point into their list, not to anything ours could list. (Another version
                // of this list offers them all: the review refuses what entries cannot add,
                // and the merge is then made by lines.)
                offer(their, section: named.theirs[their])
            } else if ourKeys[key] == nil, hasBase, !their.url.hasPrefix("#"), !sameList {
                // Added there since the last sync, and no web address: not synced, and said
                // (a table of contents' new `#anchor` is not worth a word).
                plan.results.append(
                    result(
                        .invalid, their, in: theirs, existing: false,
                        reason: "its link is not a web address (http or https): not synced; add it by hand if it belongs here"))
            }
        }
        // Their additions are reviewed against ours beside the rest of the merge, which
        // neither reads nor changes what the review does.
        // Another version of this list: its entries as written, and each of them kept
        // (one that looks like one of ours is the other side's decision to add it).
        let reviewer = Reviewer(configuration: configuration, createSections: true, allowNearDuplicates: sameList)
        let asWritten = sameList ? offered.map { ItemText(paragraphOf: theirs.items[$0.item], in: theirs) } : []
        var (_, review) = Parallel.concurrently(
            {
                // Removals: in the base, gone from theirs.
                if let base {
                    for (key, baseIndex) in baseKeys.sorted(by: { $0.value < $1.value })
                    where theirKeys[key] == nil && !renamed.contains(key) {
                        guard let (ourIndex, _) = ourIndex(ofBase: key), !keepRemoved else { continue }
                        // Another list's links into itself (a table of contents' `#section`,
                        // a relative path) are not synced (see below): its removal of one
                        // says nothing of ours (where the heading may still be).
                        guard sameList || Self.isWebLink(base.entries[baseIndex].url) else { continue }
                        let entry = ours.entries[ourIndex]
                        let edit = ourEdit(
                            of: entry, in: ours, key: key, lastSync: lastSyncKeys,
                            named: (named.ours, named.lastSync), base: (base, base.entries[baseIndex], named.base))
                        removal(&plan, ours: ours, entry: entry, edit: edit)
                    }
                    places(
                        &plan, base: (base, entryKeys.base, named.base), ours: (ours, entryKeys.ours, named.ours),
                        theirs: (theirs, entryKeys.theirs, named.theirs), lastSync: (entryKeys.lastSync, named.lastSync),
                        entries: ourKeys, results: &resultOf)
                }
                rehome(&plan, ours: ours, keys: entryKeys.ours, theirs: theirKeys, base: baseKeys, moves: &moves)
            },
            { [candidates] in reviewer.review(candidates, against: ours, asWritten: asWritten, style: style) })
        // Another version of this list: what the review refuses (a link that is no web
        // address, a second copy of a resource) was added there on purpose.
        if sameList { plan.unmerged = review.results.filter { $0.status == .invalid || $0.status == .duplicate }.count }
        placeAdditions(
            &review, offered: offered, theirs: (theirs, entryKeys.theirs, theirKeys), ours: (ours, entryKeys.ours, ourKeys))
        plan.edits.additions = review.additions
        for move in moves {
            var addition = move.addition
            addition.result = review.results.count + move.result
            plan.edits.additions.append(addition)
        }
        plan.results = review.results + plan.results
        if !repeated.isEmpty { Self.editorKeys(&plan, ours: entryKeys.ours, editor: RepeatedKeys.inDocumentOrder(urlKeys.ours)) }
        return plan
    }

    typealias VersionKeys = (ours: [String], theirs: [String], base: [String], lastSync: [String]?)

    /// Each entry's identity in each version (``RepeatedKeys``): its key, unless a version
    /// lists the resource twice; the base's entries that `limit`'s list (their list after
    /// they merged the base) did not keep given an identity no version has. Also the keys
    /// some version repeats.
    private func identities(
        of keys: VersionKeys, limit limitKeys: [String]?,
        in posts: (ours: Post, theirs: Post, base: Post?, lastSync: Post?, limit: Post?),
        named: (ours: NamedSections, theirs: NamedSections, base: NamedSections, lastSync: NamedSections?, limit: NamedSections?)
    ) -> (ids: VersionKeys, repeated: Set<String>) {
        let repeated = RepeatedKeys.repeated(
            in: [keys.ours, keys.theirs, keys.base] + [keys.lastSync, limitKeys].compactMap { $0 })
        var ids = keys
        var limitIDs = limitKeys
        if !repeated.isEmpty {
            func signature(_ post: Post, _ names: NamedSections) -> (Int) -> RepeatedKeys.Signature {
                {
                    RepeatedKeys.Signature(
                        section: names[post.entries[$0]].key, title: TitleFolding.fold(post.entries[$0].title),
                        description: post.entries[$0].description ?? "")
                }
            }
            let referenceKeys = posts.base == nil ? keys.ours : keys.base
            let reference = (
                keys: referenceKeys, ids: RepeatedKeys.inDocumentOrder(referenceKeys),
                signature: posts.base.map { signature($0, named.base) } ?? signature(posts.ours, named.ours)
            )
            func matched(_ keys: [String], _ post: Post, _ names: NamedSections, tag: String) -> [String] {
                RepeatedKeys.matched(keys, signature: signature(post, names), tag: tag, to: reference, repeated: repeated)
            }
            if posts.base != nil {
                ids.base = reference.ids
                ids.ours = matched(keys.ours, posts.ours, named.ours, tag: "o")
            } else {
                ids.ours = reference.ids
            }
            ids.theirs = matched(keys.theirs, posts.theirs, named.theirs, tag: "t")
            if let post = posts.lastSync, let keys = keys.lastSync, let names = named.lastSync {
                ids.lastSync = matched(keys, post, names, tag: "o")
            }
            if let post = posts.limit, let keys = limitKeys, let names = named.limit {
                limitIDs = matched(keys, post, names, tag: "l")
            }
        }
        if let limitIDs {
            // An entry of the base their merge did not keep: no identity any version has.
            let kept = Set(limitIDs)
            ids.base = ids.base.enumerated().map { kept.contains($1) ? $1 : "\u{0}not in the base \($0)" }
        }
        return (ids, repeated)
    }

    /// The plan's keys of entries (a move's, an anchor's, a parent's) as the post editor
    /// finds them: ours' identities by their place among the copies of their key here, and
    /// another version's new copies by their key.
    private static func editorKeys(_ plan: inout SyncPlan, ours: [String], editor: [String]) {
        let translation = Dictionary(zip(ours, editor), uniquingKeysWith: { first, _ in first })
        func translated(_ key: String) -> String {
            translation[key] ?? RepeatedKeys.key(of: key)
        }
        func translated(_ anchor: EntryMove.Anchor) -> EntryMove.Anchor {
            switch anchor {
            case let .after(key): .after(translated(key))
            case let .before(key): .before(translated(key))
            }
        }
        for index in plan.edits.additions.indices {
            plan.edits.additions[index].parent = plan.edits.additions[index].parent.map(translated)
            plan.edits.additions[index].anchor = plan.edits.additions[index].anchor.map(translated)
        }
        plan.edits.moves = plan.edits.moves.map { EntryMove(key: translated($0.key), anchor: translated($0.anchor)) }
    }

    /// Where each addition goes, as theirs places it: nested under the entry it is
    /// nested under there (ours, or one added with it), next to the nearest entry of its
    /// list there that ours has: after the one before it (and after our own entries that
    /// follow that one, which theirs lacks: ours first), else before the one after it.
    /// One whose parent is not here goes to its section, and its result says so.
    private func placeAdditions(
        _ review: inout Review, offered: [Entry], theirs: (post: Post, keys: [String], index: [String: Int]),
        ours: (post: Post, keys: [String], index: [String: Int])
    ) {
        let added = Set(review.additions.compactMap { theirs.post.items[offered[$0.result].item].entry.map { theirs.keys[$0] } })
        func key(_ side: (post: Post, keys: [String], index: [String: Int]), item: Int) -> String? {
            side.post.items[item].entry.map { side.keys[$0] }
        }
        // Where each addition goes is found once for all: many entries added together (a
        // list grown on both sides) each walked past all the others, one lookup at a time.
        /// For each item of theirs, the nearest entries before and after it in its list that
        /// ours has, list by list as additions need them.
        var nearest: [Int: (before: String?, after: String?)] = [:]
        var listsDone = Set<Int>()
        func neighbours(of item: Int, in list: Int) -> (before: String?, after: String?) {
            if listsDone.insert(list).inserted {
                let items = theirs.post.lists[list].items
                var before: String?
                for item in items {
                    nearest[item, default: (nil, nil)].before = before
                    if let key = key(theirs, item: item), ours.index[key] != nil { before = key }
                }
                var after: String?
                for item in items.reversed() {
                    nearest[item, default: (nil, nil)].after = after
                    if let key = key(theirs, item: item), ours.index[key] != nil { after = key }
                }
            }
            return nearest[item] ?? (nil, nil)
        }
        /// After our entry at `item`, past our own entries that follow it and theirs lacks
        /// (ours first): the key of the last of them.
        var anchors: [Int: String] = [:]
        func anchor(after item: Int) -> String {
            if let known = anchors[item] { return known }
            var anchor = key(ours, item: item)!
            for next in item + 1..<ours.post.lists[ours.post.items[item].list].items.upperBound {
                guard let next = key(ours, item: next), theirs.index[next] == nil else { break }
                anchor = next
            }
            anchors[item] = anchor
            return anchor
        }
        for index in review.additions.indices {
            let their = offered[review.additions[index].result]
            let list = theirs.post.lists[theirs.post.items[their.item].list]
            if let parent = list.parentItem, let parentKey = key(theirs, item: parent) {
                review.additions[index].parent = parentKey
                if ours.index[parentKey] == nil && !added.contains(parentKey) {
                    let title = theirs.post.entry(of: theirs.post.items[parent])?.title ?? ""
                    review.results[review.additions[index].result].reason =
                        "nested under \(title.debugDescription) in \(sourceName), which is not here: added to its section"
                }
            }
            let (previous, next) = neighbours(of: their.item, in: theirs.post.items[their.item].list)
            if let previous {
                review.additions[index].anchor = .after(anchor(after: ours.post.entries[ours.index[previous]!].item))
            } else if let next {
                review.additions[index].anchor = .before(next)
            }
        }
    }

    /// Their moves of entries within a list since the base, made in ours (`OrderMerge`,
    /// list by list: a section, or the entry a list is nested in), and said.
    private func places(
        _ plan: inout SyncPlan, base: (post: Post, keys: [String], named: NamedSections),
        ours: (post: Post, keys: [String], named: NamedSections), theirs: (post: Post, keys: [String], named: NamedSections),
        lastSync: (keys: [String]?, named: NamedSections?),
        entries: [String: Int], results: inout [Int: Int]
    ) {
        // Each post's lists, as the keys of their entries in order (a key once), by the
        // name of their section as ours names it.
        func lists(_ post: Post, _ entryKeys: [String], _ named: NamedSections) -> (
            names: [String], keys: [String: [String]]
        ) {
            var names: [String] = []
            var orders: [[String]] = []
            var found: [String: Int] = [:]
            var seen = Set<String>()
            seen.reserveCapacity(entryKeys.count)
            // Entries of one list follow each other: the list of the entry before is looked up once.
            var last: (list: Int, order: Int)?
            for index in post.entries.indices {
                let key = entryKeys[index]
                guard seen.insert(key).inserted else { continue }
                let entry = post.entries[index]
                let list = post.items[entry.item].list
                if let last, last.list == list {
                    orders[last.order].append(key)
                    continue
                }
                var name = named[entry].key
                if let parent = post.lists[list].parentItem {
                    let item = post.items[parent]
                    name +=
                        "\u{0}"
                        + (item.entry.map { entryKeys[$0] }
                            ?? String(decoding: post.lineBytes(item.line).dropFirst(item.contentColumn - 1), as: UTF8.self))
                }
                let order: Int
                if let known = found[name] {
                    order = known
                } else {
                    order = orders.count
                    found[name] = order
                    names.append(name)
                    orders.append([])
                }
                orders[order].append(key)
                last = (list, order)
            }
            return (names, found.mapValues { orders[$0] })
        }
        let baseLists = lists(base.post, base.keys, base.named).keys
        let theirLists = lists(theirs.post, theirs.keys, theirs.named).keys
        let ourLists = lists(ours.post, ours.keys, ours.named)
        var lastSyncLists: [String: [String]]?
        if let oursAtLastSync, let keys = lastSync.keys, let named = lastSync.named {
            lastSyncLists = lists(oursAtLastSync, keys, named).keys
        }
        let ours = ours.post
        // One result an entry: a move adds to what its edit said.
        func say(_ status: ReviewStatus, _ key: String, _ reason: String) {
            let index = entries[key]!
            if let earlier = results[index] {
                if status == .conflict { plan.results[earlier].status = .conflict }
                plan.results[earlier].reason = (plan.results[earlier].reason ?? "") + "; " + reason
            } else {
                results[index] = plan.results.count
                plan.results.append(result(status, ours.entries[index], in: ours, reason: reason))
            }
        }
        func title(_ key: String) -> String { ours.entries[entries[key]!].title.debugDescription }
        func place(of key: String, in order: [String]) -> String {
            let at = order.firstIndex(of: key)!
            return at > 0 ? "now after \(title(order[at - 1]))" : "now before \(title(order[at + 1]))"
        }
        for name in ourLists.names {
            // A list theirs did not reorder (or change) moves nothing here.
            guard let baseOrder = baseLists[name], let theirOrder = theirLists[name], baseOrder != theirOrder,
                let ourOrder = ourLists.keys[name]
            else { continue }
            let shared = Set(baseOrder).intersection(theirOrder).intersection(ourOrder)
            guard shared.count > 1 else { continue }
            let base = baseOrder.filter(shared.contains)
            let merged = OrderMerge(
                base: base, theirs: theirOrder.filter(shared.contains), ours: ourOrder.filter(shared.contains),
                oursBefore: lastSyncLists.map { ($0[name] ?? []).filter(shared.contains) } ?? base, preference: preference)
            plan.edits.moves += merged.moves
            for key in merged.moved { say(.updated, key, "moved in \(sourceName) (\(place(of: key, in: merged.order)))") }
            for key in merged.conflicts {
                switch preference {
                case nil:
                    // Nothing is written; the merge driver merges a reorder by lines.
                    plan.conflicts += 1
                    plan.unmarkedConflicts += 1
                    say(.conflict, key, "moved differently on both sides; kept our place")
                case .ours: say(.conflict, key, "moved differently on both sides; kept our place (--prefer ours)")
                case .theirs:
                    say(.conflict, key, "moved differently on both sides; took \(sourceName)'s place (--prefer theirs)")
                }
            }
        }
    }

    /// What ours did to an entry since the last sync: nil when nothing. Told from our post
    /// as the last sync left it, which is written in our dialect (the base, their list,
    /// may write the same entry another way); without it, from the base (the merge
    /// driver's base is an ancestor of this very list).
    private func ourEdit(
        of entry: Entry, in ours: Post, key: String, lastSync lastSyncKeys: [String: Int]?,
        named: (ours: NamedSections, lastSync: NamedSections?), base: (post: Post, entry: Entry, named: NamedSections)
    ) -> OurChange? {
        let tracking = sameList ? nil : configuration.identity
        var current = Content(entry, in: ours, section: named.ours[entry], notes: !sameList)
        if let oursAtLastSync, let lastSyncKeys, let lastSync = named.lastSync {
            guard let index = lastSyncKeys[key] else { return .added }
            let then = oursAtLastSync.entries[index]
            var before = Content(then, in: oursAtLastSync, section: lastSync[then], notes: !sameList)
            Content.compareWithoutTracking(tracking, &before, &current)
            return before == current ? nil : .edited
        }
        var before = Content(base.entry, in: base.post, section: base.named[base.entry], notes: !sameList)
        Content.compareWithoutTracking(tracking, &before, &current)
        return before == current ? nil : .edited
    }

    /// Why an entry of ours is ours to keep.
    private enum OurChange {
        case edited, added

        var said: String { self == .edited ? "edited here" : "added here since the last sync" }
        var dropped: String { self == .edited ? "our edit" : "our addition" }
    }

    /// An entry of ours that theirs removed: removed here too, unless ours edited it
    /// since (`edit`); then both the removal and the edit are someone's work, and only a
    /// preference decides.
    private func removal(_ plan: inout SyncPlan, ours: Post, entry: Entry, edit: OurChange?) {
        guard let edit else {
            plan.edits.removals.insert(entry.item)
            plan.results.append(result(.removed, entry, in: ours, reason: "removed in \(sourceName)"))
            return
        }
        switch preference {
        case .theirs:
            plan.edits.removals.insert(entry.item)
            plan.results.append(
                result(.removed, entry, in: ours, reason: "removed in \(sourceName); \(edit.dropped) dropped (--prefer theirs)"))
        case .ours:
            plan.results.append(
                result(.conflict, entry, in: ours, reason: "removed in \(sourceName) but \(edit.said); kept (--prefer ours)"))
        case nil:
            plan.conflicts += 1
            plan.results.append(result(.conflict, entry, in: ours, reason: "removed in \(sourceName) but \(edit.said); kept"))
            // For the merge driver: our version against nothing.
            if let lines = ownLines(ours, entry) {
                plan.markers[entry.item] = (
                    lines,
                    markers(ours: lines.map { ours.lineText($0) }, theirs: [])
                )
            }
        }
    }

    /// Entries of ours nested in an item the plan takes out (moved to another section,
    /// or removed) that are not taken out themselves: removing the item would take them
    /// with it. Each is added again: under its parent where that moved, else under the
    /// nearest entry it is nested in that stays, else at the end of its section's list;
    /// and said. One added here under an entry theirs removed is a conflict, as an edit
    /// of it would be: both are someone's work.
    private func rehome(
        _ plan: inout SyncPlan, ours: Post, keys: [String], theirs: [String: Int], base: [String: Int],
        moves: inout [(addition: Addition, result: Int)]
    ) {
        let removals = plan.edits.removals
        guard !removals.isEmpty else { return }
        let identity = configuration.identity
        // The items moved (taken out here, added there) rather than removed.
        var movedKeys = Set(moves.map { Self.key(url: $0.addition.url, identity) })
        func parentItem(_ item: Int) -> Int? { ours.lists[ours.items[item].list].parentItem }
        for (index, entry) in ours.entries.enumerated() where !removals.contains(entry.item) {
            var ancestors: [Int] = []
            var item = entry.item
            while let parent = parentItem(item) {
                ancestors.append(parent)
                item = parent
            }
            guard ancestors.contains(where: removals.contains), let section = entry.section else { continue }
            let key = keys[index]
            // Its new parent: the nearest entry it is nested in that is moved (added
            // again) or stays; nil: its section's list.
            var parent: (key: String, entry: Int)?
            var removedParent: Int?
            for ancestor in ancestors {
                guard let parentEntry = ours.items[ancestor].entry else { continue }
                let parentKey = keys[parentEntry]
                if movedKeys.contains(parentKey) || !removals.contains(ancestor) {
                    parent = (parentKey, parentEntry)
                    break
                }
                if removedParent == nil { removedParent = parentEntry }
            }
            let edited = plan.texts[entry.item]
            let text =
                edited?.text ?? ItemText(paragraphOf: ours.items[entry.item], in: ours)
                ?? ItemText(first: String(decoding: ours.bytes[ours.lines.content(entry.line)], as: UTF8.self))
            let reason: String
            var status = ReviewStatus.updated
            if let removedParent {
                let title = ours.entries[removedParent].title.debugDescription
                let added = base[key] == nil && theirs[key] == nil
                reason =
                    (added ? "added here" : "nested") + " under \(title), which \(sourceName) removed; kept "
                    + (parent.map { "under \(ours.entries[$0.entry].title.debugDescription)" } ?? "in its section")
                if added {
                    status = .conflict
                    if preference == nil {
                        plan.conflicts += 1
                        plan.unmarkedConflicts += 1
                    }
                }
            } else {
                reason = "moved with the entry it is nested in"
            }
            // Its markers went with its parent's lines: git's line merge shows the conflict.
            if plan.markers.removeValue(forKey: entry.item) != nil { plan.unmarkedConflicts += 1 }
            plan.edits.replacements[entry.item] = nil
            plan.edits.removals.insert(entry.item)
            let said: Int
            if let earlier = plan.results.lastIndex(where: { $0.existing?.line == entry.line && $0.status != .new }) {
                said = earlier
                if status == .conflict { plan.results[earlier].status = .conflict }
                plan.results[earlier].reason = (plan.results[earlier].reason.map { $0 + "; " } ?? "") + reason
            } else {
                said = plan.results.count
                plan.results.append(result(status, entry, in: ours, reason: reason))
            }
            var addition = Addition(
                result: 0, section: .existing(section), text: text.first, continuation: text.rest,
                title: edited?.title ?? entry.title, url: edited?.url ?? entry.url)
            addition.parent = parent?.key
            moves.append((addition, said))
            movedKeys.insert(key)
        }
    }

    /// An entry removed here that theirs edited since the base: a conflict, both the
    /// removal and the edit being someone's work.
    private func removedHere(_ plan: inout SyncPlan, their: Entry, section: String) {
        plan.conflicts += 1
        plan.unmarkedConflicts += 1
        plan.results.append(
            ReviewResult(
                status: .conflict,
                proposal: Proposal(their, section: section),
                key: try? configuration.identity.key(for: their.url), section: section,
                existing: ExistingEntry(title: their.title, url: their.url, section: section, line: their.line),
                reason: "removed here but edited in \(sourceName)"))
    }

    /// The section an entry of theirs goes to: `sync.sections` maps their heading names
    /// to ours; else ours with the same heading path, from their top or from below their
    /// document's `# Title` (which is not a section of ours), or with the same end of it
    /// (down to the same title), named as ours names it; else their headings below their
    /// title, created heading by heading (a title holding ` / ` stays one heading).
    private func section(
        _ index: Int, in post: Post, mapped: [Int: String], ours: SectionIndex, byEntries: [Int: Int],
        viaBase: (index: SectionIndex, byEntries: [Int: Int], names: NamedSections)? = nil
    ) -> SectionName {
        if let name = mapped[index] {
            if case let .found(ourSection) = ours.resolve(name) { return ourName(ourSection, ours) }
            // The name `sync.sections` gives is not ours any more (renamed here): by entries.
            if let ourSection = byEntries[index] { return ourName(ourSection, ours) }
            return SectionName(name: name, folds: folds)
        }
        let headings = post.headings(of: index)
        let relative = post.headingsBelowTitle(of: index)
        let candidates = [headings[...]] + relative.indices.map({ relative[$0...] })
        // By its whole name; then, named otherwise here, by its entries; then by the end of
        // its name (`Go / Libraries` as our `Libraries`).
        for candidate in candidates.prefix(2) {
            if case let .found(ourSection) = ours.resolve("", headings: Array(candidate)) { return ourName(ourSection, ours) }
        }
        // Their section is the base's of its name, or the one it renames: named as that one.
        if let base = viaBase {
            for candidate in candidates.prefix(2) {
                if case let .found(baseSection) = base.index.resolve("", headings: Array(candidate)) {
                    return base.names[section: baseSection]
                }
            }
            if let baseSection = base.byEntries[index] { return base.names[section: baseSection] }
        }
        if let ourSection = byEntries[index] { return ourName(ourSection, ours) }
        for candidate in candidates.dropFirst(2) {
            if case let .found(ourSection) = ours.resolve("", headings: Array(candidate)) { return ourName(ourSection, ours) }
        }
        return SectionName(name: relative.joined(separator: " / "), headings: relative, folds: folds)
    }

    /// The names a section goes by whole: its headings, and those below the document's title.
    static func wholeNames(of section: Int, in post: Post) -> [[String]] {
        [post.headings(of: section), post.headingsBelowTitle(of: section)]
    }

    /// A version of the list a post's sections are matched with: its sections by name, and
    /// where its keys are (each read once, when first needed).
    final class Side {
        let index: SectionIndex
        private let post: Post
        private let keys: [String]

        init(_ post: Post, keys: [String], index: SectionIndex? = nil) {
            self.post = post
            self.keys = keys
            self.index = index ?? SectionIndex(post)
        }

        /// Each section's keys.
        lazy var keysBySection: [Int: [String]] = {
            var sections: [Int: [String]] = [:]
            for index in keys.indices where index < post.entries.count {
                if let section = post.entries[index].section { sections[section, default: []].append(keys[index]) }
            }
            return sections
        }()

        /// Each key's sections (a resource listed in two sections is in both).
        lazy var sectionsOfKey: [String: [Int]] = {
            var result: [String: [Int]] = [:]
            for (section, sectionKeys) in keysBySection { for key in sectionKeys { result[key, default: []].append(section) } }
            return result
        }()
    }

    /// The sections of `post` that the `side`'s list has under another name: each with the
    /// section there it is, found by their entries (matched by key; `keys`: the post's
    /// entries' keys, in order). Each holds more than half of the other's entries that both
    /// lists have, and neither is named by a section of the other: a heading renamed on
    /// either side is then the same section (what is added to it lands under that heading,
    /// and its entries do not move), while a section split in two, or one that lost an
    /// entry to a new section, is not.
    private func sectionsByEntries(_ post: Post, keys: [String], in side: Side) -> [Int: Int] {
        let ours = side.index
        // Each section of the post with the sections of ours its name finds (several when
        // the name is ambiguous: named all the same, and not matched by entries).
        func byName(_ section: Int) -> [Int] {
            for candidate in Self.wholeNames(of: section, in: post) {
                switch ours.resolve("", headings: candidate) {
                case let .found(ourSection): return [ourSection]
                case let .ambiguous(sections): return sections
                case .missing: continue
                }
            }
            return []
        }
        // Most posts name every section as ours does: nothing to count.
        let named = post.sections.indices.map(byName)
        guard named.contains(where: \.isEmpty), keys.count == post.entries.count else { return [:] }
        let taken = Set(named.joined())
        // Where each key is in the post (a resource listed in two sections is in both).
        var theirSections: [String: [Int]] = [:]
        for index in keys.indices {
            if let section = post.entries[index].section { theirSections[keys[index], default: []].append(section) }
        }
        /// How many of `sectionKeys` the other list has, and how many it has in each section.
        func spread(_ sectionKeys: [String], in other: [String: [Int]]) -> (shared: Int, by: [Int: Int]) {
            var shared = 0
            var by: [Int: Int] = [:]
            for key in Set(sectionKeys) {
                guard let sections = other[key] else { continue }
                shared += 1
                for section in Set(sections) { by[section, default: 0] += 1 }
            }
            return (shared, by)
        }
        var keysOf: [Int: [String]] = [:]
        for index in keys.indices {
            if let section = post.entries[index].section, named[section].isEmpty {
                keysOf[section, default: []].append(keys[index])
            }
        }
        var result: [Int: Int] = [:]
        for (section, sectionKeys) in keysOf {
            let (shared, by) = spread(sectionKeys, in: side.sectionsOfKey)
            // The section of ours holding the most (the first of equals), more than half.
            guard let best = by.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).first,
                best.value * 2 > shared, !taken.contains(best.key)
            else { continue }
            // And more than half of its entries that the post has are in this section.
            let back = spread(side.keysBySection[best.key] ?? [], in: theirSections)
            if (back.by[section] ?? 0) * 2 > back.shared { result[section] = best.key }
        }
        return result
    }

    private func ourName(_ section: Int, _ ours: SectionIndex) -> SectionName {
        SectionName(name: ours.path(of: section), headings: ours.headings(of: section), folds: folds)
    }

    /// A proposal of their entry, in a section named as ours names it where ours has it.
    private func proposal(_ their: Entry, in section: SectionName) -> Proposal {
        var proposal = Proposal(their, section: section.name, origin: "\(sourceName):\(their.line)", headings: section.headings)
        // A comment at the end of their entry (a `curate-ignore`, a note) is their list's
        // own note on it, not its description: another list takes the entry without it
        // (with it, the entry was refused as a description holding HTML, at every sync).
        if !sameList, let description = proposal.description, let (kept, _) = Self.trailingComment(of: description) {
            proposal.description = kept
        }
        return proposal
    }

    /// `text` without the HTML comments that end it (nil when nothing is left), and those
    /// comments as written; nil when no comment ends it. A comment is one GitHub's
    /// renderer reads as one (its text neither starts with `>` or `->`, nor ends with
    /// `-`, nor holds `--`): a "comment" it shows as text is text, not a note.
    static func trailingComment(of text: String) -> (kept: String?, comment: String)? {
        var start: String.Index?
        var end = text.endIndex
        while true {
            while end > text.startIndex, text[text.index(before: end)] == " " { end = text.index(before: end) }
            let head = text[..<end]
            guard head.hasSuffix("-->"), let open = head.range(of: "<!--", options: .backwards),
                open.upperBound <= head.index(head.endIndex, offsetBy: -3)
            else { break }
            let body = head[open.upperBound..<head.index(head.endIndex, offsetBy: -3)]
            guard !body.hasPrefix(">"), !body.hasPrefix("->"), !body.hasSuffix("-"), !body.contains("--") else { break }
            start = open.lowerBound
            end = open.lowerBound
        }
        guard let start else { return nil }
        let kept = text[..<start].trimmingSpaces()
        return (kept.isEmpty ? nil : kept, String(text[start...]))
    }

    /// `sync.sections` for one of their posts: which of its sections go where here. Each
    /// name is found among their headings as a proposal's section is found among ours;
    /// a more specific name ("Parent / Child") wins over a shorter one for the same heading.
    private func mappedSections(_ post: Post) -> [Int: String] {
        let pairs = configuration.syncSectionPairs
        guard !pairs.isEmpty else { return [:] }
        let sections = SectionIndex(post)
        var mapped: [Int: String] = [:]
        let specificFirst = pairs.enumerated().sorted {
            let (a, b) = (
                $0.element.theirs.components(separatedBy: " / ").count, $1.element.theirs.components(separatedBy: " / ").count
            )
            return a != b ? a > b : $0.offset < $1.offset
        }
        for (_, pair) in specificFirst {
            let found: [Int]
            switch sections.resolve(pair.theirs) {
            case let .found(section): found = [section]
            case let .ambiguous(candidates): found = candidates
            case .missing: found = []
            }
            for section in found where mapped[section] == nil { mapped[section] = pair.ours }
        }
        return mapped
    }

    /// An absolute http(s) link: a resource, as opposed to an anchor or a relative path.
    public static func isWebLink(_ url: String) -> Bool {
        let lower = url.prefix(8).lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://")
    }

    /// An entry's identity: its URL's key (its URL as written when that cannot be keyed).
    public static func key(_ entry: Entry, _ identity: URLIdentity) -> String {
        key(url: entry.url, identity)
    }

    static func key(url: String, _ identity: URLIdentity) -> String {
        var none = HostMemo.none
        return key(url: url, identity, hosts: &none)
    }

    static func key(url: String, _ identity: URLIdentity, hosts: inout HostMemo) -> String {
        (try? identity.key(for: url, hosts: &hosts)) ?? "url:" + url
    }

    /// Their post's sections, named as ours names them.
    private func theirSections(
        _ post: Post, ours: SectionIndex, mapped: Bool = true, byEntries: [Int: Int] = [:],
        viaBase: (index: SectionIndex, byEntries: [Int: Int], names: NamedSections)? = nil
    ) -> NamedSections {
        let names = mapped ? mappedSections(post) : [:]
        return NamedSections(
            post.sections.indices.map {
                section($0, in: post, mapped: names, ours: ours, byEntries: byEntries, viaBase: viaBase)
            }, folds: folds)
    }

    /// Each section of a post as sync names it, named once: a merge names the section of
    /// every entry of every side, and most entries share a few sections.
    struct NamedSections {
        private let names: [SectionName]
        private let none: SectionName

        init(_ names: [SectionName] = [], folds: HeadingFolds? = nil) {
            self.names = names
            none = SectionName(name: "", folds: folds)
        }

        /// Our post's sections, as they are.
        init(ours post: Post, folds: HeadingFolds) {
            self.init(
                post.sections.indices.map {
                    SectionName(name: post.sections[$0].path, headings: post.headings(of: $0), folds: folds)
                }, folds: folds)
        }

        /// The section of an entry (the unnamed one before the first heading, for an
        /// entry there).
        subscript(_ entry: Entry) -> SectionName { entry.section.map { names[$0] } ?? none }

        /// A section's name, by its index in the post.
        subscript(section section: Int) -> SectionName { section < names.count ? names[section] : none }
    }

    /// A section as sync names it: by its headings when they come from a post (ours, or
    /// theirs to create), else by a `sync.sections` name as typed ("Parent / Child").
    struct SectionName: Equatable {
        let name: String
        let headings: [String]?
        /// Its headings folded (a typed name's ` / ` separates headings), once: entries
        /// are compared by section many times over.
        let key: String

        init(name: String, headings: [String]? = nil, folds: HeadingFolds? = nil) {
            self.name = name
            self.headings = headings
            key = (headings ?? name.components(separatedBy: " / ").map { $0.trimmingSpaces() })
                .map { folds?.folded($0) ?? SectionNameMatch.folded($0) }.joined(separator: "\u{1F}")
        }

        /// The same section: compared folded heading by heading.
        static func == (a: SectionName, b: SectionName) -> Bool { a.key == b.key }
    }

    /// What a reader sees of an entry: its title, its URL as written, its description,
    /// the text before its link and its tags, and its section (named as in our post).
    /// Entries compared share a key; each field is merged three-way on its own, so an
    /// edit of the URL's form, or a move to another section, travels like an edit of the
    /// title.
    struct Content: Equatable {
        var title: String
        var url: String
        var description: String?
        var lead: String?
        var tags: String?
        var section: SectionName
        /// The entry's paragraphs after its first (before a list nested in it), at its
        /// content column.
        var more: [String]

        /// `url` without its tracking parameters, when it has any: a URL that differs from
        /// another only by them is no edit of it (one side's fmt takes them out, the other
        /// side's keeps them where its `tracking-parameters` is off).
        var trackingFree: String?
        /// What the URL is compared by.
        var comparableURL: String { trackingFree ?? url }

        /// Compares the URL without the tracking parameters of `identity` (called only
        /// where URLs differ as written: most do not, and nothing is parsed for them).
        mutating func compareURLWithoutTracking(_ identity: URLIdentity) {
            trackingFree = url.containsUTF8(UInt8(ascii: "?")) ? identity.removingTrackingParameters(from: url) : nil
        }

        /// ``compareURLWithoutTracking(_:)`` of both when their URLs differ as written; as
        /// written with no identity (two versions of one list).
        static func compareWithoutTracking(_ identity: URLIdentity?, _ contents: inout Content, _ others: inout Content) {
            guard let identity, contents.url != others.url else { return }
            contents.compareURLWithoutTracking(identity)
            others.compareURLWithoutTracking(identity)
        }

        /// An HTML comment that ends the entry's text (a `curate-ignore`, a maintainer's
        /// note), kept apart from the description between two lists: it is the list's own
        /// note on the entry, not rendered, not synced, and no edit of it.
        var note: String?

        /// `notes`: whether a comment that ends the description is a note (two lists); as
        /// written in the description otherwise (two versions of one list).
        init(_ entry: borrowing Entry, in post: borrowing Post, section: SectionName, notes: Bool) {
            title = entry.title
            url = entry.url
            description = entry.description
            // (Most descriptions end in no `>`: told from their last byte.)
            if notes, let text = entry.description, text.utf8.last == UInt8(ascii: ">"),
                let (kept, comment) = EntryMerge.trailingComment(of: text)
            {
                description = kept
                note = comment
            }
            lead = entry.lead
            tags = entry.tags
            self.section = section
            more = Self.later(of: entry, in: post)?.lines ?? []
        }

        static func == (a: Content, b: Content) -> Bool {
            a.title == b.title && a.comparableURL == b.comparableURL && a.description == b.description && a.lead == b.lead
                && a.tags == b.tags && a.section == b.section && a.more == b.more
        }

        /// The lines of `entry`'s item after its first paragraph and before any list
        /// nested in it, blank lines at either end left out, and the line where they end
        /// (the paragraph's last when there are none); nil for an item without text.
        static func later(of entry: Entry, in post: Post) -> (lines: [String], end: Int)? {
            let item = post.items[entry.item]
            guard let paragraph = item.paragraph else { return nil }
            guard paragraph.upperBound < item.lastLine else { return ([], paragraph.upperBound) }
            var last = item.lastLine
            if let nested = post.lists.first(where: { $0.parentItem == entry.item }) { last = min(last, nested.firstLine - 1) }
            while last > paragraph.upperBound, post.lineText(last).allSatisfy({ $0 == " " || $0 == "\t" || $0 == ">" }) {
                last -= 1
            }
            guard last > paragraph.upperBound, let text = ItemText(item, in: post, through: last) else {
                return ([], paragraph.upperBound)
            }
            var lines = Array(text.rest.dropFirst(paragraph.upperBound - item.line))
            while lines.first?.isEmpty == true { lines.removeFirst() }
            return (lines, last)
        }

        /// The content as a proposal to write.
        var proposal: Proposal {
            Proposal(title: title, url: url, section: "", description: description, lead: lead, tags: tags)
        }

        enum Merge {
            /// Each field changed on one side at most (or a preference settled it:
            /// `settled` is then true).
            case merged(Content, settled: Bool)
            case conflict
        }

        static func merge(base: Content, ours: Content, theirs: Content, preference: Preference?) -> Merge {
            var settled = false
            var clash = false
            /// Whether theirs wins the field.
            func theirsWins<T: Equatable>(_ b: T, _ o: T, _ t: T) -> Bool {
                if t == b || o == t { return false }
                if o == b { return true }
                switch preference {
                case .ours:
                    settled = true
                    return false
                case .theirs:
                    settled = true
                    return true
                case nil:
                    clash = true
                    return false
                }
            }
            func field<T: Equatable>(_ b: T, _ o: T, _ t: T) -> T { theirsWins(b, o, t) ? t : o }
            var merged = ours
            merged.title = field(base.title, ours.title, theirs.title)
            // Compared without tracking parameters; written as the side that wins wrote it.
            if theirsWins(base.comparableURL, ours.comparableURL, theirs.comparableURL) {
                merged.url = theirs.url
                merged.trackingFree = theirs.trackingFree
            }
            merged.description = field(base.description, ours.description, theirs.description)
            merged.lead = field(base.lead, ours.lead, theirs.lead)
            merged.tags = field(base.tags, ours.tags, theirs.tags)
            merged.section = field(base.section, ours.section, theirs.section)
            merged.more = field(base.more, ours.more, theirs.more)
            return clash ? .conflict : .merged(merged, settled: settled)
        }
    }

    /// Our entry `index` updated from `current` to `merged`: written as `asWritten` when
    /// given (their text, another version of this list), else in the entry's own form.
    private func update(
        _ plan: inout SyncPlan, ours: Post, entry index: Int, from current: Content, to merged: Content,
        asWritten: ItemText?, separator: String, sections: SectionIndex, moves: inout [(addition: Addition, result: Int)],
        parent: String?, conflict: Bool
    ) {
        let entry = ours.entries[index]
        if merged == current {
            if conflict {
                plan.results.append(
                    result(.conflict, entry, in: ours, reason: "edited differently on both sides; kept ours (--prefer ours)"))
            }
            return
        }
        // In the entry's own form: bold if it was, its text before the link kept there, and
        // our note at its end.
        let written =
            asWritten.map { Result.success($0) }
            ?? EntryWriter.text(
                merged.proposal,
                // (An entry that had only a note had no separator of its own: the list's.)
                separator: (current.note != nil && current.description == nil ? nil : entry.separator) ?? separator,
                bold: PostStyle.isBold(entry, in: ours), leadFirst: entry.lead != nil
            ).map { line in ItemText(first: current.note.map { line + " " + $0 } ?? line) }
        guard case let .success(text) = written, let lines = ownLines(ours, entry) else {
            plan.conflicts += 1
            plan.results.append(
                result(.conflict, entry, in: ours, reason: "changed in \(sourceName), but its text cannot be written here"))
            return
        }
        let reason = conflict ? "edited on both sides; took \(sourceName)'s (--prefer theirs)" : "changed in \(sourceName)"
        plan.texts[entry.item] = (text, merged.title, merged.url)
        if merged.section == current.section {
            if merged.more != current.more, let end = Content.later(of: entry, in: ours)?.end {
                // Its later paragraphs changed too: they are written after the first.
                let whole = ItemText(first: text.first, rest: text.rest + [""] + merged.more)
                plan.edits.replacements[entry.item] = (
                    lines.lowerBound...end, rewritten(merged.more.isEmpty ? text : whole, at: entry, in: ours)
                )
            } else {
                plan.edits.replacements[entry.item] = (lines, rewritten(text, at: entry, in: ours))
            }
        } else {
            // Moved to another section: out of this one, into that one's list.
            plan.edits.removals.insert(entry.item)
            let target: SectionTarget
            switch sections.resolve(merged.section.name, headings: merged.section.headings) {
            case let .found(section): target = .existing(section)
            case .ambiguous, .missing:
                let placement = sections.placement(of: merged.section.name, headings: merged.section.headings)
                target = .new(parent: placement.parent, headings: placement.headings)
            }
            var addition = Addition(
                result: 0, section: target, text: text.first, continuation: text.rest, title: merged.title, url: merged.url)
            addition.parent = parent
            moves.append((addition, plan.results.count))
        }
        plan.results.append(
            result(
                conflict ? .conflict : .updated, entry, in: ours, title: merged.title,
                reason: merged.section == current.section
                    ? reason : reason + " (moved to \(merged.section.name))"))
    }

    private func conflict(
        _ plan: inout SyncPlan, ours: Post, theirs: Post, entry index: Int, their theirIndex: Int, separator: String
    ) {
        let entry = ours.entries[index]
        plan.conflicts += preference == .ours ? 0 : 1
        plan.results.append(
            result(
                .conflict, entry, in: ours,
                reason: "edited differently on both sides; kept ours"
                    + (preference == .ours ? " (--prefer ours)" : "")))
        // For the merge driver: both versions between markers.
        let their = theirs.entries[theirIndex]
        guard preference == nil, let lines = ownLines(ours, entry) else { return }
        // Their text as they wrote it, under our marker.
        let theirText =
            ItemText(paragraphOf: theirs.items[their.item], in: theirs)
            ?? ItemText(
                first: (try? EntryWriter.text(Proposal(their, section: ""), separator: their.separator ?? separator).get())
                    ?? String(decoding: theirs.bytes[theirs.lines.content(their.line)], as: UTF8.self))
        let ourLines = lines.map { ours.lineText($0) }
        plan.markers[entry.item] = (
            lines,
            markers(ours: ourLines, theirs: rewritten(theirText, at: entry, in: ours))
        )
    }

    /// The lines of an entry's own paragraph.
    private func ownLines(_ post: Post, _ entry: Entry) -> ClosedRange<Int>? {
        post.items[entry.item].paragraph
    }

    /// `text` written in place of an entry's item: after what its first line has before
    /// its text (`  12. `, `> - `), the lines after it in the same container (indentation,
    /// a block quote's `> ` on every line) at its content column.
    private func rewritten(_ text: ItemText, at entry: Entry, in post: Post) -> [String] {
        let item = post.items[entry.item]
        let line = post.lineBytes(item.line)
        let markerStart = min(item.markerColumn - 1, line.count)
        var lines = text.lines(
            container: PostEditor.containerPrefix(line.prefix(markerStart)),
            marker: String(decoding: line.prefix(item.contentColumn - 1).dropFirst(markerStart), as: UTF8.self))
        lines[0] = String(decoding: line.prefix(item.contentColumn - 1), as: UTF8.self) + text.first
        return lines
    }

    /// `existing`: whether `entry` is one of ours (else it is only theirs, and no line of
    /// ours is named).
    private func result(
        _ status: ReviewStatus, _ entry: Entry, in post: Post, title: String? = nil, existing: Bool = true, reason: String
    ) -> ReviewResult {
        let section = entry.section.map { post.sections[$0].path } ?? ""
        return ReviewResult(
            status: status,
            proposal: Proposal(title: title ?? entry.title, url: entry.url, section: section, description: entry.description),
            key: try? configuration.identity.key(for: entry.url), section: section,
            existing: existing ? ExistingEntry(title: entry.title, url: entry.url, section: section, line: entry.line) : nil,
            reason: reason)
    }
}

/// What a sync or merge does to our post.
public struct SyncPlan: Sendable {
    public var results: [ReviewResult] = []
    public var edits = EntryEdits()
    /// Entries edited differently on both sides, for the merge driver's markers.
    public var markers: [Int: (lines: ClosedRange<Int>, text: [String])] = [:]
    /// Conflicts not settled by a preference.
    public var conflicts = 0
    /// Conflicts with no place for markers in our post (an entry removed here and edited
    /// there): a merge driver falls back to git's line merge for them.
    public var unmarkedConflicts = 0
    /// Entries of another version of the same list that cannot be added by entries
    /// (refused as invalid): a merge driver falls back to git's line merge, which keeps them.
    public var unmerged = 0
    /// The new text of entries an edit rewrites, by item: what a re-homed entry carries.
    var texts: [Int: (text: ItemText, title: String, url: String)] = [:]

    public init() {}

    public var changesPost: Bool { !edits.isEmpty }
}

/// Headings folded by ``SectionNameMatch/folded(_:)``, each once, shared by the copies of
/// a merge.
typealias HeadingFolds = ConcurrentMemo<String, String>

extension ConcurrentMemo where Key == String, Value == String {
    fileprivate func folded(_ heading: String) -> String {
        value(for: heading) { SectionNameMatch.folded(heading) }
    }
}
