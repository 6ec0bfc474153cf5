import Foundation

/// Runs independent pieces of work on worker threads, the way the batch runner solves scenarios:
/// each piece makes its GLPK calls synchronously on one thread, nothing crosses an `await`, and
/// the results come back in index order whatever order the workers finish in.
enum ParallelSolves {
  /// `body(0) … body(count - 1)` on up to `jobs` threads; the first error (by index) is thrown.
  static func map<T: Sendable>(
    _ count: Int, jobs: Int, _ body: @escaping @Sendable (Int) throws(SeatMixError) -> T
  ) throws(SeatMixError) -> [T] {
    let workers = min(max(1, jobs), count)
    if workers <= 1 {
      var results: [T] = []
      results.reserveCapacity(count)
      for index in 0..<count { results.append(try body(index)) }
      return results
    }
    let slots = ResultSlots<T>(count)
    let finished = BlockingQueue<Int>(capacity: workers)
    for number in 0..<workers {
      let thread = Thread {
        while let index = slots.claim() {
          slots.store(index, Result { () throws(SeatMixError) -> T in try body(index) })
        }
        finished.put(number)
      }
      thread.name = "seatmix-report-\(number)"
      thread.stackSize = 8 << 20
      thread.start()
    }
    for _ in 0..<workers { _ = finished.take() }
    return try slots.values()
  }
}

/// The shared work counter and result slots of one ``ParallelSolves/map(_:jobs:_:)``.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var next = 0
  private var results: [Result<T, SeatMixError>?]

  init(_ count: Int) { results = Array(repeating: nil, count: count) }

  func claim() -> Int? {
    lock.withLock {
      guard next < results.count else { return nil }
      defer { next += 1 }
      return next
    }
  }

  func store(_ index: Int, _ result: Result<T, SeatMixError>) { lock.withLock { results[index] = result } }

  func values() throws(SeatMixError) -> [T] {
    let all = lock.withLock { results }
    var values: [T] = []
    values.reserveCapacity(all.count)
    for result in all {
      switch result! {
      case .success(let value): values.append(value)
      case .failure(let error): throw error
      }
    }
    return values
  }
}
