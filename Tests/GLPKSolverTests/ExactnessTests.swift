import Foundation
import MIPModel
import Synchronization
import Testing

@testable import GLPKSolver

/// "Optimal" is exact to the objective's step (issue 8, item 9), and the default limits count
/// work, not time, so an answer does not depend on the machine's load (item 10).
@Suite struct ExactnessTests {
  /// A knapsack whose objective carries a large constant: GLPK's default relative tolerance
  /// (1e-7 × 10^10 = 1,000) then prunes nodes that hold cheaper solutions, as on a large deal.
  static func knapsack(seed: UInt64, step: Double?) -> (Model, optimum: Double) {
    let knapsack = Knapsack(items: 14, constraints: 3, seed: seed)
    var model = knapsack.model
    model.objective.addConstant(1e10)
    model.objectiveStep = step
    return (model, knapsack.bruteForceOptimum + 1e10)
  }

  @Test func optimalIsExactToOneStepOnLargeObjectives() throws {
    var lies = 0
    for seed: UInt64 in 1...8 {
      let (exact, optimum) = Self.knapsack(seed: seed, step: 1)
      let result = try GLPKSolver().solve(exact, options: SolveOptions())
      #expect(result.status == .optimal, "seed \(seed)")
      #expect(result.objective == optimum, "seed \(seed)")
      let (loose, _) = Self.knapsack(seed: seed, step: nil)
      let glpkOwn = try GLPKSolver().solve(loose, options: SolveOptions())
      if glpkOwn.status == .optimal, let objective = glpkOwn.objective, objective > optimum { lies += 1 }
    }
    // Without a step, GLPK's own tolerance calls a costlier solution optimal on some of these:
    // the case the step exists for.
    #expect(lies > 0)
  }

  @Test func aStepTheObjectiveBreaksIsAnInvalidModel() {
    var model = Model()
    let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 3)
    let y = model.addVariable("y", kind: .continuous, lowerBound: 0, upperBound: 3)
    model.add(x + y >= 1, named: "some")
    model.objective = 1.5 * x + y
    model.objectiveStep = 1
    #expect(
      model.problems() == [
        "the objective coefficient 1.5 on x is not a multiple of its step 1.0",
        "the objective has a step but continuous variable y has a cost",
      ])
    model.objectiveStep = 0
    #expect(model.problems() == ["the objective step is 0.0"])
  }

  /// A search stopped by the node limit ends at the same incumbent every time, however many other
  /// solves run at once (a wall-clock limit would stop it wherever the load left it).
  @Test func aNodeLimitStopsAtTheSameIncumbentUnderLoad() throws {
    let model = Knapsack(items: 80, constraints: 5, seed: 7).model
    let options = SolveOptions(nodeLimit: 300)
    let first = try GLPKSolver().solve(model, options: options)
    guard case .feasible(stoppedBy: .nodeLimit, _) = first.status else {
      Issue.record("expected a search stopped by the node limit, got \(first.status)")
      return
    }
    #expect(first.nodes > 300)
    let answers = Mutex<[[Double]]>([])
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      if let result = try? GLPKSolver().solve(model, options: options), let values = result.values {
        answers.withLock { $0.append(values + [result.objective ?? .nan, Double(result.nodes)]) }
      }
    }
    let all = answers.withLock { $0 }
    #expect(all.count == 8)
    #expect(all.allSatisfy { $0 == first.values! + [first.objective!, Double(first.nodes)] })
  }

  @Test func anIterationLimitSaysSo() throws {
    let model = Knapsack(items: 80, constraints: 5, seed: 7).model
    let result = try GLPKSolver().solve(model, options: SolveOptions(iterationLimit: 2_000))
    switch result.status {
    case .feasible(stoppedBy: .iterationLimit, _), .noSolution(stoppedBy: .iterationLimit): break
    default: Issue.record("expected a search stopped by the iteration limit, got \(result.status)")
    }
    #expect(result.iterations > 2_000)
  }

  @Test func aWallClockLimitOnlyWhenAskedFor() throws {
    let model = Knapsack(items: 80, constraints: 5, seed: 7).model
    #expect(SolveOptions().timeLimitSeconds == nil)
    let result = try GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 0.2))
    switch result.status {
    case .feasible(stoppedBy: .timeLimit, _), .noSolution(stoppedBy: .timeLimit): break
    default: Issue.record("expected a search stopped by the time limit, got \(result.status)")
    }
  }
}
