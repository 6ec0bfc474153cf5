import Dispatch
import Foundation
import MIPModel

/// Runs solves on a bounded pool: at most `workers` at once, each on its own thread (GLPK blocks),
/// and at most `queueLimit` more waiting for one. A solve that finds the queue full is refused at
/// once (``SolvePool/Full``), which the API answers with 503 and Retry-After: a flood of large deals
/// waits in a bounded line or is turned away, and the service keeps answering.
///
/// A batch's solves take the same workers, one solve at a time, in the same first-come line
/// (``runBlocking(_:)``, through ``PooledSolver``): a batch waits its turn between interactive
/// solves, so it can neither take more than its share of the cores nor be starved by them.
final class SolvePool: @unchecked Sendable {
  struct Full: Error {}

  /// One solve waiting for a worker: an async request's task, or a thread outside Swift
  /// concurrency (a batch's) blocked on a semaphore.
  private enum Waiter {
    case task(CheckedContinuation<Void, Never>)
    case thread(DispatchSemaphore)

    func resume() {
      switch self {
      case .task(let continuation): continuation.resume()
      case .thread(let semaphore): semaphore.signal()
      }
    }
  }

  let workers: Int
  let queueLimit: Int
  private let lock = NSLock()
  private var running = 0
  private var waiting: [Waiter] = []
  private let queue = DispatchQueue(label: "seatmix.solve", qos: .userInitiated, attributes: .concurrent)
  /// Told the queue depth and the number running whenever either changes.
  private let observe: @Sendable (_ queued: Int, _ running: Int) -> Void

  init(
    workers: Int, queueLimit: Int, observe: @escaping @Sendable (_ queued: Int, _ running: Int) -> Void = { _, _ in }
  ) {
    self.workers = max(1, workers)
    self.queueLimit = max(0, queueLimit)
    self.observe = observe
  }

  /// Solves waiting for a worker now.
  var queued: Int { lock.withLock { waiting.count } }

  /// Runs `work` on a worker thread once one is free; throws ``Full`` when the queue is full.
  func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await acquire()
    defer { release() }
    return try await withCheckedThrowingContinuation { continuation in
      queue.async { continuation.resume(with: Result { try work() }) }
    }
  }

  /// Runs `work` on the calling thread once a worker is free, waiting in line as long as it takes
  /// (never refused): for a thread outside Swift concurrency, a batch's.
  func runBlocking<T, E: Error>(_ work: () throws(E) -> T) throws(E) -> T {
    let semaphore: DispatchSemaphore? = lock.withLock {
      if running < workers {
        running += 1
        return nil
      }
      let semaphore = DispatchSemaphore(value: 0)
      waiting.append(.thread(semaphore))
      return semaphore
    }
    report()
    // Woken by `release()`, which hands over its worker.
    semaphore?.wait()
    defer { release() }
    return try work()
  }

  private func acquire() async throws {
    enum Admission { case now, wait, refuse }
    let admission: Admission = lock.withLock {
      if running < workers {
        running += 1
        return .now
      }
      return waiting.count < queueLimit ? .wait : .refuse
    }
    switch admission {
    case .now:
      report()
    case .refuse:
      throw Full()
    case .wait:
      await withCheckedContinuation { continuation in
        let admitted: Bool = lock.withLock {
          // A worker may have finished between the two locks.
          if running < workers {
            running += 1
            return true
          }
          waiting.append(.task(continuation))
          return false
        }
        report()
        if admitted { continuation.resume() }
      }
    }
  }

  /// Hands the worker to the first solve waiting, or frees it.
  private func release() {
    let next: Waiter? = lock.withLock {
      if waiting.isEmpty {
        running -= 1
        return nil
      }
      return waiting.removeFirst()
    }
    report()
    next?.resume()
  }

  private func report() {
    let (queued, running) = lock.withLock { (waiting.count, self.running) }
    observe(queued, running)
  }
}

/// A solver whose every solve takes a worker of the service's ``SolvePool`` (waiting its turn),
/// for the solves of a batch, which run on the batch's own thread.
struct PooledSolver: Solver {
  let pool: SolvePool
  let solver: any Solver

  var name: String { solver.name }

  func solve(_ model: Model, options: SolveOptions) throws(ModelError) -> SolveResult {
    try pool.runBlocking { () throws(ModelError) -> SolveResult in try solver.solve(model, options: options) }
  }

  /// Independent models solved in one go hold one worker for the lot, as one solve would.
  func solve(_ models: [Model], options: SolveOptions) throws(ModelError) -> [SolveResult] {
    try pool.runBlocking { () throws(ModelError) -> [SolveResult] in try solver.solve(models, options: options) }
  }
}
