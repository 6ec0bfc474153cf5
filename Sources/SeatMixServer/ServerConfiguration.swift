import Foundation
import Logging

/// Everything `seatmix serve` can be told, with the defaults it runs with. Tests build one with
/// `port: 0` and a temporary database.
public struct ServerConfiguration: Sendable {
  /// The address to listen on: loopback unless told otherwise.
  public var host: String
  /// 0 asks the system for a free port (tests, `scripts/check-api`).
  public var port: Int
  /// The SQLite file of saved deals; `nil` keeps them in memory (gone when the process ends).
  public var databasePath: String?
  /// The folder of catalog files, loaded once at start and addressed by id; `nil` uses the CLI's
  /// search path (`$SEATMIX_CATALOGS`, `./Catalogs`, `Catalogs/` above the executable).
  public var catalogsFolder: String?
  public var logLevel: Logger.Level
  /// Where the service logs (swift-log's bootstrapped handler, to standard error, when nil).
  public var logger: Logger?
  /// Solves run on this many workers at once (one per core by default)…
  public var solveWorkers: Int
  /// …and at most this many more wait for one; past that a request is answered 503 with Retry-After.
  public var solveQueueLimit: Int
  /// The largest request body accepted for a deal (JSON or YAML), in bytes.
  public var maximumDealBytes: Int
  /// The largest batch CSV accepted, in bytes, and its most scenario rows.
  public var maximumBatchBytes: Int
  public var maximumBatchRows: Int
  /// Batches kept (queued, running or done) before the oldest finished ones are forgotten.
  public var maximumBatches: Int
  /// Called once the server listens, with the port it got (useful with `port: 0`).
  public var onListening: (@Sendable (_ host: String, _ port: Int) async -> Void)?

  public init(
    host: String = "127.0.0.1",
    port: Int = 8080,
    databasePath: String? = nil,
    catalogsFolder: String? = nil,
    logLevel: Logger.Level = .info,
    logger: Logger? = nil,
    solveWorkers: Int = ProcessInfo.processInfo.activeProcessorCount,
    solveQueueLimit: Int = 64,
    maximumDealBytes: Int = 1 << 20,
    maximumBatchBytes: Int = 8 << 20,
    maximumBatchRows: Int = 20_000,
    maximumBatches: Int = 32,
    onListening: (@Sendable (_ host: String, _ port: Int) async -> Void)? = nil
  ) {
    self.host = host
    self.port = port
    self.databasePath = databasePath
    self.catalogsFolder = catalogsFolder
    self.logLevel = logLevel
    self.logger = logger
    self.solveWorkers = max(1, solveWorkers)
    self.solveQueueLimit = max(0, solveQueueLimit)
    self.maximumDealBytes = maximumDealBytes
    self.maximumBatchBytes = maximumBatchBytes
    self.maximumBatchRows = maximumBatchRows
    self.maximumBatches = maximumBatches
    self.onListening = onListening
  }
}
