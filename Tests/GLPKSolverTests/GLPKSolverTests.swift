import MIPModel
import Testing

@testable import GLPKSolver

@Suite struct GLPKSolverSmokeTests {
  @Test func solvesASmallKnapsack() throws {
    var model = Model()
    let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 10)
    let y = model.addVariable("y", kind: .integer, lowerBound: 0, upperBound: 10)
    model.add(3 * x + 2 * y >= 7, named: "demand")
    model.objective = 5 * x + 4 * y
    let result = try GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 5))
    #expect(result.status == .optimal)
    #expect(result.objective == 13)
  }
}

/// `solve(_ models:)` hands every model to GLPK in one C call: each result must be what solving
/// the model alone gives, whatever sits beside it.
@Suite struct GLPKBatchSolveTests {
  /// A knapsack, an empty model (answered without GLPK), an infeasible model, and the knapsack again.
  static func models() -> [Model] {
    var empty = Model()
    empty.objective = LinearExpression(constant: 42)
    var infeasible = Model()
    let a = infeasible.addVariable("a", kind: .binary)
    let b = infeasible.addVariable("b", kind: .binary)
    infeasible.add(a + b >= 3, named: "impossible")
    var bigger = smallKnapsackModel()
    let z = bigger.addVariable("z", kind: .integer, lowerBound: 1, upperBound: 4)
    bigger.objective = bigger.objective + 2 * z
    return [smallKnapsackModel(), empty, infeasible, bigger]
  }

  @Test func batchResultsMatchSolvingEachModelAlone() throws {
    let solver = GLPKSolver()
    let options = SolveOptions(timeLimitSeconds: 5)
    let models = Self.models()
    let together = try solver.solve(models, options: options)
    #expect(together.count == models.count)
    for (model, result) in zip(models, together) {
      let alone = try solver.solve(model, options: options)
      #expect(result.status == alone.status)
      #expect(result.objective == alone.objective)
      #expect(result.values == alone.values)
    }
    #expect(together.map(\.status) == [.optimal, .optimal, .infeasible, .optimal])
    #expect(together.map(\.objective) == [13, 42, nil, 15])
    #expect(together[3].values == [1, 2, 1])
  }

  @Test func solverTimeIsSharedOverTheModelsGLPKSolved() throws {
    let results = try GLPKSolver().solve(Self.models(), options: SolveOptions(timeLimitSeconds: 5))
    // The empty model never reaches GLPK; the three others share one measured time evenly.
    #expect(results[1].solverTime == .zero)
    #expect(results[0].solverTime == results[2].solverTime && results[2].solverTime == results[3].solverTime)
    #expect(results[0].solverTime > .zero)
  }

  @Test func anInvalidModelFailsTheWholeBatch() {
    var invalid = Model()
    let x = invalid.addVariable("x", kind: .integer, lowerBound: 0, upperBound: .infinity)
    invalid.objective = 1 * x
    #expect(throws: ModelError.invalidModel(["variable x has a non-finite upper bound inf"])) {
      try GLPKSolver().solve([smallKnapsackModel(), invalid], options: SolveOptions(timeLimitSeconds: 5))
    }
  }
}
