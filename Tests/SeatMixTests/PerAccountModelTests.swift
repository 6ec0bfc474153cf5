import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// A one-model account's optimum solved as one program per licensing model (every group named,
/// every group concurrent; the cheaper, named on a tie) must be the optimum of the one program
/// with `model[…]` binaries, on the cross-check's random deals held to one model per account.
@Suite struct PerAccountModelTests {
  @Test func perModelOptimumEqualsTheDirectOneOnRandomDeals() throws {
    let zoom = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    var direct = Optimizer(solver: GLPKSolver())
    direct.perAccountModelFrom = .max
    var perModel = Optimizer(solver: GLPKSolver())
    perModel.perAccountModelFrom = 0
    var split = 0
    var ties = 0
    for seed: UInt64 in 1...1000 {
      var random = SplitMix64(seed: seed)
      let (catalog, regime) = RandomDeals.catalog(from: zoom, &random)
      var deal = RandomDeals.deal(catalog, regime, &random)
      deal.licensing = .any
      deal.allowMixing = false
      let problem = PlanningProblem(deal: deal, catalog: catalog)
      let models = Optimizer.solvesPerAccountModel(problem, threshold: 0)
      #expect(Optimizer.solvesPerAccountModel(problem, threshold: deal.groups.count + 1).isEmpty)
      let one = try direct.solve(problem).0
      let two = try perModel.solve(problem).0
      let context = RandomDeals.describe(seed: seed, deal: deal, catalog: catalog)
      #expect(one.plan?.monthlyUnits == two.plan?.monthlyUnits, "\(context)")
      #expect(one.plan?.status == two.plan?.status, "\(context)")
      #expect(one.status == two.status, "\(context)")
      guard models.count == 2, let plan = two.plan else { continue }
      split += 1
      // Each side alone: the plan is the cheaper side's, named when both cost the same.
      let sides = try models.map { model in
        var held = deal
        held.licensing = model == .named ? .named : .concurrent
        return try direct.solve(PlanningProblem(deal: held, catalog: catalog)).0.plan?.monthlyUnits
      }
      if sides[0] == sides[1] {
        ties += 1
        #expect(plan.licensingModels == [.named], "\(context)")
      } else {
        // A side may be infeasible (nil): the other is the optimum.
        let namedWins = sides[1] == nil || sides[0].map { $0 < sides[1]! } == true
        let cheaper = namedWins ? LicensingModel.named : .concurrent
        #expect(plan.licensingModels == [cheaper], "\(context)")
      }
    }
    // The deals must reach both programs, and ties.
    #expect(split >= 300, "\(split) deals solved per model")
    #expect(ties >= 5, "\(ties) ties")
  }
}
