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
