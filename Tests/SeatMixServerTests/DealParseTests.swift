import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SeatMixServer

/// `POST /api/v1/deals/parse`, the calculator's import: a deal file read by the CLI's own reader
/// and rules, answered as JSON that plans the same, or with every problem the CLI tells, located.
@Suite struct DealParseTests {
  @Test(arguments: PlanAndReportRouteTests.examples)
  func anExampleReadsAsJSONThatPlansAsTheCLIPlansTheFile(example: String) async throws {
    let cli = try runSeatmix(["optimize", "Examples/\(example)", "--format", "json"])
    #expect(cli.status == 0, "\(cli.stderrText)")
    let file = try Data(contentsOf: repositoryFile("Examples/\(example)"))
    let headers = example.hasSuffix(".json") ? jsonHeaders : yamlHeaders
    try await withService { client in
      let parsed = try await client.execute(
        uri: "/api/v1/deals/parse?name=\(example)", method: .post, headers: headers, body: buffer(file)
      ) { response in
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        #expect(response.headers[.contentType] == "application/json")
        return Data(buffer: response.body)
      }
      let deal = try #require(try JSONSerialization.jsonObject(with: parsed) as? [String: Any])
      #expect(deal["catalog"] as? String == "zoom-contact-center")
      try await client.execute(uri: "/api/v1/plans", method: .post, headers: jsonHeaders, body: buffer(parsed)) {
        #expect(Data(buffer: $0.body) == cli.stdout)
      }
    }
  }

  /// YAML the calculator's old script could not read: anchors and aliases, block scalars, a
  /// multi-line flow list, keys the form has no control for (kept).
  @Test func fullYAMLIsRead() async throws {
    let yaml = """
      name: >-
        Anchored
        deal
      catalog: zoom-contact-center
      licensing: concurrent
      notes: |
        line one
        line two
      groups:
        - name: Agents
          agents: 100
          peak_concurrent: 25
          features: &needs [voice,
            wfm, qm]
          tier: elite
        - name: Team leads
          agents: 10
          features: *needs
      """
    try await withService { client in
      try await client.execute(
        uri: "/api/v1/deals/parse", method: .post, headers: yamlHeaders, body: buffer(yaml)
      ) { response in
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        let deal = json(response)
        #expect(deal["name"] as? String == "Anchored deal")
        #expect(deal["notes"] as? String == "line one\nline two\n")
        let groups = try #require(deal["groups"] as? [[String: Any]])
        #expect(groups.count == 2)
        #expect(groups[1]["features"] as? [String] == ["voice", "wfm", "qm"])
        #expect(groups[0]["agents"] as? Int == 100)
      }
    }
  }

  /// Every problem `seatmix validate` prints for the file, each with its line and field, the
  /// `detail` lines naming the file as `?name=` says.
  @Test func problemsAreTheCLIsLocated() async throws {
    let fixture = "Tests/SeatMixTests/Fixtures/deals/bad-many-problems.yaml"
    let cli = try runSeatmix(["validate", fixture])
    #expect(cli.status == 1)
    let expected = cli.stderrText.split(separator: "\n").map { $0.replacingOccurrences(of: fixture, with: "q4.yaml") }
      .filter { $0.hasPrefix("q4.yaml:") }
    #expect(expected.count == 4)
    let file = try Data(contentsOf: repositoryFile(fixture))
    try await withService { client in
      try await client.execute(
        uri: "/api/v1/deals/parse?name=q4.yaml", method: .post, headers: yamlHeaders, body: buffer(file)
      ) { response in
        #expect(response.status == .unprocessableContent)
        let body = problem(response)
        #expect(body.type == "/problems/invalid-deal")
        #expect(body.detail.split(separator: "\n").map(String.init) == expected)
        #expect(body.errors.map(\.line) == [3, 7, 8, 12])
        #expect(
          body.errors.map(\.field) == [
            "licencing", "groups[0].agents", "groups[0].peak_concurrent", "groups[1].features",
          ])
      }
      // A syntax error has its line; a file unnamed is `deal`.
      try await client.execute(
        uri: "/api/v1/deals/parse", method: .post, headers: yamlHeaders, body: buffer("name: x\ngroups: [a,\n")
      ) { response in
        #expect(response.status == .unprocessableContent)
        let body = problem(response)
        #expect(body.errors.first?.line != nil)
        #expect(body.detail.hasPrefix("deal:"))
      }
      try await client.execute(
        uri: "/api/v1/deals/parse", method: .post, headers: [.contentType: "text/plain"], body: buffer("name: x")
      ) { #expect($0.status == .unsupportedMediaType) }
      try await client.execute(uri: "/api/v1/deals/parse", method: .get) { response in
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers[.allow] == "POST")
      }
    }
  }
}
