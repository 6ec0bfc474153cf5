import Foundation
import GLPKSolver
import MIPModel
import Testing

@testable import SeatMix

/// GLPK's small-model path (``GLPKSolver/Settings/smallModelColumns``: the LP relaxation first, by
/// the dual simplex from the slack basis, and an integral optimum that is provably the only one
/// taken as the answer; anything else to GLPK's own search) must give what GLPK's own search gives:
/// the same status, objective and point on every model of the settled shortcut's 1,200 random and
/// batch-like deals, those with tied optima (groups of no agents) and those that branch included.
@Suite struct SmallModelPathTests {
  @Test func smallModelPathFindsWhatGLPKsSearchFinds() throws {
    let small = GLPKSolver(settings: .measured)
    let full = GLPKSolver(settings: .glpkDefaults)
    #expect(GLPKSolver.Settings.measured.smallModelColumns > 0)
    var models = 0
    var branched = 0
    // Models whose simplex work differs: the small-model path, not GLPK's search, answered them.
    var otherWork = 0
    for (deal, catalog, context) in try SettledOptimumTests.deals() {
      for formulation in SettledOptimumTests.formulations(deal, catalog) {
        let model = formulation.model
        guard !model.variables.isEmpty, model.variables.count <= GLPKSolver.Settings.measured.smallModelColumns
        else { continue }
        let expected = try full.solve(model, options: SolveOptions())
        let found = try small.solve(model, options: SolveOptions())
        models += 1
        if expected.nodes > 1 { branched += 1 }
        if found.iterations != expected.iterations { otherWork += 1 }
        #expect(found.status == expected.status, "\(context)")
        #expect(found.objective == expected.objective, "\(context)")
        #expect(found.values == expected.values, "\(context)")
      }
    }
    #expect(models > 4_500)
    #expect(branched > 50, "too few models needed branch and bound to check that part of the path")
    #expect(otherWork * 2 > models, "the small-model path answered only \(otherWork) of \(models) models")
  }

  /// Infeasible and unbounded small models keep GLPK's verdict (its own search gives it).
  @Test func smallModelPathKeepsInfeasibleAndUnbounded() throws {
    let small = GLPKSolver(settings: .measured)
    var infeasible = Model()
    let x = infeasible.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 10)
    infeasible.add(LinearExpression(x), .greaterOrEqual, 11, named: "at least 11")
    infeasible.objective = LinearExpression(x)
    #expect(try small.solve(infeasible, options: SolveOptions()).status == .infeasible)

    var unbounded = Model()
    let y = unbounded.addVariable("y", kind: .integer, lowerBound: 0)
    let z = unbounded.addVariable("z", kind: .continuous, lowerBound: 0)
    unbounded.add(y - z, .greaterOrEqual, 0, named: "y above z")
    unbounded.objective = -1 * z
    #expect(try small.solve(unbounded, options: SolveOptions()).status == .unbounded)
  }
}
