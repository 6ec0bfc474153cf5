import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import SeatMixServer

@Suite struct OperationsTests {
  @Test func healthReadyAndMetrics() async throws {
    try await withService { client in
      try await client.execute(uri: "/healthz", method: .get) { response in
        #expect(response.status == .ok)
        #expect(String(buffer: response.body) == "ok\n")
      }
      try await client.execute(uri: "/readyz", method: .get) { response in
        #expect(response.status == .ok)
      }
      try await client.execute(uri: "/api/v1/plans", method: .post, headers: jsonHeaders, body: buffer(seedDealJSON)) {
        #expect($0.status == .ok)
      }
      try await client.execute(uri: "/metrics", method: .get) { response in
        let text = String(buffer: response.body)
        #expect(text.contains(#"seatmix_http_requests_total{method="POST",route="/api/v1/plans",status="200"} 1"#))
        #expect(text.contains(#"seatmix_solve_duration_seconds_count{kind="plan"} 1"#))
        #expect(text.contains("seatmix_solve_queue_depth 0"))
      }
    }
  }

  @Test func everyResponseHasTheSecurityHeaders() async throws {
    try await withService { client in
      for uri in ["/", "/healthz", "/api/v1/catalogs", "/api/v1/catalogs/nope"] {
        try await client.execute(uri: uri, method: .get) { response in
          let policy = try #require(response.headers[.contentSecurityPolicy], "\(uri)")
          #expect(policy.contains("script-src 'self'"))
          #expect(!policy.contains("unsafe-inline"))
          #expect(response.headers[.xContentTypeOptions] == "nosniff")
        }
      }
    }
  }

  @Test func openAPIDocumentIsServed() async throws {
    let committed = try Data(contentsOf: repositoryFile("Sources/SeatMixServer/openapi.yaml"))
    try await withService { client in
      try await client.execute(uri: "/api/v1/openapi.yaml", method: .get) { response in
        #expect(response.status == .ok)
        #expect(Data(buffer: response.body) == committed)
      }
    }
  }

  @Test func catalogsByIdOnly() async throws {
    try await withService { client in
      try await client.execute(uri: "/api/v1/catalogs", method: .get) { response in
        let list = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
        let zoom = try #require(list.first { $0["id"] as? String == "zoom-contact-center" })
        #expect(zoom["currency"] as? String == "USD")
        #expect(zoom["effective_date"] as? String != nil)
      }
      try await client.execute(uri: "/api/v1/catalogs/zoom-contact-center", method: .get) { response in
        let catalog = json(response)
        let skus = try #require(catalog["skus"] as? [[String: Any]])
        let eliteConcurrent = try #require(skus.first { $0["id"] as? String == "elite-concurrent" })
        let annual = try #require((eliteConcurrent["prices"] as? [String: Any])?["annual"] as? [String: Any])
        #expect(annual["amount"] as? Double == 225)
        #expect(annual["estimated"] as? Bool == true)
        let features = try #require(catalog["features"] as? [[String: Any]])
        #expect(features.contains { $0["id"] as? String == "wfm" && ($0["name"] as? String)?.isEmpty == false })
        #expect((catalog["group_add_ons"] as? [[String: Any]])?.contains { $0["id"] as? String == "wfm" } == true)
        #expect((catalog["account_add_ons"] as? [[String: Any]])?.isEmpty == false)
      }
      for id in ["nope", "..%2Fzoom-contact-center", "zoom-contact-center.yaml"] {
        try await client.execute(uri: "/api/v1/catalogs/\(id)", method: .get) { response in
          #expect(response.status == .notFound)
          #expect(problem(response).type == "/problems/unknown-catalog")
        }
      }
    }
  }
}

@Suite struct SolvePoolTests {
  /// A full pool refuses at once; a queued solve runs when a worker frees up.
  @Test func fullQueueRefusesAndQueuedSolvesRun() async throws {
    let pool = SolvePool(workers: 1, queueLimit: 1)
    let release = DispatchSemaphore(value: 0)
    let started = DispatchSemaphore(value: 0)
    let first = Task {
      try await pool.run {
        started.signal()
        release.wait()
        return 1
      }
    }
    // Polled, not waited on: a blocked test thread could starve the tasks it waits for.
    while started.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(1)) }
    let second = Task { try await pool.run { 2 } }
    while pool.queued == 0 { try await Task.sleep(for: .milliseconds(1)) }
    await #expect(throws: SolvePool.Full.self) { try await pool.run { 3 } }
    release.signal()
    #expect(try await first.value == 1)
    #expect(try await second.value == 2)
    #expect(try await pool.run { 4 } == 4)
  }

  /// Through HTTP: while every worker is busy and the queue is full, a plan is 503 with
  /// Retry-After and problem details; once the worker is free, it is answered.
  @Test func busyIs503WithRetryAfter() async throws {
    var configuration = testConfiguration()
    configuration.solveWorkers = 1
    configuration.solveQueueLimit = 0
    let service = try SeatMixService(
      configuration: configuration, catalogs: try CatalogSet.load(folder: configuration.catalogsFolder),
      store: try SQLiteDealStore(path: nil), logger: testLogger())
    let app = Application(router: buildRouter(service), logger: testLogger())
    let release = DispatchSemaphore(value: 0)
    let started = DispatchSemaphore(value: 0)
    let hold = Task {
      try await service.pool.run {
        started.signal()
        release.wait()
      }
    }
    // Polled, not waited on: a blocked test thread could starve the tasks it waits for.
    while started.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(1)) }
    try await app.test(.router) { client in
      try await client.execute(uri: "/api/v1/plans", method: .post, headers: jsonHeaders, body: buffer(seedDealJSON)) {
        response in
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers[.retryAfter] == "1")
        #expect(problem(response).type == "/problems/busy")
      }
      release.signal()
      try await hold.value
      try await client.execute(uri: "/api/v1/plans", method: .post, headers: jsonHeaders, body: buffer(seedDealJSON)) {
        #expect($0.status == .ok)
      }
      try await client.execute(uri: "/metrics", method: .get) { response in
        #expect(String(buffer: response.body).contains(#"route="/api/v1/plans",status="503"} 1"#))
      }
    }
  }
}

@Suite struct BatchRouteTests {
  @Test func batchResultsAreTheCLIs() async throws {
    let folder = try temporaryFolder("seatmix-batch")
    defer { try? FileManager.default.removeItem(at: folder) }
    let results = folder.appendingPathComponent("results.csv").path
    let lines = folder.appendingPathComponent("lines.csv").path
    let cli = try runSeatmix(["batch", "Examples/batch-example.csv", "-o", results, "--lines", lines, "--quiet"])
    // The example has rows with mistakes on purpose (exit code 1), told in its results.
    #expect(cli.status == 1, "\(cli.stderrText)")
    let csv = try Data(contentsOf: repositoryFile("Examples/batch-example.csv"))
    try await withService { client in
      let id = try await client.execute(
        uri: "/api/v1/batches", method: .post, headers: [.contentType: "text/csv"], body: buffer(csv)
      ) { response in
        #expect(response.status == .accepted)
        return try #require(json(response)["id"] as? String)
      }
      var state = ""
      for _ in 0..<600 where state != "done" && state != "failed" {
        try await client.execute(uri: "/api/v1/batches/\(id)", method: .get) { response in
          state = json(response)["state"] as? String ?? ""
        }
        if state != "done" { try await Task.sleep(for: .milliseconds(50)) }
      }
      #expect(state == "done")
      try await client.execute(uri: "/api/v1/batches/\(id)", method: .get) { response in
        let status = json(response)
        #expect(status["done"] as? Int == status["total"] as? Int)
        #expect((status["total"] as? Int ?? 0) > 0)
      }
      for (name, path) in [("results.csv", results), ("lines.csv", lines)] {
        let expected = try Data(contentsOf: URL(fileURLWithPath: path))
        try await client.execute(uri: "/api/v1/batches/\(id)/\(name)", method: .get) { response in
          #expect(response.status == .ok)
          #expect(Data(buffer: response.body) == expected)
        }
      }
    }
  }

  @Test func batchBadInput() async throws {
    var configuration = testConfiguration()
    configuration.maximumBatchRows = 2
    configuration.maximumBatchBytes = 10_000
    try await withService(configuration) { client in
      let csv = "scenario,group,agents,features\na,g,1,voice\nb,g,1,voice\nc,g,1,voice\n"
      try await client.execute(
        uri: "/api/v1/batches", method: .post, headers: [.contentType: "text/csv"], body: buffer(csv)
      ) {
        response in
        #expect(response.status == .contentTooLarge)
        #expect(problem(response).type == "/problems/too-many-rows")
      }
      let big = String(repeating: "x", count: 10_001)
      try await client.execute(
        uri: "/api/v1/batches", method: .post, headers: [.contentType: "text/csv"], body: buffer(big)
      ) {
        response in
        #expect(response.status == .contentTooLarge)
      }
      try await client.execute(uri: "/api/v1/batches", method: .post, headers: jsonHeaders, body: buffer(csv)) {
        response in
        #expect(response.status == .unsupportedMediaType)
      }
      try await client.execute(uri: "/api/v1/batches/nope", method: .get) { #expect($0.status == .notFound) }
      try await client.execute(uri: "/api/v1/batches/nope/results.csv", method: .get) {
        #expect($0.status == .notFound)
      }
    }
  }
}

/// Batches share the solve pool with interactive solves, and a full set of unfinished batches
/// turns the next one away; a batch's messages name the upload, never the server's files.
@Suite struct BatchQueueTests {
  /// A service of `workers` solve workers whose pool the test can hold.
  static func service(workers: Int = 1, maximumBatches: Int = 32) throws -> (SeatMixService, some ApplicationProtocol) {
    var configuration = testConfiguration()
    configuration.solveWorkers = workers
    configuration.solveQueueLimit = 4
    configuration.maximumBatches = maximumBatches
    let service = try SeatMixService(
      configuration: configuration, catalogs: try CatalogSet.load(folder: configuration.catalogsFolder),
      store: try SQLiteDealStore(path: nil), logger: testLogger())
    return (service, Application(router: buildRouter(service), logger: testLogger()))
  }

  /// Takes every worker of `pool` until `release` is signalled.
  static func hold(_ pool: SolvePool, until release: DispatchSemaphore) async throws -> Task<Void, any Error> {
    let started = DispatchSemaphore(value: 0)
    let task = Task {
      try await pool.run {
        started.signal()
        release.wait()
      }
    }
    // Polled, not waited on: a blocked test thread could starve the tasks it waits for.
    while started.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(1)) }
    return task
  }

  static func submit(_ client: some TestClientProtocol, _ csv: Data, query: String = "") async throws -> String {
    try await client.execute(
      uri: "/api/v1/batches\(query)", method: .post, headers: [.contentType: "text/csv"], body: buffer(csv)
    ) { response in
      #expect(response.status == .accepted, "\(String(buffer: response.body))")
      return try #require(json(response)["id"] as? String)
    }
  }

  /// The batch's status once it is done or failed.
  static func finished(_ client: some TestClientProtocol, _ id: String) async throws -> [String: Any] {
    for _ in 0..<1200 {
      let status = try await client.execute(uri: "/api/v1/batches/\(id)", method: .get) { json($0) }
      if ["done", "failed"].contains(status["state"] as? String) { return status }
      try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("batch \(id) did not finish")
    return [:]
  }

  @Test func aBatchSolvesOnThePoolsWorkers() async throws {
    let csv = try Data(contentsOf: repositoryFile("Examples/batch-example.csv"))
    let (service, app) = try Self.service(workers: 1)
    let release = DispatchSemaphore(value: 0)
    let hold = try await Self.hold(service.pool, until: release)
    try await app.test(.router) { client in
      let id = try await Self.submit(client, csv)
      // The batch's first solve waits in the pool's line while its one worker is held.
      var waited = 0
      while service.pool.queued == 0, waited < 3000 {
        try await Task.sleep(for: .milliseconds(10))
        waited += 1
      }
      #expect(service.pool.queued == 1, "the batch does not wait for the pool's worker")
      try await client.execute(uri: "/api/v1/batches/\(id)", method: .get) { response in
        #expect(json(response)["done"] as? Int == 0)
      }
      try await client.execute(uri: "/metrics", method: .get) { response in
        #expect(String(buffer: response.body).contains("seatmix_solve_queue_depth 1"))
      }
      release.signal()
      try await hold.value
      let status = try await Self.finished(client, id)
      #expect(status["state"] as? String == "done")
      #expect((status["done"] as? Int ?? 0) > 0)
      #expect(status["done"] as? Int == status["total"] as? Int)
    }
  }

  @Test func aFullSetOfUnfinishedBatchesIs503WithRetryAfter() async throws {
    let csv = Data("scenario,group,agents,features\na,g,10,voice\n".utf8)
    let (service, app) = try Self.service(workers: 1, maximumBatches: 1)
    let release = DispatchSemaphore(value: 0)
    let hold = try await Self.hold(service.pool, until: release)
    try await app.test(.router) { client in
      let first = try await Self.submit(client, csv)
      try await client.execute(
        uri: "/api/v1/batches", method: .post, headers: [.contentType: "text/csv"], body: buffer(csv)
      ) { response in
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers[.retryAfter] == "5")
        #expect(problem(response).type == "/problems/busy")
      }
      release.signal()
      try await hold.value
      #expect(try await Self.finished(client, first)["state"] as? String == "done")
      // A finished batch makes room.
      let next = try await Self.submit(client, csv)
      #expect(try await Self.finished(client, next)["state"] as? String == "done")
    }
  }

  @Test func aBatchsMessagesNameTheUploadNotTheServersFiles() async throws {
    let rows = Data("scenario,group,agents,features\na,g,10,voice\nb,g,lots,voice\n".utf8)
    let noFeatures = Data("scenario,group,agents\na,g,10\n".utf8)
    let serverPaths = [FileManager.default.temporaryDirectory.path, "seatmix-batches", "input.csv"]
    let (_, app) = try Self.service(workers: 2)
    try await app.test(.router) { client in
      let cases: [(Data, String, String, String)] = [
        (rows, "?name=my%20scenarios.csv", "done", "my scenarios.csv:3: error: scenario 'b': row 3, agents: "),
        (rows, "?name=C:%5CUsers%5Cme%5Cq4.csv", "done", "q4.csv:3: error: scenario 'b': row 3, agents: "),
        (rows, "", "done", "upload.csv:3: error: scenario 'b': row 3, agents: "),
        (noFeatures, "", "failed", "upload.csv:1: error: header: missing required column features"),
      ]
      for (csv, query, state, start) in cases {
        let id = try await Self.submit(client, csv, query: query)
        let status = try await Self.finished(client, id)
        #expect(status["state"] as? String == state, "\(query)")
        let message = status["message"] as? String ?? ""
        #expect(message.hasPrefix(start), "\(query): \(message)")
        for path in serverPaths { #expect(!message.contains(path), "\(query): \(message)") }
      }
    }
  }
}
