import Foundation
import GLPKSolver
import MIPModel
import Testing

@testable import SeatMix

/// A model with no choice left is answered without GLPK only when its optimum is the only one
/// (``Formulation/settledOptimum()``): then GLPK, solving the same model, must return exactly the
/// same point and objective; and analyses must come out the same with and without the shortcut.
@Suite struct SettledOptimumTests {
  /// The cross-check's random deals (random prices, storage, inclusions) and batch-like six-group
  /// deals on the Zoom catalog and on the same random catalogs.
  static func deals() throws -> [(deal: Deal, catalog: Catalog, context: String)] {
    let zoom = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    var deals: [(Deal, Catalog, String)] = []
    for seed: UInt64 in 1...600 {
      var random = SplitMix64(seed: seed)
      let (catalog, regime) = RandomDeals.catalog(from: zoom, &random)
      let deal = RandomDeals.deal(catalog, regime, &random)
      deals.append((deal, catalog, RandomDeals.describe(seed: seed, deal: deal, catalog: catalog)))
      let batchLike = Self.batchLikeDeal(&random)
      deals.append((batchLike, seed % 2 == 0 ? zoom : catalog, "batch-like, seed \(seed): \(batchLike)"))
    }
    return deals
  }

  /// A scenario like `seatmix-bench generate`'s: six groups of 5–400 agents with a peak of 15–100%,
  /// one of its feature sets each, any/named/concurrent, now and then storage.
  static func batchLikeDeal(_ random: inout SplitMix64) -> Deal {
    let featureSets = [
      ["voice", "ivr", "reporting"], ["voice", "chat", "sms"], ["voice", "chat", "email", "social"],
      ["voice", "outbound-dialer"], ["voice", "wfm", "qm"], ["voice", "chat", "ai-expert-assist"],
      ["voice", "email", "cobrowse", "wfm"], ["voice", "wfm", "qm", "ai-expert-assist"],
    ]
    let groups = (0..<6).map { g in
      let agents = random.int(5...400)
      return AgentGroup(
        name: "G\(g + 1)", agents: agents, peakConcurrent: max(1, agents * random.int(15...100) / 100),
        features: random.pick(featureSets).map { FeatureID($0) })
    }
    let licensing = random.pick([LicensingChoice.any, .any, .any, .named, .concurrent])
    return Deal(
      name: "batch-like", catalog: "zoom-contact-center", term: random.chance(25) ? TermID("monthly") : nil,
      licensing: licensing, groups: groups, storageGB: random.chance(33) ? random.int(1...50) * 1000 : 0)
  }

  /// Every model an analysis of the deal builds outside the per-model split: the optimum's and
  /// each single plan's.
  static func formulations(_ deal: Deal, _ catalog: Catalog) -> [Formulation] {
    let problem = PlanningProblem(deal: deal, catalog: catalog)
    let tables = FormulationTables(problem)
    var problems = [problem]
    for tier in catalog.tiers {
      for model in problem.models where tier.licenses[model] != nil {
        problems.append(problem.restricted(to: tier.id, model))
      }
    }
    return problems.map { Formulation($0, tables: tables, keepsNames: false) }
  }

  @Test func settledOptimumIsWhatGLPKFinds() throws {
    let solver = GLPKSolver()
    var answered = 0
    var declined = 0
    // Declined, and GLPK's optimum is not the floors' plan: the guard is what kept the answer right.
    var declinedAboveTheFloor = 0
    for (deal, catalog, context) in try Self.deals() {
      for formulation in Self.formulations(deal, catalog) {
        let settled = formulation.choices.allSatisfy {
          if case .settled = $0.assignment { true } else { false }
        }
        guard settled, formulation.choices.count == deal.groups.count, !formulation.model.variables.isEmpty else {
          #expect(formulation.settledOptimum() == nil, "a model with a choice left was answered: \(context)")
          continue
        }
        let solved = try solver.solve(formulation.model, options: SolveOptions())
        guard let known = formulation.settledOptimum() else {
          declined += 1
          if let values = solved.values,
            formulation.pools.enumerated().contains(where: { t, pool in
              pool.map { values[$0.index] > Double(Self.floor(formulation, tier: t)) } ?? false
            })
          {
            declinedAboveTheFloor += 1
          }
          continue
        }
        answered += 1
        #expect(solved.status == .optimal, "GLPK: \(solved.status), \(context)")
        #expect(solved.values == known.values, "GLPK \(solved.values ?? []), settled \(known.values ?? []): \(context)")
        #expect(solved.objective == known.objective, "\(context)")
        #expect(known.status == .optimal && known.bestBound == known.objective)
      }
    }
    #expect(answered >= 2000, "\(answered) answered")
    #expect(declined >= 100, "\(declined) declined")
    #expect(declinedAboveTheFloor >= 20, "\(declinedAboveTheFloor) declined where seats beat top-ups or blocks")
  }

  /// At the guard's edge: an Elite concurrent seat covers WFM and QM for one user (25 + 20 a month,
  /// annual), so with 10 users needing both and a peak of 5, a seat priced at 45 makes 5 to 10 seats
  /// cost the same (many optima: declined, GLPK decides), and one money unit more leaves 5 seats
  /// the only optimum (answered, and GLPK's point).
  @Test func aSeatPricedAtWhatItSparesIsATieAndDeclined() throws {
    let zoom = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    func singlePlan(seatPrice: Decimal) -> Formulation {
      let deal = Deal(
        name: "edge", catalog: "zoom-contact-center", licensing: .concurrent,
        groups: [
          AgentGroup(name: "G", agents: 10, peakConcurrent: 5, features: ["voice", "wfm", "qm"].map { FeatureID($0) })
        ],
        pricing: PricingOverlay(unitPrices: ["elite-concurrent": seatPrice]))
      let problem = PlanningProblem(deal: deal, catalog: zoom).restricted(to: TierID("elite"), .concurrent)
      return Formulation(problem, tables: FormulationTables(problem), keepsNames: false)
    }
    let tie = singlePlan(seatPrice: 45)
    #expect(tie.topUps.count == 2)
    #expect(tie.settledOptimum() == nil)
    let dearer = singlePlan(seatPrice: try #require(Decimal(string: "45.0001")))
    let known = try #require(dearer.settledOptimum())
    let pool = try #require(dearer.pools[2])
    #expect(known.values?[pool.index] == 5)
    let solved = try GLPKSolver().solve(dearer.model, options: SolveOptions())
    #expect(solved.values == known.values && solved.objective == known.objective)
  }

  /// The summed peaks of the groups on a tier's pool.
  static func floor(_ formulation: Formulation, tier t: Int) -> Int {
    let slot = FormulationTables.slot(tier: t, .concurrent)
    return formulation.choices.filter { $0.slot == slot }.reduce(0) {
      $0 + formulation.problem.deal.groups[$1.group].peakConcurrent
    }
  }

  @Test func analysesAreTheSameWithoutTheShortcut() throws {
    let with = Optimizer(solver: GLPKSolver(), namesModels: false)
    var without = with
    without.answersSettledModels = false
    for (deal, catalog, context) in try Self.deals() {
      let fast = try with.analyze(deal, catalog: catalog)
      let slow = try without.analyze(deal, catalog: catalog)
      #expect(fast.outcome == slow.outcome, "\(context)")
      #expect(fast.singlePlans == slow.singlePlans, "\(context)")
    }
  }
}
