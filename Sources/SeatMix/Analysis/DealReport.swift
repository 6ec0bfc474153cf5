import Foundation
import MIPModel

/// How far a report's searches go. Every figure in a report comes from re-solving the deal with the
/// real optimizer; these settings bound where it looks, and the report states them.
public struct ReportSettings: Sendable {
  /// Concurrency ratios (peak ÷ agents, in percent) of the break-even curves.
  public var breakEvenRatios: [Int] = Array(stride(from: 10, through: 100, by: 5))
  /// Headroom looks up to this many times a group's agents more (and at least `minimumAgentSearch`).
  public var agentSearchFactor = 2
  public var minimumAgentSearch = 100
  /// Each headroom search (one group, one direction) stops before solving more than this many
  /// times, saying how far it got (see ``HeadroomSearch``); below it the answer is exact.
  public var headroomSolveBudget = 2_000
  /// Sensitivity looks up to this many times a price (and at least `minimumPriceSearch` more).
  public var priceSearchFactor: Decimal = 10
  public var minimumPriceSearch: Decimal = 100
  /// Price searches solve at this many evenly spaced prices each way, then bisect the first step
  /// where the mix changes down to one cent. (Headroom searches are exact to the agent and the peak,
  /// see ``HeadroomSearch``.)
  public var gridPoints = 16
  /// Worker threads; results do not depend on it.
  public var jobs = ProcessInfo.processInfo.activeProcessorCount
  public var solve = SolveOptions()
  public var solver: any Solver

  public init(solver: any Solver) { self.solver = solver }
}

/// Everything `seatmix report` says about a deal, computed once and rendered as HTML, Markdown,
/// CSV and JSON.
public struct DealReport: Sendable {
  /// The optimum, the single plans under the deal's own licensing, the warnings.
  public var analysis: Analysis
  /// Per billing term (catalog order): the optimum, then every tier × model the catalog sells.
  public var comparison: [ComparisonRow]
  /// Everyone on the catalog's top tier, named, under the deal's term: the plain list-price quote.
  public var topTierNamed: ComparisonRow?
  public var breakEven: BreakEven?
  public var headroom: [Headroom]
  /// Estimated or overridden prices the choice weighs, in catalog order.
  public var sensitivity: [PriceSensitivity]
  /// Estimated or overridden prices of account items: they move the total, never the choice.
  public var fixedItems: [LineItem]
  public var settings: ReportSettings
  /// Solves behind the report, and how many of them a limit stopped before a proof of optimality.
  public var solves: Int
  public var unprovenSolves: Int
  /// Time inside GLPK, summed over threads (not rendered: reports are byte-for-byte reproducible).
  public var solverTime: Duration

  public var deal: Deal { analysis.deal }
  public var catalog: Catalog { analysis.catalog }
  public var plan: Plan? { analysis.plan }
  public var mix: Mix { Mix(analysis.plan) }

  /// `mixed-contact-center`: the folder name under `Reports/`.
  public var slug: String { Self.slug(deal.name) }

  public static func slug(_ name: String) -> String {
    var slug = ""
    for scalar in name.lowercased().unicodeScalars {
      if scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) {
        slug.unicodeScalars.append(scalar)
      } else if !slug.isEmpty && !slug.hasSuffix("-") {
        slug += "-"
      }
    }
    while slug.hasSuffix("-") { slug.removeLast() }
    return slug.isEmpty ? "deal" : slug
  }

  /// What the optimum saves per month against everyone on the top tier, named.
  public var savingsAgainstTopTierNamed: Decimal? {
    guard let plan, let baseline = topTierNamed?.plan else { return nil }
    return baseline.monthlyTotal - plan.monthlyTotal
  }
}

/// One plan of the comparison: the optimum or everyone on one tier and one model, under one term.
public struct ComparisonRow: Sendable {
  public enum Kind: Sendable, Equatable {
    case optimum
    case single(TierID, LicensingModel)
  }

  public var term: BillingTerm
  public var kind: Kind
  /// The plan, or why there is none.
  public var outcome: PlanOutcome
  public var plan: Plan? { outcome.plan }
  /// The deal's licensing does not allow this model; priced for reference.
  public var outsideDealLicensing: Bool
  /// The deal's own billing term.
  public var isDealTerm: Bool

  public var monthly: Decimal? { plan?.monthlyTotal }
  /// Twelve months, whatever the term: the common basis of the comparison.
  public var annual: Decimal? { plan.map { $0.monthlyTotal * 12 } }

  public func name(_ catalog: Catalog) -> String {
    switch kind {
    case .optimum:
      return plan.map { "\($0.status.planTitle): \(Mix($0).label(catalog))" } ?? "Optimum"
    case .single(let tier, let model):
      return catalog.name(of: .license(tier, model))
    }
  }

  /// `optimum`, `elite-named`: a stable id for CSV and JSON.
  public var id: String {
    switch kind {
    case .optimum: return "optimum"
    case .single(let tier, let model): return "\(tier)-\(model.rawValue)"
    }
  }
}

/// Total cost as the concurrency ratio (peak ÷ agents) of every group runs over a range, with all
/// named, all concurrent, and the optimum under the deal's own licensing.
public struct BreakEven: Sendable {
  public struct Point: Sendable {
    public var ratioPercent: Int
    public var named: Decimal?
    public var concurrent: Decimal?
    public var optimum: Decimal?
    public var optimumMix: Mix
  }

  public enum Verdict: Sendable, Equatable {
    /// Concurrent costs less below this ratio (percent) and at least as much from it on.
    case crossover(Int)
    /// Concurrent costs less across the whole range.
    case concurrentAlwaysCheaper
    /// Named costs no more even at the lowest ratio.
    case namedAlwaysCheaper
    /// One model has no plan for the deal at all.
    case unavailable(String)
  }

  public var points: [Point]
  public var verdict: Verdict
  /// The deal's own ratio: Σ peaks ÷ Σ agents, in percent, to one decimal.
  public var currentRatioPercent: Decimal
}

/// How far one group can grow before the optimal mix changes.
public struct Headroom: Sendable {
  public var group: String
  public var agents: Int
  public var peak: Int
  /// Searched up to this many more agents (peak growing in proportion).
  public var agentLimit: Int
  /// The fewest more agents at which the mix changes, and to what; nil when it holds to the limit.
  public var moreAgents: Int?
  public var agentChange: MixChange?
  /// Searched up to this much more peak (every agent signed in at once).
  public var peakLimit: Int
  public var morePeak: Int?
  public var peakChange: MixChange?
  /// Whether a search stopped at the report's solve budget: then its limit is how far today's mix
  /// was found to hold, and nothing beyond it was searched.
  public var agentSearchStopped = false
  public var peakSearchStopped = false
  /// Whether that search stopped (as above) because the solver failed on the next size, not at
  /// the budget.
  public var agentSearchUnsolved = false
  public var peakSearchUnsolved = false

  /// Whether either search stopped at the solve budget or at a size the solver failed on.
  public var searchStopped: Bool { agentSearchStopped || peakSearchStopped }
}

/// The optimum where a search found today's mix beaten: another mix costs strictly less.
public struct MixChange: Sendable {
  public var mix: Mix
  public var monthly: Decimal?
}

/// The range of one price within which the optimal mix stays the same.
public struct PriceSensitivity: Sendable {
  public var sku: SKU
  public var price: UnitPrice
  /// How many the optimal plan buys (0: weighed but not bought).
  public var quantity: Int
  /// The lowest and highest prices, to the cent, at which the mix holds.
  public var low: Decimal
  public var high: Decimal
  /// The optimum one cent below `low`; nil when the mix holds down to zero.
  public var belowChange: MixChange?
  /// The optimum one cent above `high`; nil when it holds up to `searchedUpTo`.
  public var aboveChange: MixChange?
  public var searchedUpTo: Decimal

  /// Why the price is uncertain: its estimate note or the deal's adjustment.
  public var basis: String { Self.basis(price) }

  /// `estimate: not published`, `10% discount`, or both.
  public static func basis(_ price: UnitPrice) -> String {
    var parts: [String] = []
    if let adjustment = price.adjustment { parts.append(adjustment) }
    if let estimate = price.estimate { parts.append("estimate: \(estimate)") }
    return parts.joined(separator: "; ")
  }
}
