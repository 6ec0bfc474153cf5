import Foundation
import GLPKShim
import MIPModel
import Testing

@testable import GLPKSolver

/// How GLPK's return codes and MIP statuses come out of GLPKSolver.
@Suite struct StatusTests {
  let solver = GLPKSolver()
  let options = SolveOptions(timeLimitSeconds: 10)

  @Test func optimal() throws {
    let result = try solver.solve(smallKnapsackModel(), options: options)
    #expect(result.status == .optimal)
    #expect(result.objective == 13)
    #expect(result.bestBound == 13)
    #expect(result.values == [1, 2])
  }

  @Test func optimalOfAKnapsackMatchesEnumeration() throws {
    let knapsack = Knapsack(items: 14, constraints: 3, seed: 3)
    let result = try solver.solve(knapsack.model, options: options)
    #expect(result.status == .optimal)
    #expect(result.objective == knapsack.bruteForceOptimum)
  }

  @Test func infeasibleBinaries() throws {
    var model = Model()
    let x = model.addVariable("x", kind: .binary)
    let y = model.addVariable("y", kind: .binary)
    model.add(x + y >= 3, named: "atLeastThree")
    model.add(x + y <= 1, named: "atMostOne")
    model.objective = x + y
    let result = try solver.solve(model, options: options)
    #expect(result.status == .infeasible)
    #expect(result.values == nil)
    #expect(result.objective == nil)
    #expect(result.bestBound == nil)
  }

  /// The relaxation is feasible (x = y = 0.5) but no integer point is: GLPK needs the search.
  @Test func integerInfeasibleWithAFeasibleRelaxation() throws {
    var model = Model()
    let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 5)
    let y = model.addVariable("y", kind: .integer, lowerBound: 0, upperBound: 5)
    model.add(2 * x + 2 * y == 3, named: "odd")
    model.objective = x - y
    #expect(try solver.solve(model, options: options).status == .infeasible)
  }

  @Test func unboundedIntegerVariable() throws {
    var model = Model()
    let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: nil)
    let y = model.addVariable("y", kind: .binary)
    model.add(x - y >= 0, named: "link")
    model.objective = -1 * x + y
    let result = try solver.solve(model, options: options)
    #expect(result.status == .unbounded)
    #expect(result.values == nil)
  }

  /// GLPK answers "the relaxation has no dual feasible solution" (GLP_ENODFS) here, which is not a
  /// proof of unboundedness: 2(y1 + y2 + y3) = 3 has no integer solution, so the model is
  /// infeasible, while its relaxation is unbounded in x.
  @Test func unboundedRelaxationOfAnInfeasibleModelIsInfeasible() throws {
    var model = Model()
    let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: nil)
    let y = (1...3).map { model.addVariable("y\($0)", kind: .binary) }
    model.add(2 * y.map(LinearExpression.init).sum() == 3, named: "odd")
    model.add(x - y[0] >= 0, named: "link")
    model.objective = -1 * x
    #expect(try solver.solve(model, options: options).status == .infeasible)
  }

  /// Unbounded continuous direction with integer variables that do have a solution.
  @Test func unboundedContinuousWithFeasibleIntegers() throws {
    var model = Model()
    let x = model.addVariable("x", kind: .continuous, lowerBound: nil, upperBound: nil)
    let y = (1...4).map { model.addVariable("y\($0)", kind: .binary) }
    model.add(2 * y.map(LinearExpression.init).sum() == 4, named: "even")
    model.add(x - y[0] <= 0, named: "link")
    model.objective = LinearExpression(x)
    #expect(try solver.solve(model, options: options).status == .unbounded)
  }

  /// An 80-item knapsack GLPK cannot finish in a minute (see ``Knapsack``): a limit of 1 ms and one
  /// of 100 ms both stop it, and the result is never called optimal. (GLPK stops at its first check
  /// when `tm_lim` is 1 ms, whatever the model: `tm_lim - 1 <= elapsed`; 100 ms is where hardness
  /// matters. Here 1 ms gives no plan and 100 ms a plan with a gap near 0.6%; a slower machine may
  /// find no plan in 100 ms, which is also correct.)
  @Test(arguments: [0.001, 0.1]) func timeLimitStopsAHardKnapsack(seconds: Double) throws {
    let model = Knapsack(items: 80, constraints: 5, seed: 7).model
    let started = ContinuousClock.now
    let result = try solver.solve(model, options: SolveOptions(timeLimitSeconds: seconds))
    #expect(ContinuousClock.now - started < .seconds(5))
    switch result.status {
    case .feasible(stoppedBy: .timeLimit, let gap):
      let objective = try #require(result.objective)
      let gap = try #require(gap)
      #expect(gap >= 0)
      let bound = try #require(result.bestBound)
      #expect(bound <= objective)
      #expect(abs(gap - (objective - bound) / abs(objective)) < 1e-6)
      #expect(result.values?.count == 80)
    case .noSolution(stoppedBy: .timeLimit):
      #expect(result.values == nil)
      #expect(result.objective == nil)
    default:
      Issue.record("a \(seconds) s limit on a hard knapsack gave \(result.status)")
    }
  }

  /// With a relative gap of 1%, GLPK stops once it has a plan within 1% of its bound; the reported
  /// gap and bound must be the ones it stopped at, consistent with the returned plan.
  @Test(arguments: [0.05, 0.01]) func gapLimitReportsTheGapItStoppedAt(relativeGap: Double) throws {
    let knapsack = Knapsack(items: 80, constraints: 5, seed: 7)
    let result = try solver.solve(
      knapsack.model, options: SolveOptions(timeLimitSeconds: 10, relativeGap: relativeGap))
    guard case .feasible(stoppedBy: .gapLimit, let gap) = result.status else {
      Issue.record("expected a gap-limited plan, got \(result.status)")
      return
    }
    let objective = try #require(result.objective)
    let reported = try #require(gap)
    let bound = try #require(result.bestBound)
    #expect(bound <= objective)
    #expect(reported >= 0)
    #expect(reported <= relativeGap)
    #expect(abs(reported - (objective - bound) / abs(objective)) < 1e-6)
  }

  @Test func emptyModelIsItsObjectiveConstant() throws {
    var model = Model()
    model.objective = LinearExpression(constant: 42.5)
    let result = try solver.solve(model, options: options)
    #expect(result.status == .optimal)
    #expect(result.objective == 42.5)
    #expect(result.values == [])
  }

  /// No variables, but a constraint `0 >= 1`: nothing satisfies it.
  @Test func emptyModelWithAnImpossibleConstraintIsInfeasible() throws {
    var model = Model()
    model.add(LinearExpression(constant: 0) >= 1, named: "impossible")
    model.add(LinearExpression(constant: 0) <= 1, named: "possible")
    #expect(try solver.solve(model, options: options).status == .infeasible)

    var satisfiable = Model()
    satisfiable.add(LinearExpression(constant: 2) >= 1, named: "fine")
    satisfiable.objective = 3
    let result = try solver.solve(satisfiable, options: options)
    #expect(result.status == .optimal)
    #expect(result.objective == 3)
  }

  /// A constraint whose terms cancel (`x - x >= 1`) is an empty row; GLPK sees it is violated.
  @Test func cancelledConstraintWithVariablesIsInfeasible() throws {
    var model = Model()
    let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 3)
    model.add(x - x >= 1, named: "cancelled")
    model.objective = LinearExpression(x)
    #expect(try solver.solve(model, options: options).status == .infeasible)
  }

  @Test func objectiveConstantsAreIncluded() throws {
    var model = Model()
    let x = model.addVariable("x", kind: .integer, lowerBound: 1, upperBound: 4)
    let y = model.addVariable("y", kind: .continuous, lowerBound: 0, upperBound: 2)
    model.add(x + y >= 2.5, named: "need")
    model.objective = 3 * x + 2 * y + 7 - 1.5
    let result = try solver.solve(model, options: options)
    #expect(result.status == .optimal)
    #expect(result.values == [1, 1.5])
    #expect(result.objective == 3 + 3 + 5.5)
    #expect(result.bestBound == result.objective)
  }

  @Test func variablesWithoutConstraintsSitAtTheirBestBound() throws {
    var model = Model()
    let x = model.addVariable("x", kind: .integer, lowerBound: -3, upperBound: 8)
    let y = model.addVariable("y", kind: .continuous, lowerBound: 2, upperBound: nil)
    model.objective = 2 * x + y
    let result = try solver.solve(model, options: options)
    #expect(result.status == .optimal)
    #expect(result.values == [-3, 2])
    #expect(result.objective == -4)
  }

  @Test func aNaNTimeLimitIsRejectedNotATrap() {
    #expect(throws: ModelError.self) {
      try solver.solve(smallKnapsackModel(), options: SolveOptions(timeLimitSeconds: .nan))
    }
  }

  @Test func limitsAreClampedToWhatGLPKAccepts() {
    #expect(GLPKSolver.milliseconds(0) == 1)
    #expect(GLPKSolver.milliseconds(-3) == 1)
    #expect(GLPKSolver.milliseconds(0.25) == 250)
    #expect(GLPKSolver.milliseconds(.infinity) == Int32.max)
    #expect(GLPKSolver.milliseconds(1e12) == Int32.max)
  }
}
