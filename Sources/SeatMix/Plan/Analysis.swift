import Foundation

/// Why no plan meets the deal.
public struct Infeasibility: Sendable, Equatable {
  /// Per group that cannot be covered at all: what each tier lacks.
  public var gaps: [CoverageGap]
  /// One sentence each.
  public var reasons: [String]
}

/// Everything `seatmix optimize` reports about a deal.
public struct Analysis: Sendable {
  public enum Outcome: Sendable, Equatable {
    case planned(Plan)
    case infeasible(Infeasibility)
    /// A limit stopped the search before any plan was found.
    case noPlanFound(limit: String)
  }

  /// The deal resolved against its catalog: term, prices, every group's options.
  public var problem: PlanningProblem
  public var outcome: Outcome
  /// Every tier × model the deal's licensing allows, in catalog order.
  public var singlePlans: [SinglePlan]
  /// CPU time spent inside GLPK across every solve of this analysis.
  public var solverTime: Duration

  public var deal: Deal { problem.deal }
  public var catalog: Catalog { problem.catalog }
  public var term: BillingTerm { problem.term }
  public var prices: PriceList { problem.prices }
  public var mixingAllowed: Bool { problem.mixingAllowed }

  /// What a reader must be told: estimated prices the total rests on, and those the choice weighed.
  public var warnings: [String] { Optimizer.warnings(problem, outcome: outcome) }

  public var plan: Plan? {
    if case .planned(let plan) = outcome { return plan }
    return nil
  }

  /// The cheapest plan that puts everyone on one tier and one model (first in catalog order on a tie).
  public var bestSinglePlan: SinglePlan? {
    var best: Int?
    for index in singlePlans.indices {
      guard let units = singlePlans[index].plan?.monthlyUnits else { continue }
      if best.map({ units < singlePlans[$0].plan!.monthlyUnits }) ?? true { best = index }
    }
    return best.map { singlePlans[$0] }
  }

  /// What the optimum saves per month against the best single plan.
  public var savingsAgainstBestSingle: Decimal? {
    guard let plan, let best = bestSinglePlan?.plan else { return nil }
    return Money.decimal(units: best.monthlyUnits - plan.monthlyUnits)
  }
}
