import Foundation
import GLPKShim
import MIPModel

@testable import GLPKSolver

/// A deterministic pseudo-random stream (Knuth's MMIX LCG), the same numbers on every machine.
struct Stream {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int(state >> 33)
  }
}

/// A 0-1 multi-dimensional knapsack, written as a minimization (profits negated).
struct Knapsack {
  var weights: [[Int]]  // [constraint][item]
  var profits: [Int]
  var capacities: [Int]

  /// Weights 1…1000, profits correlated with the weights, capacities half of each row's total.
  /// With 80 items, 5 constraints and seed 7, GLPK 5.0 does not prove optimality within 60 s
  /// (`glpsol --tmlim 60` on the 2-core development machine: 66,754 open nodes and a 0.2% gap at the
  /// end; with seed 1, 40 items took 6.8 s and 50 items did not finish in 30 s), so a limit of a
  /// fraction of a second cannot be enough on any machine.
  init(items: Int, constraints: Int, seed: UInt64) {
    var stream = Stream(seed: seed)
    let weights = (0..<constraints).map { _ in (0..<items).map { _ in stream.next() % 1000 + 1 } }
    self.weights = weights
    profits = (0..<items).map { item in
      weights.reduce(0) { $0 + $1[item] } / constraints + stream.next() % 100
    }
    capacities = weights.map { $0.reduce(0, +) / 2 }
  }

  var model: Model {
    var model = Model()
    let x = (0..<profits.count).map { model.addVariable("x\($0)", kind: .binary) }
    for (row, weights) in weights.enumerated() {
      let lhs = zip(weights, x).map { Double($0) * $1 }.sum()
      model.add(lhs <= LinearExpression(constant: Double(capacities[row])), named: "capacity\(row)")
    }
    model.objective = zip(profits, x).map { -Double($0) * $1 }.sum()
    return model
  }

  /// The optimum by enumeration (small instances only).
  var bruteForceOptimum: Double {
    let count = profits.count
    var best = 0
    for subset in 0..<(1 << count) {
      var fits = true
      for (row, weights) in weights.enumerated() {
        var load = 0
        for item in 0..<count where subset & (1 << item) != 0 { load += weights[item] }
        if load > capacities[row] {
          fits = false
          break
        }
      }
      guard fits else { continue }
      var profit = 0
      for item in 0..<count where subset & (1 << item) != 0 { profit += profits[item] }
      best = max(best, profit)
    }
    return -Double(best)
  }
}

/// min 5x + 4y s.t. 3x + 2y >= 7, x, y integer in [0, 10]: optimum 13 at (1, 2).
func smallKnapsackModel() -> Model {
  var model = Model()
  let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 10)
  let y = model.addVariable("y", kind: .integer, lowerBound: 0, upperBound: 10)
  model.add(3 * x + 2 * y >= 7, named: "demand")
  model.objective = 5 * x + 4 * y
  return model
}

/// The outcome of one raw `smx_solve` call.
struct RawOutcome {
  var outcome: Int32
  var message: String
  var objective: Double
  var values: [Double]
}

/// Calls `smx_solve` on a layout directly, so that a layout Swift validation would never produce
/// reaches GLPK.
func rawSolve(_ layout: GLPKLayout, timeLimitMs: Int32 = 5000, gap: Double = 0) -> RawOutcome {
  var values = [Double](repeating: .nan, count: layout.columns)
  var result = smx_result()
  var outcome: Int32 = -1
  layout.withProblem(timeLimitMs: timeLimitMs, gap: gap) { problem in
    values.withUnsafeMutableBufferPointer { buffer in
      result.col_values = buffer.baseAddress
      outcome = smx_solve(problem, &result)
    }
  }
  return RawOutcome(
    outcome: outcome, message: GLPKSolver.message(of: result), objective: result.objective, values: values)
}

/// Calls `smx_write_lp` on a layout directly.
func rawWriteLP(_ layout: GLPKLayout, to path: String) -> RawOutcome {
  var result = smx_result()
  var outcome: Int32 = -1
  layout.withProblem(timeLimitMs: 1000, gap: 0) { problem in
    outcome = smx_write_lp(problem, path, &result)
  }
  return RawOutcome(outcome: outcome, message: GLPKSolver.message(of: result), objective: 0, values: [])
}

let fatal = Int32(SMX_GLPK_FATAL.rawValue)
let optimal = Int32(SMX_OPTIMAL.rawValue)

/// A fresh path in the temporary directory.
func temporaryPath(_ suffix: String) -> String {
  FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-\(UUID().uuidString)\(suffix)").path
}

/// Runs `body(index)` on `count` new OS threads (Foundation `Thread`, not Swift tasks), at most
/// `concurrently` at a time, and waits for all of them.
func onThreads(_ count: Int, concurrently: Int, _ body: @escaping @Sendable (Int) -> Void) {
  let slots = DispatchSemaphore(value: concurrently)
  let group = DispatchGroup()
  for index in 0..<count {
    slots.wait()
    group.enter()
    let thread = Thread {
      body(index)
      slots.signal()
      group.leave()
    }
    thread.stackSize = 1 << 20
    thread.start()
  }
  group.wait()
}

/// Collects values from several threads.
final class Collector<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [Value] = []
  func append(_ value: Value) { lock.withLock { storage.append(value) } }
  var values: [Value] { lock.withLock { storage } }
}
