import Foundation

/// What the optimizer decided for one group.
public struct GroupAssignment: Sendable, Equatable {
  public var group: String
  public var agents: Int
  public var peakConcurrent: Int
  public var tier: TierID
  public var model: LicensingModel
  /// Bought for every agent of the group.
  public var addOns: [AddOnID]
  /// Covered by the tier's seats up to the seat count, topped up beyond (shared across the pool).
  public var seatCoveredAddOns: [AddOnID]
  /// Included with the tier for every user.
  public var includedAddOns: [AddOnID]
}

/// The part of a line item's quantity that one group accounts for.
public struct GroupShare: Sendable, Equatable {
  public var group: String
  public var quantity: Int

  public init(group: String, quantity: Int) {
    self.group = group
    self.quantity = quantity
  }
}

/// One SKU bought, with how many, what it costs and why.
public struct LineItem: Sendable, Equatable {
  public var sku: SKU
  public var name: String
  public var quantity: Int
  public var unitPrice: UnitPrice
  /// quantity × unit price, per month, in ``Money`` units.
  public var monthlyUnits: Int64
  /// quantity × unit price, per month.
  public var monthly: Decimal { Money.decimal(units: monthlyUnits) }
  /// How the quantity splits across groups; empty for account-level items.
  public var groups: [GroupShare]
  /// One line a customer can read.
  public var reason: String
}

/// How sure we are that a plan is the cheapest.
public enum PlanStatus: Sendable, Equatable {
  /// GLPK proved no cheaper plan exists under the catalog's rules.
  case optimal
  /// A limit stopped the search: the plan is valid, but a cheaper one may exist.
  case feasible(stoppedBy: String, gap: Double?)

  public var isOptimal: Bool { self == .optimal }

  public var description: String {
    switch self {
    case .optimal: return "optimal (proven by GLPK)"
    case .feasible(let limit, let gap):
      let gapText = gap.map { String(format: "%.2f%%", $0 * 100) } ?? "unknown"
      return "feasible, not proven optimal: the \(limit) stopped the search with a gap of \(gapText)"
    }
  }
}

/// A priced license mix for a deal.
public struct Plan: Sendable, Equatable {
  public var status: PlanStatus
  public var assignments: [GroupAssignment]
  /// In catalog SKU order.
  public var lineItems: [LineItem]
  /// The monthly total in ``Money`` units.
  public var monthlyUnits: Int64
  public var termMonths: Int
  public var monthlyTotal: Decimal { Money.decimal(units: monthlyUnits) }
  public var termTotal: Decimal { Money.decimal(units: monthlyUnits) * Decimal(termMonths) }

  public var licensingModels: [LicensingModel] {
    LicensingModel.allCases.filter { model in assignments.indices.contains { assignments[$0].model == model } }
  }

  public func quantity(of sku: SKU) -> Int { lineItems.first { $0.sku == sku }?.quantity ?? 0 }
}

/// A plan that puts every group on one tier and one model, or why there is none.
public struct SinglePlan: Sendable, Equatable {
  public var tier: TierID
  public var model: LicensingModel
  public var plan: Plan?
  /// Why there is no plan, when `plan` is nil: why none exists, or that a limit stopped the search.
  public var reason: String? {
    get { explanation?.text }
    set { explanation = newValue.map(Explanation.text) }
  }
  /// True when a limit stopped the search before a plan was found: not proven impossible.
  public var stoppedByLimit = false
  /// The reason, kept as facts and put in words only when read (a batch reads almost none).
  var explanation: Explanation?

  enum Explanation: Sendable, Equatable {
    case text(String)
    /// No option of the tier and model serves this group; `gaps` say why tiers cannot serve it.
    case unservedGroup(name: String, tier: TierID, gaps: [CoverageGap])

    var text: String {
      switch self {
      case .text(let text): return text
      case .unservedGroup(let name, let tier, let gaps):
        return Optimizer.unservedReason(group: name, gaps: gaps.filter { $0.tier == tier })
      }
    }
  }

  public init(tier: TierID, model: LicensingModel, plan: Plan?, reason: String?, stoppedByLimit: Bool = false) {
    self.tier = tier
    self.model = model
    self.plan = plan
    self.explanation = reason.map(Explanation.text)
    self.stoppedByLimit = stoppedByLimit
  }

  init(tier: TierID, model: LicensingModel, explanation: Explanation) {
    self.tier = tier
    self.model = model
    self.explanation = explanation
  }

  public static func == (a: SinglePlan, b: SinglePlan) -> Bool {
    a.tier == b.tier && a.model == b.model && a.plan == b.plan && a.reason == b.reason
      && a.stoppedByLimit == b.stoppedByLimit
  }
}

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
