import Dispatch
import Foundation

/// Runs solves on a bounded pool: at most `workers` at once, each on its own thread (GLPK blocks),
/// and at most `queueLimit` more waiting for one. A solve that finds the queue full is refused at
/// once (``SolvePool/Full``), which the API answers with 503 and Retry-After: a flood of large deals
/// waits in a bounded line or is turned away, and the service keeps answering.
final class SolvePool: @unchecked Sendable {
  struct Full: Error {}

  let workers: Int
  let queueLimit: Int
  private let lock = NSLock()
  private var running = 0
  private var waiting: [CheckedContinuation<Void, Never>] = []
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
          waiting.append(continuation)
          return false
        }
        report()
        if admitted { continuation.resume() }
      }
    }
  }

  /// Hands the worker to the first solve waiting, or frees it.
  private func release() {
    let next: CheckedContinuation<Void, Never>? = lock.withLock {
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
