import ArgumentParser
import Foundation
import SeatMix
import SeatMixServer

extension SeatMixCommand {
  struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run the web calculator and the JSON API (/api/v1) until SIGTERM or Ctrl-C.",
      discussion: """
        Catalogs are loaded once at start and addressed by id. Saved deals live in an SQLite file (--db). \
        SIGTERM stops accepting connections, finishes the requests in flight and closes the database.
        """)

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on (0: any free port, printed at start).", valueName: "port"))
    var port = 8080

    @Option(help: ArgumentHelp("The SQLite file of saved deals (created if missing).", valueName: "path"))
    var db = "seatmix.sqlite"

    @Option(
      help: ArgumentHelp(
        "The folder of catalog files (default: the search path of the other commands).", valueName: "dir"))
    var catalogs: String?

    func validate() throws {
      guard (0...65535).contains(port) else { throw ValidationError("--port: must be 0 to 65535, not \(port)") }
    }

    func run() throws {
      let (host, port, db, catalogs) = (host, port, db, catalogs)
      try runBlocking {
        try await serve(host: host, port: port, db: db, catalogs: catalogs)
      }
    }
  }
}

/// Starts the service and runs it until SIGTERM or Ctrl-C (swift-service-lifecycle's graceful shutdown).
private func serve(host: String, port: Int, db: String, catalogs: String?) async throws {
  let configuration = ServerConfiguration(
    host: host, port: port, databasePath: db, catalogsFolder: catalogs,
    onListening: { host, port in
      // Unbuffered: scripts wait for this line to know the port.
      FileHandle.standardOutput.write(Data("seatmix serve: listening on http://\(host):\(port)\n".utf8))
    })
  do {
    let app = try await buildApplication(configuration)
    try await app.runService()
  } catch let error as SeatMixError {
    throw report(error)
  } catch let error as ServerError {
    printError("error: \(error)")
    throw Exit.badInput
  }
}

/// Runs `operation` on Swift's concurrency pool and blocks this (the main) thread until it ends,
/// rethrowing what it throws.
private func runBlocking(_ operation: @escaping @Sendable () async throws -> Void) throws {
  final class Outcome: @unchecked Sendable {  // written by the task before `signal`, read after `wait`
    var error: (any Error)?
  }
  let outcome = Outcome()
  let finished = DispatchSemaphore(value: 0)
  Task {
    do { try await operation() } catch { outcome.error = error }
    finished.signal()
  }
  finished.wait()
  if let error = outcome.error { throw error }
}
