import ArgumentParser
import Foundation
import SeatMix
import SeatMixServer

extension SeatMixCommand {
  struct Serve: AsyncParsableCommand {
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

    func run() async throws {
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
  }
}
