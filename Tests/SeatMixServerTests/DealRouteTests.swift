import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import SeatMixServer

/// Saved deals: create, read, revise, delete with the secret; revisions keep the catalog as it was.
@Suite struct DealRouteTests {
  struct Created: Decodable {
    var id: String
    var secret: String
    var revision: Int
    var shareURL: String

    enum CodingKeys: String, CodingKey {
      case id, secret, revision
      case shareURL = "share_url"
    }
  }

  func create(_ client: some TestClientProtocol, _ deal: String = seedDealJSON) async throws -> Created {
    try await client.execute(uri: "/api/v1/deals", method: .post, headers: jsonHeaders, body: buffer(deal)) {
      response in
      #expect(response.status == .created, "\(String(buffer: response.body))")
      return try JSONDecoder().decode(Created.self, from: Data(buffer: response.body))
    }
  }

  func plan(_ client: some TestClientProtocol, _ deal: String) async throws -> [String: Any] {
    try await client.execute(uri: "/api/v1/plans", method: .post, headers: jsonHeaders, body: buffer(deal)) {
      json($0)
    }
  }

  @Test func saveReadReviseDelete() async throws {
    try await withService { client in
      let created = try await create(client)
      #expect(created.revision == 1)
      #expect(created.shareURL == "/d/\(created.id)")
      #expect(created.id.count == 22)  // 128 random bits, URL-safe base64
      #expect(created.secret.count == 43)
      #expect(created.secret != created.id)

      let expectedPlan = try await plan(client, seedDealJSON) as NSDictionary
      try await client.execute(uri: "/api/v1/deals/\(created.id)", method: .get) { response in
        #expect(response.status == .ok)
        let document = json(response)
        #expect(document["id"] as? String == created.id)
        let revisions = try #require(document["revisions"] as? [[String: Any]])
        #expect(revisions.map { $0["revision"] as? Int } == [1])
        let latest = try #require(document["latest"] as? [String: Any])
        #expect(latest["revision"] as? Int == 1)
        #expect(latest["catalog_changed"] as? Bool == false)
        #expect((latest["plan"] as? NSDictionary) == expectedPlan)
        let deal = try #require(latest["deal"] as? [String: Any])
        #expect(deal["name"] as? String == "Seed example")
        let catalog = try #require(latest["catalog"] as? [String: Any])
        #expect(catalog["id"] as? String == "zoom-contact-center")
        #expect(catalog["effective_date"] as? String != nil)
        #expect((catalog["skus"] as? [Any])?.isEmpty == false)
      }

      let grown = seedDealJSON.replacingOccurrences(of: "\"agents\": 100", with: "\"agents\": 120")
      // Wrong and missing secrets change nothing.
      for headers: HTTPFields in [
        [.contentType: "application/json"],
        [.contentType: "application/json", .authorization: "Bearer \(created.secret.dropLast())x"],
        [.contentType: "application/json", .authorization: "Bearer \(created.id)"],
        [.contentType: "application/json", .authorization: created.secret],
      ] {
        try await client.execute(
          uri: "/api/v1/deals/\(created.id)", method: .put, headers: headers, body: buffer(grown)
        ) {
          response in
          #expect(response.status == .unauthorized)
          #expect(problem(response).type == "/problems/unauthorized")
        }
      }
      let authorized: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(created.secret)"]
      try await client.execute(
        uri: "/api/v1/deals/\(created.id)", method: .put, headers: authorized, body: buffer(grown)
      ) {
        response in
        #expect(response.status == .ok)
        #expect(json(response)["revision"] as? Int == 2)
      }
      try await client.execute(uri: "/api/v1/deals/\(created.id)", method: .get) { response in
        let document = json(response)
        #expect((document["revisions"] as? [[String: Any]])?.map { $0["revision"] as? Int } == [1, 2])
        let latest = try #require(document["latest"] as? [String: Any])
        #expect(
          (latest["deal"] as? [String: Any]).flatMap { ($0["groups"] as? [[String: Any]])?.first?["agents"] as? Int }
            == 120)
      }
      try await client.execute(uri: "/api/v1/deals/\(created.id)/revisions/1", method: .get) { response in
        #expect(response.status == .ok)
        let revision = json(response)
        #expect(revision["revision"] as? Int == 1)
        #expect((revision["plan"] as? NSDictionary) == expectedPlan)
      }
      for missing in ["3", "0", "x"] {
        try await client.execute(uri: "/api/v1/deals/\(created.id)/revisions/\(missing)", method: .get) { response in
          #expect(response.status == .notFound)
        }
      }
      // A bad deal is no revision.
      try await client.execute(
        uri: "/api/v1/deals/\(created.id)", method: .put, headers: authorized, body: buffer("{\"name\": 1}")
      ) { response in
        #expect(response.status == .unprocessableContent)
      }

      try await client.execute(
        uri: "/api/v1/deals/\(created.id)", method: .delete, headers: [.authorization: "Bearer wrong"]
      ) { response in
        #expect(response.status == .unauthorized)
      }
      try await client.execute(
        uri: "/api/v1/deals/\(created.id)", method: .delete, headers: [.authorization: "Bearer \(created.secret)"]
      ) { response in
        #expect(response.status == .noContent)
      }
      try await client.execute(uri: "/api/v1/deals/\(created.id)", method: .get) { response in
        #expect(response.status == .notFound)
        #expect(problem(response).type == "/problems/not-found")
      }
    }
  }

  @Test func unknownAndMalformedIdsAre404() async throws {
    try await withService { client in
      for id in ["AAAAAAAAAAAAAAAAAAAAAA", "short", "..%2F..%2Fetc", String(repeating: "a", count: 300)] {
        try await client.execute(uri: "/api/v1/deals/\(id)", method: .get) { response in
          #expect(response.status == .notFound)
        }
        try await client.execute(
          uri: "/api/v1/deals/\(id)", method: .put,
          headers: [.contentType: "application/json", .authorization: "Bearer x"], body: buffer(seedDealJSON)
        ) { response in
          #expect(response.status == .notFound)
        }
      }
    }
  }

  @Test func idsAndSecretsAreUnguessable() {
    let ids = Set((0..<1000).map { _ in DealSecrets.newID() })
    #expect(ids.count == 1000)
    #expect(ids.allSatisfy(DealSecrets.isWellFormedID))
    #expect(Data(base64Encoded: "AAAAAAAAAAAAAAAAAAAAAA==")?.count == 16)
  }

  @Test func secretsAreStoredHashed() {
    // FIPS 180-4 test vectors.
    #expect(
      SHA256.hash(Array("abc".utf8)).map { String(format: "%02x", $0) }.joined()
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hash([]).map { String(format: "%02x", $0) }.joined()
        == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
    #expect(
      SHA256.hash(long).map { String(format: "%02x", $0) }.joined()
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    let secret = DealSecrets.newSecret()
    let stored = DealSecrets.hash(secret)
    #expect(stored.count == 32)
    #expect(!String(decoding: stored, as: UTF8.self).contains(secret))
    #expect(DealSecrets.matches(secret, storedHash: stored))
    #expect(!DealSecrets.matches(secret + "x", storedHash: stored))
    #expect(!DealSecrets.matches("", storedHash: stored))
  }

  @Test func theSecretIsNeverLogged() async throws {
    let recorder = LogRecorder()
    var configuration = testConfiguration()
    configuration.logger = Logger(label: "test") { _ in recorder }
    configuration.logLevel = .trace
    let secret: String = try await withService(configuration) { client in
      let created = try await create(client)
      let authorized: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(created.secret)"]
      try await client.execute(
        uri: "/api/v1/deals/\(created.id)", method: .put, headers: authorized, body: buffer(seedDealJSON)
      ) { #expect($0.status == .ok) }
      return created.secret
    }
    let lines = recorder.lines
    #expect(lines.contains { $0.contains("route=/api/v1/deals/{id}") && $0.contains("status=200") })
    #expect(!lines.contains { $0.contains(secret) })
    #expect(!lines.contains { $0.lowercased().contains("bearer") })
  }

  /// A revision keeps the catalog as it was: after the catalog file's prices change, the share
  /// link shows the quoted plan, and says a current catalog prices it differently.
  @Test func revisionsKeepTheirCatalogAfterItChanges() async throws {
    let folder = try temporaryFolder("seatmix-frozen")
    defer { try? FileManager.default.removeItem(at: folder) }
    let catalogs = folder.appendingPathComponent("Catalogs")
    try FileManager.default.createDirectory(at: catalogs, withIntermediateDirectories: true)
    let original = try String(contentsOf: repositoryFile("Catalogs/zoom-contact-center.yaml"), encoding: .utf8)
    let catalogFile = catalogs.appendingPathComponent("zoom-contact-center.yaml")
    try original.write(to: catalogFile, atomically: true, encoding: .utf8)
    let database = folder.appendingPathComponent("deals.sqlite").path
    let configuration = testConfiguration(database: database, catalogs: catalogs.path)

    let (created, quoted): (Created, Data) = try await withService(configuration) { client in
      let created = try await create(client)
      let quoted = try await client.execute(uri: "/api/v1/deals/\(created.id)", method: .get) { response in
        let latest = try #require(json(response)["latest"] as? [String: Any])
        #expect(latest["catalog_changed"] as? Bool == false)
        return try JSONSerialization.data(withJSONObject: latest)
      }
      return (created, quoted)
    }

    // Only a comment changes: the same prices, so not changed.
    try (original + "\n# a comment\n").write(to: catalogFile, atomically: true, encoding: .utf8)
    try await withService(configuration) { client in
      try await client.execute(uri: "/api/v1/deals/\(created.id)", method: .get) { response in
        let latest = try #require(json(response)["latest"] as? [String: Any])
        #expect(latest["catalog_changed"] as? Bool == false)
      }
    }

    // Elite concurrent's annual price goes up.
    let changedCatalog = try #require(Self.raisingEliteConcurrent(original))
    try changedCatalog.write(to: catalogFile, atomically: true, encoding: .utf8)
    try await withService(configuration) { client in
      let then = try #require(try JSONSerialization.jsonObject(with: quoted) as? [String: Any])
      let quotedPlan = try #require(then["plan"] as? [String: Any])
      try await client.execute(uri: "/api/v1/deals/\(created.id)", method: .get) { response in
        let latest = try #require(json(response)["latest"] as? [String: Any])
        #expect(latest["catalog_changed"] as? Bool == true)
        #expect((latest["plan"] as? NSDictionary) == quotedPlan as NSDictionary)
        #expect((latest["catalog"] as? NSDictionary) == (then["catalog"] as? NSDictionary))
      }
      // A new plan prices with the current catalog.
      let now = try await plan(client, seedDealJSON)
      #expect((now["monthly_total"] as? Double ?? 0) > (quotedPlan["monthly_total"] as? Double ?? 0))
    }
  }

  /// The catalog text with the first price of the elite tier's concurrent license raised by 50.
  static func raisingEliteConcurrent(_ catalog: String) -> String? {
    var lines = catalog.components(separatedBy: "\n")
    guard let elite = lines.firstIndex(where: { $0.contains("id: elite") }),
      let concurrent = lines[elite...].firstIndex(where: {
        $0.trimmingCharacters(in: .whitespaces).hasPrefix("concurrent:")
      }),
      let annual = lines[concurrent...].firstIndex(where: { $0.contains("annual:") })
    else { return nil }
    let line = lines[annual]
    guard let match = line.firstMatch(of: /annual: *\{? *(amount: *)?(?<price>[0-9.]+)/),
      let price = Decimal(string: String(match.price))
    else { return nil }
    lines[annual] = line.replacingCharacters(in: match.price.startIndex..<match.price.endIndex, with: "\(price + 50)")
    return lines.joined(separator: "\n")
  }
}

/// Collects every log line (message and metadata) in memory.
final class LogRecorder: LogHandler, @unchecked Sendable {
  private let lock = NSLock()
  private var recorded: [String] = []
  var metadata: Logger.Metadata = [:]
  var logLevel: Logger.Level = .trace

  var lines: [String] { lock.withLock { recorded } }

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    let all = metadata.merging(event.metadata ?? [:]) { $1 }
    let text =
      "\(event.message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    lock.withLock { recorded.append(text) }
  }
}
