import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import SeatMixServer

/// Every answer, a route's or not: a known path with another method is 405 with `Allow`, an unknown
/// path 404, an unexpected failure 500, each as problem details; and every response, whatever its
/// status and whoever made it, carries the security headers.
@Suite struct ResponseGuardTests {
  static func expectSecurityHeaders(
    _ headers: HTTPFields, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let policy = headers[.contentSecurityPolicy] ?? ""
    #expect(policy.contains("script-src 'self'"), "\(what): CSP \(policy)", sourceLocation: sourceLocation)
    #expect(!policy.contains("unsafe-inline"), "\(what)", sourceLocation: sourceLocation)
    #expect(headers[.xContentTypeOptions] == "nosniff", "\(what)", sourceLocation: sourceLocation)
    #expect(headers[.init("Referrer-Policy")!] == "no-referrer", "\(what)", sourceLocation: sourceLocation)
    #expect(headers[.init("X-Frame-Options")!] == "DENY", "\(what)", sourceLocation: sourceLocation)
  }

  @Test func aKnownPathWithAnotherMethodIs405WithAllow() async throws {
    let id = DealSecrets.newID()
    let cases: [(HTTPRequest.Method, String, String)] = [
      (.post, "/api/v1/catalogs", "GET"),
      (.delete, "/api/v1/catalogs/zoom-contact-center", "GET"),
      (.get, "/api/v1/plans", "POST"),
      (.put, "/api/v1/reports", "POST"),
      (.patch, "/api/v1/deals/\(id)", "DELETE, GET, PUT"),
      (.post, "/api/v1/deals/\(id)/revisions/1", "GET"),
      (.delete, "/api/v1/batches", "POST"),
      (.post, "/healthz", "GET"),
      (.delete, "/", "GET"),
      (.post, "/d/\(id)", "GET"),
      (.init("TRACE")!, "/metrics", "GET"),
    ]
    try await withService { client in
      for (method, uri, allow) in cases {
        try await client.execute(uri: uri, method: method, headers: jsonHeaders, body: buffer("{}")) { response in
          #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
          #expect(response.headers[.allow] == allow, "\(method) \(uri)")
          let body = problem(response)
          #expect(body.type == "/problems/method-not-allowed", "\(method) \(uri)")
          #expect(body.status == 405)
          #expect(body.detail.contains(allow), "\(body.detail)")
          Self.expectSecurityHeaders(response.headers, "\(method) \(uri)")
        }
      }
    }
  }

  @Test func anUnknownPathIs404ProblemDetails() async throws {
    try await withService { client in
      for (method, uri) in [
        (HTTPRequest.Method.get, "/nope"), (.post, "/api/v1/nope"), (.get, "/api/v2/plans"),
        (.get, "/api/v1/deals/x/revisions"), (.delete, "/assets"),
      ] {
        try await client.execute(uri: uri, method: method) { response in
          #expect(response.status == .notFound, "\(method) \(uri)")
          #expect(response.headers[.allow] == nil)
          let body = problem(response)
          #expect(body.type == "/problems/not-found", "\(method) \(uri)")
          #expect(body.status == 404)
          Self.expectSecurityHeaders(response.headers, "\(method) \(uri)")
        }
      }
    }
  }

  /// A store that fails every call, as a database that went away would.
  struct FailingStore: DealStore {
    struct Down: Error {}
    func create(id: String, secretHash: Data, first: NewRevision) async throws -> StoredRevision { throw Down() }
    func append(to id: String, _ revision: NewRevision) async throws -> StoredRevision? { throw Down() }
    func revisions(of id: String) async throws -> [RevisionSummary]? { throw Down() }
    func revision(of id: String, number: Int?) async throws -> StoredRevision? { throw Down() }
    func secretHash(of id: String) async throws -> Data? { throw Down() }
    func delete(_ id: String) async throws -> Bool { throw Down() }
    func checkReadable() async throws { throw Down() }
    func close() async throws {}
  }

  /// The service's router with `store`, a pool of one worker and no queue, logging to `logger`.
  static func app(store: any DealStore = FailingStore(), logger: Logger = testLogger()) throws -> (
    SeatMixService, some ApplicationProtocol
  ) {
    var configuration = testConfiguration()
    configuration.solveWorkers = 1
    configuration.solveQueueLimit = 0
    configuration.maximumDealBytes = 2000
    let service = try SeatMixService(
      configuration: configuration, catalogs: try CatalogSet.load(folder: configuration.catalogsFolder),
      store: store, logger: logger)
    return (service, Application(router: buildRouter(service), logger: logger))
  }

  /// Statuses of every kind, from routes, from the router and from a failure no route expected.
  @Test func everyStatusCarriesTheSecurityHeaders() async throws {
    let (service, app) = try Self.app()
    let release = DispatchSemaphore(value: 0)
    let started = DispatchSemaphore(value: 0)
    try await app.test(.router) { client in
      let id = DealSecrets.newID()
      let cases: [(HTTPRequest.Method, String, HTTPFields, String, HTTPResponse.Status)] = [
        (.get, "/", [:], "", .ok),
        (.get, "/api/v1/catalogs", [:], "", .ok),
        (.post, "/api/v1/plans", jsonHeaders, "{", .unprocessableContent),
        (.post, "/api/v1/plans", [.contentType: "text/plain"], seedDealJSON, .unsupportedMediaType),
        (.post, "/api/v1/plans", jsonHeaders, String(repeating: " ", count: 3000), .contentTooLarge),
        (.get, "/api/v1/nope", [:], "", .notFound),
        (.put, "/api/v1/plans", jsonHeaders, seedDealJSON, .methodNotAllowed),
        // The store fails: an error no route turns into a problem.
        (.get, "/api/v1/deals/\(id)", [:], "", .internalServerError),
        (.get, "/readyz", [:], "", .serviceUnavailable),
      ]
      for (method, uri, headers, body, status) in cases {
        try await client.execute(uri: uri, method: method, headers: headers, body: buffer(body)) { response in
          #expect(response.status == status, "\(method) \(uri): \(String(buffer: response.body))")
          Self.expectSecurityHeaders(response.headers, "\(method) \(uri)")
          if status.code >= 400 { #expect(problem(response).status == Int(status.code)) }
        }
      }
      // A full solve pool: 503 with Retry-After.
      let hold = Task {
        try await service.pool.run {
          started.signal()
          release.wait()
        }
      }
      while started.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(1)) }
      try await client.execute(uri: "/api/v1/plans", method: .post, headers: jsonHeaders, body: buffer(seedDealJSON)) {
        response in
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers[.retryAfter] == "1")
        Self.expectSecurityHeaders(response.headers, "503 busy")
      }
      release.signal()
      try await hold.value
    }
  }

  /// An unexpected failure is 500 problem details whose detail says nothing of the failure, which
  /// goes to the log.
  @Test func anUnexpectedFailureIsLoggedAnd500() async throws {
    let recorder = LogRecorder()
    var logger = Logger(label: "test") { _ in recorder }
    logger.logLevel = .error
    let (_, app) = try Self.app(logger: logger)
    try await app.test(.router) { client in
      try await client.execute(uri: "/api/v1/deals/\(DealSecrets.newID())", method: .get) { response in
        #expect(response.status == .internalServerError)
        let body = problem(response)
        #expect(body.type == "/problems/internal-error")
        #expect(!body.detail.contains("Down"))
      }
    }
    #expect(recorder.lines.contains { $0.hasPrefix("request failed") && $0.contains("FailingStore.Down") })
  }

  /// Over a real socket: what the server answers before any route sees the request (a request it
  /// cannot parse) carries the headers too, as do the router's 405 and 404.
  @Test func theServerPutsTheHeadersOnWhatNoRouteAnswers() async throws {
    let app = try await buildApplication(testConfiguration())
    try await app.test(.live) { client in
      let port = try #require(client.port)
      let exchanges: [(String, Int)] = [
        ("NOT HTTP AT ALL\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\nConnection: close\r\n\r\n", 400),
        ("DELETE /api/v1/catalogs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405),
        ("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404),
      ]
      for (request, status) in exchanges {
        let connection = try #require(RawConnection(port: port))
        connection.send(request)
        let answer = connection.readToEnd()
        let response = try #require(RawConnection.parse(answer), "\(String(decoding: answer, as: UTF8.self))")
        #expect(response.status == status, "\(request)")
        #expect(response.headers["x-content-type-options"] == "nosniff", "\(request)")
        #expect(response.headers["x-frame-options"] == "DENY", "\(request)")
        #expect(response.headers["referrer-policy"] == "no-referrer", "\(request)")
        #expect(response.headers["content-security-policy"]?.contains("script-src 'self'") == true, "\(request)")
      }
    }
  }
}

/// The services the tests start log nothing at the tests' level unless `SEATMIX_TEST_LOG` asks:
/// not the request lines (info), not a failure's (error).
@Suite struct TestLoggingTests {
  @Test func testServicesAreQuietUnlessAsked() async throws {
    func lines(at level: Logger.Level) async throws -> [String] {
      let recorder = LogRecorder()
      var logger = Logger(label: "test") { _ in recorder }
      logger.logLevel = level
      let (_, app) = try ResponseGuardTests.app(logger: logger)
      try await app.test(.router) { client in
        try await client.execute(uri: "/api/v1/catalogs", method: .get) { #expect($0.status == .ok) }
        try await client.execute(uri: "/api/v1/deals/\(DealSecrets.newID())", method: .get) {
          #expect($0.status == .internalServerError)
        }
      }
      return recorder.lines
    }
    // The same requests do log at info (so this test can fail).
    #expect(try await lines(at: .info).contains { $0.hasPrefix("request ") })
    if ProcessInfo.processInfo.environment["SEATMIX_TEST_LOG"] == nil {
      #expect(testLogLevel == .critical)
      #expect(testLogger().logLevel == .critical)
      #expect(testConfiguration().logLevel == .critical)
      #expect(try await lines(at: testLogLevel).isEmpty)
    }
  }
}
