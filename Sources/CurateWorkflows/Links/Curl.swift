#if canImport(Glibc)
    import Glibc
#endif

/// libcurl, opened with `dlopen` the first time a link is checked: the `curate` binary
/// does not link it, so `curate check` and the pre-commit hook start exactly as before
/// (see Documentation/HTTPClient.md). The only code that touches libcurl's pointers.
///
/// `curl_easy_setopt` and `curl_easy_getinfo` are C variadic functions, which Swift cannot
/// call; they are called through non-variadic prototypes whose arguments (a handle, an
/// int, one long or pointer) travel in the same registers on the Linux ABIs curate
/// builds for (x86-64 System V, AArch64).
final class CurlLibrary: @unchecked Sendable {
    typealias EasyInit = @convention(c) () -> OpaquePointer?
    typealias EasyCleanup = @convention(c) (OpaquePointer?) -> Void
    typealias EasyReset = @convention(c) (OpaquePointer?) -> Void
    typealias EasyPerform = @convention(c) (OpaquePointer?) -> Int32
    typealias SetLong = @convention(c) (OpaquePointer?, Int32, Int) -> Int32
    typealias SetPointer = @convention(c) (OpaquePointer?, Int32, UnsafeRawPointer?) -> Int32
    typealias GetInfo = @convention(c) (OpaquePointer?, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias StrError = @convention(c) (Int32) -> UnsafePointer<CChar>?
    typealias SlistAppend = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?
    typealias SlistFree = @convention(c) (OpaquePointer?) -> Void
    typealias GlobalInit = @convention(c) (Int) -> Int32
    typealias Version = @convention(c) () -> UnsafePointer<CChar>?

    let easyInit: EasyInit
    let easyCleanup: EasyCleanup
    let easyReset: EasyReset
    let easyPerform: EasyPerform
    let setLong: SetLong
    let setPointer: SetPointer
    let getInfo: GetInfo
    let strError: StrError
    let slistAppend: SlistAppend
    let slistFree: SlistFree
    let version: String

    /// The names tried, in order (Debian's OpenSSL flavour first, then GnuTLS's).
    static let libraryNames = ["libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", "libcurl-nss.so.4"]

    /// The process's libcurl, loaded and initialised once; the error says what to install.
    static let shared: Result<CurlLibrary, LinkCheckError> = {
        do throws(LinkCheckError) { return .success(try CurlLibrary()) } catch { return .failure(error) }
    }()

    private init() throws(LinkCheckError) {
        guard let handle = Self.libraryNames.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            throw LinkCheckError.noLibcurl(tried: Self.libraryNames)
        }
        func symbol<T>(_ name: String, _: T.Type) throws(LinkCheckError) -> T {
            guard let address = dlsym(handle, name) else { throw LinkCheckError.noLibcurl(tried: Self.libraryNames) }
            return unsafeBitCast(address, to: T.self)
        }
        easyInit = try symbol("curl_easy_init", EasyInit.self)
        easyCleanup = try symbol("curl_easy_cleanup", EasyCleanup.self)
        easyReset = try symbol("curl_easy_reset", EasyReset.self)
        easyPerform = try symbol("curl_easy_perform", EasyPerform.self)
        setLong = try symbol("curl_easy_setopt", SetLong.self)
        setPointer = try symbol("curl_easy_setopt", SetPointer.self)
        getInfo = try symbol("curl_easy_getinfo", GetInfo.self)
        strError = try symbol("curl_easy_strerror", StrError.self)
        slistAppend = try symbol("curl_slist_append", SlistAppend.self)
        slistFree = try symbol("curl_slist_free_all", SlistFree.self)
        let globalInit = try symbol("curl_global_init", GlobalInit.self)
        let versionFunction = try symbol("curl_version", Version.self)
        // CURL_GLOBAL_ALL; called once, before any thread uses libcurl.
        guard globalInit(3) == 0 else { throw LinkCheckError.noLibcurl(tried: Self.libraryNames) }
        version = versionFunction().map { String(cString: $0) } ?? "libcurl"
    }

    func message(_ code: Int32) -> String {
        strError(code).map { String(cString: $0) } ?? "curl error \(code)"
    }
}

/// The libcurl constants curate uses (curl/curl.h).
enum CurlOption {
    static let writeData: Int32 = 10001
    static let url: Int32 = 10002
    static let errorBuffer: Int32 = 10010
    static let userAgent: Int32 = 10018
    static let httpHeader: Int32 = 10023
    static let headerData: Int32 = 10029
    static let customRequest: Int32 = 10036
    static let resolve: Int32 = 10203
    static let noProxy: Int32 = 10177
    static let caInfo: Int32 = 10065
    static let writeFunction: Int32 = 20011
    static let headerFunction: Int32 = 20079
    static let noBody: Int32 = 44
    static let postFieldSize: Int32 = 60
    static let copyPostFields: Int32 = 10165
    static let followLocation: Int32 = 52
    static let maxRedirects: Int32 = 68
    static let httpGet: Int32 = 80
    static let noSignal: Int32 = 99
    static let timeoutMS: Int32 = 155
    static let connectTimeoutMS: Int32 = 156
    static let protocols: Int32 = 181
    static let redirectProtocols: Int32 = 182
    static let acceptEncoding: Int32 = 10102
}

enum CurlInfo {
    static let responseCode: Int32 = 0x20_0000 + 2
}

/// One libcurl easy handle, reused for a worker's requests (it keeps their connections).
final class CurlHandle {
    private let curl: CurlLibrary
    private let handle: OpaquePointer

    init(_ curl: CurlLibrary) throws(LinkCheckError) {
        guard let handle = curl.easyInit() else { throw LinkCheckError.noLibcurl(tried: CurlLibrary.libraryNames) }
        self.curl = curl
        self.handle = handle
    }

    deinit {
        curl.easyCleanup(handle)
    }

    /// Performs `request` (no redirect followed) and returns the answer or why none came.
    func perform(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure> {
        curl.easyReset(handle)
        let collector = ResponseCollector(bodyLimit: request.method == .head ? 0 : request.bodyLimit)
        let context = Unmanaged.passRetained(collector)
        defer { context.release() }
        var lists: [OpaquePointer] = []
        defer { lists.forEach(curl.slistFree) }
        var errorBuffer = [CChar](repeating: 0, count: 256)
        let code: Int32 = errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
            request.body.withUnsafeBufferPointer { body in
                func string(_ option: Int32, _ value: String) {
                    _ = value.withCString { curl.setPointer(handle, option, $0) }
                }
                func list(_ option: Int32, _ values: [String]) {
                    guard !values.isEmpty else { return }
                    var slist: OpaquePointer?
                    for value in values { slist = value.withCString { curl.slistAppend(slist, $0) } }
                    if let slist {
                        lists.append(slist)
                        _ = curl.setPointer(handle, option, UnsafeRawPointer(slist))
                    }
                }
                string(CurlOption.url, request.url)
                string(CurlOption.userAgent, request.userAgent)
                // Loopback is never sent through a proxy from the environment.
                string(CurlOption.noProxy, "localhost,127.0.0.0/8,::1")
                if let caFile = request.caFile { string(CurlOption.caInfo, caFile) }
                _ = curl.setLong(handle, CurlOption.noSignal, 1)
                _ = curl.setLong(handle, CurlOption.followLocation, request.followRedirects ? 1 : 0)
                _ = curl.setLong(handle, CurlOption.maxRedirects, 10)
                _ = curl.setLong(handle, CurlOption.protocols, 3)  // CURLPROTO_HTTP | CURLPROTO_HTTPS
                _ = curl.setLong(handle, CurlOption.redirectProtocols, 3)
                _ = curl.setLong(handle, CurlOption.timeoutMS, max(1, Int(request.timeout * 1000)))
                _ = curl.setLong(handle, CurlOption.connectTimeoutMS, max(1, Int(request.timeout * 1000)))
                switch request.method {
                case .head: _ = curl.setLong(handle, CurlOption.noBody, 1)
                case .get: _ = curl.setLong(handle, CurlOption.httpGet, 1)
                case .post:
                    _ = curl.setLong(handle, CurlOption.postFieldSize, request.body.count)
                    _ = curl.setPointer(handle, CurlOption.copyPostFields, body.baseAddress.map { UnsafeRawPointer($0) })
                }
                list(CurlOption.httpHeader, request.headers)
                list(CurlOption.resolve, request.resolve)
                _ = curl.setPointer(handle, CurlOption.errorBuffer, UnsafeRawPointer(errorPointer.baseAddress))
                let opaque = UnsafeRawPointer(context.toOpaque())
                _ = curl.setPointer(handle, CurlOption.writeData, opaque)
                _ = curl.setPointer(handle, CurlOption.headerData, opaque)
                let write: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
                    data, size, count, user in
                    let collector = Unmanaged<ResponseCollector>.fromOpaque(user!).takeUnretainedValue()
                    return collector.body(UnsafeRawBufferPointer(start: data, count: size * count))
                }
                let header: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
                    data, size, count, user in
                    let collector = Unmanaged<ResponseCollector>.fromOpaque(user!).takeUnretainedValue()
                    collector.header(UnsafeRawBufferPointer(start: data, count: size * count))
                    return size * count
                }
                _ = curl.setPointer(handle, CurlOption.writeFunction, unsafeBitCast(write, to: UnsafeRawPointer.self))
                _ = curl.setPointer(handle, CurlOption.headerFunction, unsafeBitCast(header, to: UnsafeRawPointer.self))
                return curl.easyPerform(handle)
            }
        }
        var status = 0
        _ = curl.getInfo(handle, CurlInfo.responseCode, &status)
        // 23: the body was cut at the limit on purpose. Any failure after the whole head of
        // a final answer (a body that trickled past the timeout, ended early, or was badly
        // compressed) still leaves the answer: its status is what a verdict reads.
        if code == 0 || (code == 23 && collector.truncated && status > 0) || (collector.headComplete && status >= 200) {
            return .success(HTTPResponse(status: status, headers: collector.headers, body: collector.bodyBytes))
        }
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return .failure(HTTPFailure(curlCode: code, message: detail.isEmpty ? curl.message(code) : detail))
    }
}

/// Gathers one answer's headers and the start of its body from libcurl's callbacks.
private final class ResponseCollector {
    var headers: [(String, String)] = []
    var bodyBytes: [UInt8] = []
    var truncated = false
    /// The head of the answer ended (its blank line), for the last answer so far.
    var headComplete = false
    let bodyLimit: Int

    init(bodyLimit: Int) {
        self.bodyLimit = bodyLimit
    }

    func header(_ bytes: UnsafeRawBufferPointer) {
        // A Location's bytes outside ASCII (UTF-8 or not: some servers send Latin-1) are
        // percent-encoded as they are, as browsers do, never decoded and replaced.
        let isLocation = bytes.count > 9 && String(decoding: bytes.prefix(9), as: UTF8.self).lowercased() == "location:"
        var text = ""
        if isLocation {
            for byte in bytes {
                if byte < 0x80 {
                    text.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    text += "%" + String(byte, radix: 16, uppercase: true)
                }
            }
        } else {
            text = String(decoding: bytes, as: UTF8.self)
        }
        let line = text.trimmingWhitespace()
        if line.hasPrefix("HTTP/") {
            headers.removeAll()  // a new answer (after 100 Continue)
            headComplete = false
        } else if line.isEmpty {
            headComplete = true
        } else if let colon = line.firstIndex(of: ":") {
            headers.append(
                (String(line[..<colon]).lowercased(), String(line[line.index(after: colon)...]).trimmingWhitespace()))
        }
    }

    func body(_ bytes: UnsafeRawBufferPointer) -> Int {
        let room = bodyLimit - bodyBytes.count
        if bytes.count > room {
            bodyBytes.append(contentsOf: bytes.prefix(max(0, room)))
            truncated = true
            return 0
        }
        bodyBytes.append(contentsOf: bytes)
        return bytes.count
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
