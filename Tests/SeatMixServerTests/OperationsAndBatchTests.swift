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
      store: try SQLiteDealStore(path: nil), logger: Logger(label: "test"))
    let app = Application(router: buildRouter(service))
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
    #expect(cli.status == 1, "\(cli.stderr)")
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
