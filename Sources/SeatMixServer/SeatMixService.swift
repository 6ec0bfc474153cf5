import Foundation
import GLPKSolver
import Logging
import MIPModel
import SeatMix

/// The state every route shares: the catalogs, the deal store, the solve pool, the batch jobs and
/// the metrics. Built once by ``buildApplication(_:)``.
final class SeatMixService: Sendable {
  let configuration: ServerConfiguration
  let catalogs: CatalogSet
  let store: any DealStore
  let pool: SolvePool
  let metrics: ServiceMetrics
  let batches: BatchJobs
  let logger: Logger
  /// The solver of every solve, chosen here where the service is put together.
  let solver: any Solver = GLPKSolver()
  /// Every solve gets the deterministic work limits (`SolveOptions()`'s node and iteration limits)
  /// and no wall-clock limit, so an answer is the CLI's, byte for byte, however busy the service is.
  let solveOptions = SolveOptions()

  init(configuration: ServerConfiguration, catalogs: CatalogSet, store: any DealStore, logger: Logger) throws {
    self.configuration = configuration
    self.catalogs = catalogs
    self.store = store
    self.logger = logger
    let metrics = ServiceMetrics()
    self.metrics = metrics
    pool = SolvePool(workers: configuration.solveWorkers, queueLimit: configuration.solveQueueLimit) {
      metrics.pool(queued: $0, running: $1)
    }
    batches = try BatchJobs(configuration: configuration, catalogs: catalogs, pool: pool, logger: logger)
  }

  /// Runs `work` on the solve pool, timing it under `kind`; a full queue is a 503 problem.
  func solve<T: Sendable>(_ kind: String, _ work: @escaping @Sendable () throws -> T) async throws -> T {
    let metrics = self.metrics
    do {
      return try await pool.run {
        let started = ContinuousClock.now
        defer { metrics.solve(kind, duration: ContinuousClock.now - started) }
        return try work()
      }
    } catch is SolvePool.Full {
      throw Problem.busy(retryAfterSeconds: 1)
    }
  }

  /// `seatmix optimize -f json` of a loaded deal, solved on the pool. Its models keep no domain
  /// names, which only messages about a broken model and LP files need (the service writes
  /// none; the plan is the same bytes): building, checking and handing over the names cost 6% of
  /// a plan request's instructions (scripts/benchmark-api-instructions).
  func planJSON(_ deal: Deal, catalog: Catalog) async throws -> String {
    let optimizer = Optimizer(solver: solver, options: solveOptions, namesModels: false)
    return try await solve("plan") {
      do throws(SeatMixError) {
        return PlanRenderer.render(try optimizer.analyze(deal, catalog: catalog), as: .json)
      } catch {
        throw Problem.from(error)
      }
    }
  }
}
