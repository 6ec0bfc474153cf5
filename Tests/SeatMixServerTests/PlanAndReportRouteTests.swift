import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SeatMixServer

/// `POST /api/v1/plans` and `/reports`: the CLI's answers, byte for byte, and every kind of bad
/// input as problem details with the CLI's located messages.
@Suite struct PlanAndReportRouteTests {
  static let examples = [
    "seed-100-agents.yaml", "mixed-center.yaml", "mixed-center.json", "monthly-term.yaml",
    "negotiated-pricing.yaml", "large-center.yaml",
  ]

  @Test(arguments: examples)
  func planIsTheCLIsJSONByteForByte(example: String) async throws {
    let cli = try runSeatmix(["optimize", "Examples/\(example)", "--format", "json"])
    #expect(cli.status == 0, "\(cli.stderrText)")
    let deal = try Data(contentsOf: repositoryFile("Examples/\(example)"))
    let headers = example.hasSuffix(".json") ? jsonHeaders : yamlHeaders
    try await withService { client in
      try await client.execute(uri: "/api/v1/plans", method: .post, headers: headers, body: buffer(deal)) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json")
        #expect(Data(buffer: response.body) == cli.stdout)
      }
    }
  }

  @Test(arguments: [("markdown", "report.md"), ("csv", "plan.csv"), ("json", "plan.json"), ("html", "report.html")])
  func reportIsTheCLIsFile(format: String, file: String) async throws {
    let folder = try temporaryFolder("seatmix-report")
    defer { try? FileManager.default.removeItem(at: folder) }
    let cli = try runSeatmix(["report", "Examples/seed-100-agents.yaml", "--out", folder.path, "--quiet"])
    #expect(cli.status == 0, "\(cli.stderrText)")
    let expected = try Data(contentsOf: folder.appendingPathComponent(file))
    let deal = try Data(contentsOf: repositoryFile("Examples/seed-100-agents.yaml"))
    try await withService { client in
      try await client.execute(
        uri: "/api/v1/reports?format=\(format)", method: .post, headers: yamlHeaders, body: buffer(deal)
      ) { response in
        #expect(response.status == .ok)
        #expect(Data(buffer: response.body) == expected)
        if format == "html" {
          // The report's own policy: its inline styles, no script at all.
          let policy = try #require(response.headers[.contentSecurityPolicy])
          #expect(!policy.contains("script-src"))
          #expect(policy.hasPrefix("default-src 'none'"))
        }
      }
    }
  }

  @Test func unknownReportFormatIs400() async throws {
    try await withService { client in
      try await client.execute(
        uri: "/api/v1/reports?format=docx", method: .post, headers: jsonHeaders, body: buffer(seedDealJSON)
      ) { response in
        #expect(response.status == .badRequest)
        #expect(problem(response).detail.contains("'docx'"))
      }
    }
  }

  @Test func malformedJSONIs422WithTheLine() async throws {
    let body = "{\n  \"name\": \"x\",\n  \"catalog\": \"zoom-contact-center\",\n  \"groups\": [\n}\n"
    try await withService { client in
      try await client.execute(uri: "/api/v1/plans", method: .post, headers: jsonHeaders, body: buffer(body)) {
        response in
        #expect(response.status == .unprocessableContent)
        let details = problem(response)
        #expect(details.type == "/problems/invalid-deal")
        #expect(details.status == 422)
        let first = try #require(details.errors.first)
        #expect(first.line == 5)
        #expect(first.message.hasPrefix("not valid YAML or JSON"))
        #expect(details.detail.hasPrefix("deal:5: error: "))
      }
    }
  }

  @Test func yamlSentAsJSONIsRefused() async throws {
    let body = "name: x\ncatalog: zoom-contact-center\ngroups:\n  - {name: a, agents: 1, features: []}\n"
    try await withService { client in
      try await client.execute(uri: "/api/v1/plans", method: .post, headers: jsonHeaders, body: buffer(body)) {
        response in
        #expect(response.status == .unprocessableContent)
        #expect(problem(response).errors.map(\.message) == ["not valid JSON (send YAML as application/yaml)"])
      }
      try await client.execute(uri: "/api/v1/plans", method: .post, headers: yamlHeaders, body: buffer(body)) {
        response in
        #expect(response.status == .ok)
      }
    }
  }

  @Test func everyProblemOfTheDocumentWithLineAndField() async throws {
    let body = """
      {
        "name": "Many problems",
        "catalog": "zoom-contact-center",
        "licencing": "any",
        "groups": [
          {"name": "A", "agents": -40, "features": ["voice", "telepathy"]},
          {"name": "B", "agents": 5, "peak_concurrent": "lots", "features": ["voice"]}
        ]
      }
      """
    try await withService { client in
      try await client.execute(uri: "/api/v1/plans", method: .post, headers: jsonHeaders, body: buffer(body)) {
        response in
        #expect(response.status == .unprocessableContent)
        let details = problem(response)
        let located = details.errors.map { "\($0.line ?? 0) \($0.field)" }
        #expect(located.contains("4 licencing"))
        #expect(located.contains("6 groups[0].agents"))
        #expect(located.contains { $0.hasPrefix("6 groups[0].features") })
        #expect(located.contains("7 groups[1].peak_concurrent"))
        #expect(details.errors.contains { $0.message.contains("'telepathy'") })
        #expect(details.detail.split(separator: "\n").count == details.errors.count)
      }
    }
  }

  @Test func unknownCatalogIdAndCatalogPathsAre422() async throws {
    try await withService { client in
      for (catalog, expected) in [
        ("zoom-contact-centre", "unknown catalog 'zoom-contact-centre' (did you mean 'zoom-contact-center'?)"),
        ("../Catalogs/zoom-contact-center.yaml", "'../Catalogs/zoom-contact-center.yaml' is not a catalog id"),
        ("/etc/passwd", "'/etc/passwd' is not a catalog id"),
      ] {
        let body = seedDealJSON.replacingOccurrences(of: "\"zoom-contact-center\"", with: "\"\(catalog)\"")
        try await client.execute(uri: "/api/v1/plans", method: .post, headers: jsonHeaders, body: buffer(body)) {
          response in
          #expect(response.status == .unprocessableContent)
          let details = problem(response)
          #expect(details.errors.first?.field == "catalog")
          #expect(details.errors.first?.line == 1)
          #expect(details.errors.first?.message.hasPrefix(expected) == true, "\(details.errors)")
        }
      }
    }
  }

  @Test func oversizeBodyIs413() async throws {
    var configuration = testConfiguration()
    configuration.maximumDealBytes = 1000
    let body = seedDealJSON + String(repeating: " ", count: 1000)
    try await withService(configuration) { client in
      try await client.execute(uri: "/api/v1/plans", method: .post, headers: jsonHeaders, body: buffer(body)) {
        response in
        #expect(response.status == .contentTooLarge)
        #expect(problem(response).type == "/problems/too-large")
      }
      try await client.execute(uri: "/api/v1/plans", method: .post, headers: jsonHeaders, body: buffer(seedDealJSON)) {
        response in
        #expect(response.status == .ok)
      }
    }
  }

  @Test func otherContentTypesAre415() async throws {
    try await withService { client in
      try await client.execute(
        uri: "/api/v1/plans", method: .post, headers: [.contentType: "text/plain"], body: buffer(seedDealJSON)
      ) { response in
        #expect(response.status == .unsupportedMediaType)
        #expect(problem(response).type == "/problems/unsupported-media-type")
      }
    }
  }

  @Test func seedExampleThroughTheAPI() async throws {
    try await withService { client in
      try await client.execute(uri: "/api/v1/plans", method: .post, headers: jsonHeaders, body: buffer(seedDealJSON)) {
        response in
        let plan = json(response)
        let items = try #require(plan["line_items"] as? [[String: Any]])
        let quantities = Dictionary(
          uniqueKeysWithValues: items.map { ($0["sku"] as? String ?? "", $0["quantity"] as? Int ?? 0) })
        #expect(quantities == ["elite-concurrent": 25, "wfm": 75, "qm": 75])
      }
    }
  }
}
