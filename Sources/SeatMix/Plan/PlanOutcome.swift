import Foundation

/// How the search for one plan ended: the optimum of an analysis, each single plan, each re-solve
/// of a report or sweep and each batch row is one of these. It says in its own words what it means,
/// so every output words a status the same way.
public enum PlanOutcome: Sendable, Equatable {
  /// A plan: proven the cheapest, or the best found when a limit stopped the search (``Plan/status``).
  case planned(Plan)
  /// No plan meets the deal, and why.
  case infeasible(Infeasibility)
  /// A limit stopped the search before any plan was found: not proven impossible.
  case noPlanFound(limit: String)

  /// The word an outcome is filed under (the batch's `status` column, the JSON `status`).
  public enum Status: String, Sendable, CaseIterable {
    case optimal
    /// A plan, not proven the cheapest.
    case feasible
    case infeasible
    /// A limit stopped the search before any plan was found.
    case noSolution = "no-solution"
  }

  public var plan: Plan? {
    if case .planned(let plan) = self { return plan }
    return nil
  }

  public var status: Status {
    switch self {
    case .planned(let plan): return plan.status.isOptimal ? .optimal : .feasible
    case .infeasible: return .infeasible
    case .noPlanFound: return .noSolution
    }
  }

  /// The limit that stopped the search, with a plan found or none; nil when proven (optimal or
  /// infeasible).
  public var stoppingLimit: String? {
    switch self {
    case .planned(let plan):
      if case .feasible(let limit, _) = plan.status { return limit }
      return nil
    case .noPlanFound(let limit): return limit
    case .infeasible: return nil
    }
  }

  /// True when a limit stopped the search before any plan was found.
  public var stoppedByLimit: Bool {
    if case .noPlanFound = self { return true }
    return false
  }

  /// One line: "optimal (proven by GLPK)", "infeasible: no license mix meets the requirements", …
  public var summary: String {
    switch self {
    case .planned(let plan): return plan.status.description
    case .infeasible: return "infeasible: no license mix meets the requirements"
    case .noPlanFound(let limit): return "no plan found: the \(limit) stopped the search first"
    }
  }

  /// Why there is no plan, a sentence each; empty when there is one.
  public var reasons: [String] {
    switch self {
    case .planned: return []
    case .infeasible(let infeasibility): return infeasibility.reasons
    case .noPlanFound(let limit): return ["the \(limit) stopped the search before any plan was found"]
    }
  }

  /// Why there is no plan, in the one reason a comparison row shows; nil when there is one.
  public var reason: String? {
    switch self {
    case .planned: return nil
    case .infeasible(let infeasibility): return infeasibility.reasons.first
    case .noPlanFound(let limit): return "the \(limit) stopped the search"
    }
  }

  /// "not solved" when a limit stopped the search, "not possible" when no plan exists.
  public var noPlanVerdict: String { stoppedByLimit ? "not solved" : "not possible" }
  /// "not possible: …" or "not solved: …", with the reason: what a table shows for no plan.
  public var noPlanNote: String { "\(noPlanVerdict): \(reason ?? "no plan")" }

  /// The reason, when no plan is possible (JSON `not_possible_because`).
  public var notPossibleBecause: String? { stoppedByLimit ? nil : reason }
  /// The reason, when a limit stopped the search first (JSON `not_solved_because`).
  public var notSolvedBecause: String? { stoppedByLimit ? reason : nil }
}

/// Why no plan meets the deal. The reasons are kept as facts and put in words when read (a batch
/// reads almost none of its single plans' reasons).
public struct Infeasibility: Sendable, Equatable {
  /// One cause of infeasibility.
  public enum Cause: Sendable, Equatable {
    case stated(String)
    /// No option serves the group; `gaps` say what each tier lacks (only those on `tier`, when
    /// one is given: a single plan's).
    case unservedGroup(name: String, gaps: [CoverageGap], tier: TierID?)
    /// The group is held to another tier than a single plan's.
    case heldToTier(group: String, tierName: String)

    public var sentence: String {
      switch self {
      case .stated(let text): return text
      case .unservedGroup(let name, let gaps, let tier):
        let relevant = tier.map { tier in gaps.filter { $0.tier == tier } } ?? gaps
        let why =
          relevant.isEmpty
          ? "no tier and model the deal allows fits it" : relevant.map(\.message).joined(separator: "; ")
        return "group \(quoted(name)) \(why)"
      case .heldToTier(let group, let tierName): return "group '\(group)' is held to \(tierName)"
      }
    }
  }

  /// Per group that cannot be covered at all: what each tier lacks.
  public var gaps: [CoverageGap]
  public var causes: [Cause]
  /// One sentence each.
  public var reasons: [String] { causes.map(\.sentence) }

  public init(gaps: [CoverageGap], causes: [Cause]) {
    self.gaps = gaps
    self.causes = causes
  }

  public init(gaps: [CoverageGap], reasons: [String]) {
    self.init(gaps: gaps, causes: reasons.map(Cause.stated))
  }

  public static func == (a: Infeasibility, b: Infeasibility) -> Bool { a.gaps == b.gaps && a.reasons == b.reasons }
}
