import CurateKit
import Foundation

/// How `curate links` fetches: politeness, retries, what counts as alive, the cache.
/// Flag names follow lychee's where they mean the same.
public struct LinkCheckOptions: Sendable {
    /// `--timeout`: seconds for one request, connection included.
    public var timeout: Double = 20
    /// `--max-concurrency`: requests in flight at once, all hosts together.
    public var maxConcurrency = 64
    /// `--host-concurrency`: requests in flight at once to one host.
    public var hostConcurrency = 2
    /// `--host-request-interval`: seconds between the starts of two requests to one host.
    public var hostRequestInterval = 0.1
    /// `--max-retries`: further attempts after a 429, a 5xx or a transient failure.
    public var maxRetries = 2
    /// `--accept`: statuses taken as alive (nil: the configuration's, else 1xx and 2xx).
    public var accept: AcceptedStatuses?
    /// `--exclude`: regular expressions; matching URLs are skipped (added to the configuration's).
    public var exclude: [String] = []
    /// Redirects followed before giving up.
    public var maxRedirects = 10
    /// The longest `Retry-After` waited for (seconds); a longer one leaves the link unverified.
    public var retryAfterLimit: Double = 60
    /// The first pause before a retry without `Retry-After` (seconds); it doubles each time.
    public var retryBackoff: Double = 1
    public var userAgent = "curate (link checker for curated lists)"
    /// `--cache`: the cache file; nil for `.git/curate/links.json` in the repository (none outside one).
    public var cachePath: String?
    /// `--no-cache`: neither read nor write a cache.
    public var useCache = true
    /// `--max-cache-age`: an alive verdict younger than this (seconds) is reused without fetching.
    public var maxCacheAge: Double = 86400
    /// `--offline`: no network; verdicts come from the cache.
    public var offline = false
    /// Seconds a failure must persist across runs to make a link dead (nil: the configuration's).
    public var deadAfter: Double?
    /// A GitHub token: repository links are then checked in batches through GitHub's
    /// GraphQL API (renamed and archived repositories reported). Nil: fetched as pages.
    public var gitHubToken: String?
    /// GitHub's GraphQL endpoint (tests point it at loopback).
    public var gitHubGraphQL = "https://api.github.com/graphql"
    /// A certificate authority to trust besides the system's.
    public var caFile: String?
    /// Host names to addresses (the system's resolver unless a test injects another).
    public var resolver: any NameResolver = SystemResolver()
    /// A name that exists, asked once the resolver first says a name does not: when it
    /// says so of this one too, it says so of every name (a machine offline, a broken
    /// resolver), and no link is called dead for it. Nil for no such check (tests).
    public var resolverCanary: String? = "example.com"
    /// The time (injected by tests of the cache's streaks).
    public var now: @Sendable () -> Date = { Date() }

    public init() {}
}
