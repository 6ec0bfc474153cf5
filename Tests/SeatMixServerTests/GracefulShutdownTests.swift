import Foundation
import Testing

@testable import SeatMixServer

/// `seatmix serve` told SIGTERM while requests are in flight: it stops accepting connections at
/// once, answers the requests it has (a plan whose body is still arriving, a report on the solve
/// pool) in full, then closes the database (the WAL checkpointed into the file) and exits 0.
@Suite struct GracefulShutdownTests {
  @Test(.timeLimit(.minutes(3)))
  func sigtermFinishesInFlightRequestsRefusesNewOnesAndClosesTheDatabase() async throws {
    let folder = try temporaryFolder("seatmix-sigterm")
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = folder.appendingPathComponent("deals.sqlite").path
    let server = try await ServeProcess(database: database, in: folder)
    defer { server.stop() }
    let port = server.port
    let deal = try Data(contentsOf: repositoryFile("Examples/mixed-center.json"))
    let cli = try runSeatmix(["optimize", "Examples/mixed-center.json", "-f", "json"])
    #expect(cli.status == 0, "\(cli.stderrText)")

    // A saved deal: a commit in the WAL that closing must checkpoint.
    let save = try #require(RawConnection(port: port))
    save.send(Self.post("/api/v1/deals", body: Data(seedDealJSON.utf8)))
    let saved = try #require(RawConnection.parse(save.readToEnd()))
    #expect(saved.status == 201, "\(String(decoding: saved.body, as: UTF8.self))")
    let id = try #require(
      (try JSONSerialization.jsonObject(with: saved.body) as? [String: Any])?["id"] as? String)

    // Two requests in flight, each on a connection the server has already answered once (so it
    // has accepted it): a plan whose body has only begun to arrive, and a report being solved.
    let plan = try #require(RawConnection(port: port))
    let report = try #require(RawConnection(port: port))
    for connection in [plan, report] {
      connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
      #expect(connection.readResponse()?.status == 200)
    }
    let head = Self.post("/api/v1/plans", body: deal)
    let split = head.count - deal.count + 10
    plan.send(head.prefix(split))
    report.send(Self.post("/api/v1/reports?format=json", body: deal))
    let reportAnswer = Task.detached { report.readToEnd() }
    try await Task.sleep(for: .milliseconds(500))  // the server reads both heads

    server.signal(SIGTERM)
    // New connections are refused (the listening socket is closed) while the plan still waits.
    var refused = false
    for _ in 0..<1500 where !refused {
      if RawConnection(port: port) == nil { refused = true } else { try await Task.sleep(for: .milliseconds(20)) }
    }
    #expect(refused, "the server still accepts connections after SIGTERM")
    #expect(server.process.isRunning, "the server ended with a request in flight")

    plan.send(head.suffix(from: split))
    let planned = try #require(RawConnection.parse(plan.readToEnd()), "no answer to the plan in flight")
    #expect(planned.status == 200)
    #expect(planned.body == cli.stdout, "the plan in flight is not the CLI's")
    let reported = try #require(RawConnection.parse(await reportAnswer.value), "no answer to the report in flight")
    #expect(reported.status == 200)
    #expect((try? JSONSerialization.jsonObject(with: reported.body)) is [String: Any])

    #expect(try await server.waitForExit(), "the server did not exit after its last request")
    #expect(server.process.terminationReason == .exit)
    #expect(server.process.terminationStatus == 0, "\(server.stderr)")
    #expect(server.stderr.contains("stopped"), "\(server.stderr)")

    // Closed cleanly: the WAL was checkpointed into the file and removed, and the file is sound.
    let wal = (try? FileManager.default.attributesOfItem(atPath: database + "-wal")[.size] as? Int) ?? 0
    #expect(wal == 0, "the WAL still holds \(wal) bytes")
    let store = try SQLiteDealStore(path: database)
    #expect(try await store.integrityCheck() == "ok")
    #expect(try await store.revisions(of: id)?.map(\.revision) == [1])
    try await store.close()
  }

  /// A POST with a JSON body and `Connection: close`.
  static func post(_ path: String, body: Data) -> Data {
    var request = Data(
      ("POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n").utf8)
    request.append(body)
    return request
  }
}
