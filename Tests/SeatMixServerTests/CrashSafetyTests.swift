import Foundation
import Testing

@testable import SeatMixServer

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `seatmix serve` killed with SIGKILL in the middle of a stream of saves: every revision whose
/// save was answered is in the database afterwards, the revisions of each deal are numbered without
/// a gap, and the file opens and passes SQLite's integrity check.
@Suite struct CrashSafetyTests {
  struct Saved: Decodable {
    var id: String
    var secret: String?
    var revision: Int
  }

  @Test(.timeLimit(.minutes(3)))
  func killDuringSavesLosesNoCommittedRevision() async throws {
    let folder = try temporaryFolder("seatmix-kill")
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = folder.appendingPathComponent("deals.sqlite").path
    let server = try await ServeProcess(database: database, in: folder)
    defer { server.stop() }
    let root = try #require(server.root)

    let acknowledged = Acknowledged()
    let writers = (0..<3).map { writer in
      Task {
        let created: Saved = try await send(root, "POST", "/api/v1/deals", body: Self.deal(writer, 0))
        await acknowledged.add(created.id, created.revision)
        for step in 1... {
          let saved: Saved = try await send(
            root, "PUT", "/api/v1/deals/\(created.id)", body: Self.deal(writer, step), secret: created.secret)
          await acknowledged.add(created.id, saved.revision)
        }
      }
    }
    while await acknowledged.count < 45 { try await Task.sleep(for: .milliseconds(5)) }
    server.signal(SIGKILL)
    server.process.waitUntilExit()
    for writer in writers { _ = await writer.result }
    #expect(server.process.terminationReason == .uncaughtSignal)

    let store = try SQLiteDealStore(path: database)
    #expect(try await store.integrityCheck() == "ok")
    let saved = await acknowledged.revisions
    #expect(saved.count == 3)
    for (deal, numbers) in saved {
      let stored = try #require(try await store.revisions(of: deal)).map(\.revision)
      #expect(stored == Array(1...(stored.last ?? 0)), "revisions of \(deal) have a gap: \(stored)")
      #expect(Set(numbers).isSubset(of: Set(stored)), "answered \(numbers.sorted()), stored \(stored)")
      for number in numbers {
        let revision = try #require(try await store.revision(of: deal, number: number))
        #expect(revision.content.plan.contains("\"status\""))
      }
    }
    try await store.close()
  }

  static func deal(_ writer: Int, _ step: Int) -> String {
    seedDealJSON.replacingOccurrences(of: "\"agents\": 100", with: "\"agents\": \(100 + writer * 10 + step)")
  }

  func send<T: Decodable>(_ root: URL, _ method: String, _ path: String, body: String, secret: String? = nil)
    async throws -> T
  {
    var request = URLRequest(url: root.appendingPathComponent(path))
    request.httpMethod = method
    request.httpBody = Data(body.utf8)
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    if let secret { request.setValue("Bearer \(secret)", forHTTPHeaderField: "Authorization") }
    let (data, response) = try await URLSession.shared.data(for: request)
    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
    guard (200..<300).contains(status) else { throw URLError(.badServerResponse) }
    return try JSONDecoder().decode(T.self, from: data)
  }
}

/// The revisions whose save was answered, by deal.
actor Acknowledged {
  private(set) var revisions: [String: [Int]] = [:]
  var count: Int { revisions.values.reduce(0) { $0 + $1.count } }
  func add(_ deal: String, _ revision: Int) { revisions[deal, default: []].append(revision) }
}
