import Foundation
import GLPKShim
import MIPModel
import Testing

@testable import GLPKSolver

/// GLPK keeps one environment per OS thread. Solves run on dedicated `Thread`s here (never across
/// an `await`), as GLPKSolver's users must run them.
@Suite struct ThreadTests {
  /// 24 different knapsacks (10 items, 2 constraints), with their optima by enumeration.
  static let instances: [(model: Model, optimum: Double)] = (0..<24).map { seed in
    let knapsack = Knapsack(items: 10, constraints: 2, seed: UInt64(seed + 100))
    return (knapsack.model, knapsack.bruteForceOptimum)
  }

  @Test func differentModelsOnSeveralThreadsAtOnceAllComeOutRight() {
    let instances = Self.instances
    let wrong = Collector<String>()
    let solved = Collector<Int>()
    // 6 threads at once, each solving every instance 10 times in its own order.
    onThreads(6, concurrently: 6) { thread in
      var count = 0
      for round in 0..<10 {
        for step in 0..<instances.count {
          let index = (step * 7 + thread * 5 + round) % instances.count
          let (model, optimum) = instances[index]
          do {
            let result = try GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 10))
            if result.status != .optimal || result.objective != optimum {
              wrong.append(
                "thread \(thread), instance \(index): \(result.status) \(String(describing: result.objective))")
            }
          } catch {
            wrong.append("thread \(thread), instance \(index): \(error)")
          }
          count += 1
        }
      }
      solved.append(count)
    }
    #expect(wrong.values == [])
    #expect(solved.values.reduce(0, +) == 6 * 10 * instances.count)
  }

  /// Fatal errors on some threads while others solve: each thread's count and answers are its own.
  @Test func fatalErrorsOnSomeThreadsDoNotDisturbSolvesOnOthers() {
    let instances = Self.instances
    let bad = ShimFatalErrorTests.duplicateEntryLayout()
    let wrong = Collector<String>()
    onThreads(4, concurrently: 4) { thread in
      let before = smx_caught_fatal_errors()
      for index in 0..<100 {
        if thread.isMultiple(of: 2) {
          if rawSolve(bad).outcome != fatal { wrong.append("thread \(thread): fatal error not caught") }
        }
        let (model, optimum) = instances[(index + thread) % instances.count]
        let result = try? GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 10))
        if result?.objective != optimum { wrong.append("thread \(thread), solve \(index): wrong answer") }
      }
      let caught = smx_caught_fatal_errors() - before
      if caught != (thread.isMultiple(of: 2) ? 100 : 0) {
        wrong.append("thread \(thread) counted \(caught) fatal errors")
      }
    }
    #expect(wrong.values == [])
  }

  /// 200 threads that solve once (some after a caught fatal error) and end: each end runs the
  /// shim's thread-exit `glp_free_env`.
  @Test func twoHundredShortLivedThreads() {
    let instances = Self.instances
    let bad = ShimFatalErrorTests.duplicateEntryLayout()
    let answers = Collector<Bool>()
    onThreads(200, concurrently: 8) { index in
      if index.isMultiple(of: 3) { _ = rawSolve(bad) }
      let (model, optimum) = instances[index % instances.count]
      let result = try? GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 10))
      answers.append(result?.status == .optimal && result?.objective == optimum)
    }
    #expect(answers.values.count == 200)
    #expect(answers.values.allSatisfy { $0 })
  }

  /// A thread whose only GLPK call ended in a fatal error (its environment already freed) also exits
  /// cleanly.
  @Test func threadsThatOnlyFailAlsoExitCleanly() {
    let bad = ShimFatalErrorTests.duplicateEntryLayout()
    let outcomes = Collector<Int32>()
    onThreads(50, concurrently: 8) { _ in outcomes.append(rawSolve(bad).outcome) }
    #expect(outcomes.values.count == 50)
    #expect(outcomes.values.allSatisfy { $0 == fatal })
  }
}
