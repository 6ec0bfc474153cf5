import Foundation
import MIPModel

/// A what-if grid over growth and concurrency: every group's agents scaled by one percentage, and
/// every group's peak set to one concurrency ratio of its (scaled) agents.
public struct SweepSettings: Sendable {
  /// Agents as a percentage of the deal's, from low to high.
  public var agents: ClosedRange<Int> = 50...200
  /// Peak ÷ agents, in percent.
  public var concurrency: ClosedRange<Int> = 20...100
  /// Values on each axis, ends included.
  public var agentSteps = 7
  public var concurrencySteps = 9
  public var jobs = ProcessInfo.processInfo.activeProcessorCount
  public var solve = SolveOptions()
  public var solver: any Solver

  public init(solver: any Solver) { self.solver = solver }

  /// `steps` evenly spaced whole percents from `range.lowerBound` to `range.upperBound`.
  public static func values(_ range: ClosedRange<Int>, steps: Int) -> [Int] {
    guard steps > 1, range.upperBound > range.lowerBound else { return [range.lowerBound] }
    var values: [Int] = []
    for index in 0..<steps {
      let span = (range.upperBound - range.lowerBound) * index
      let value = range.lowerBound + (span + (steps - 1) / 2) / (steps - 1)
      if values.last != value { values.append(value) }
    }
    return values
  }
}

/// One cell of a sweep: the deal at one growth and one concurrency, and its optimum.
public struct SweepCell: Sendable {
  public var agentsPercent: Int
  public var concurrencyPercent: Int
  public var agents: Int
  public var peak: Int
  public var plan: Plan?
  /// Why there is no plan, when there is none.
  public var reason: String?
  public var mix: Mix { Mix(plan) }
}

public struct SweepResult: Sendable {
  public var deal: Deal
  public var catalog: Catalog
  public var term: BillingTerm
  public var settings: SweepSettings
  public var agentValues: [Int]
  public var concurrencyValues: [Int]
  /// Row per agents value (ascending), column per concurrency value (ascending).
  public var cells: [[SweepCell]]
  public var solverTime: Duration

  /// The deal's own concurrency: Σ peaks ÷ Σ agents, in percent.
  public var currentConcurrencyPercent: Decimal {
    let agents = deal.groups.reduce(0) { $0 + $1.agents }
    let peaks = deal.groups.reduce(0) { $0 + $1.peakConcurrent }
    return agents == 0 ? 0 : Money.roundedToTenths(Decimal(peaks) * 100 / Decimal(agents))
  }

  /// Every winning mix's label, in the order they first win scanning from the smallest deal.
  public var labels: [String] {
    var seen: [String] = []
    for row in cells {
      for cell in row where !seen.contains(cell.mix.label(catalog)) { seen.append(cell.mix.label(catalog)) }
    }
    return seen
  }
}

public enum SweepRunner {
  /// Solves every cell on worker threads (one synchronous GLPK solve per cell).
  public static func run(_ deal: Deal, catalog: Catalog, settings: SweepSettings) throws(SeatMixError) -> SweepResult {
    let agentValues = SweepSettings.values(settings.agents, steps: settings.agentSteps)
    let concurrencyValues = SweepSettings.values(settings.concurrency, steps: settings.concurrencySteps)
    let optimizer = Optimizer(solver: settings.solver, options: settings.solve, namesModels: false)
    let columns = concurrencyValues.count
    let timing = SolveCounter()
    let flat = try ParallelSolves.map(agentValues.count * columns, jobs: settings.jobs) {
      index throws(SeatMixError) -> SweepCell in
      let agentsPercent = agentValues[index / columns]
      let concurrencyPercent = concurrencyValues[index % columns]
      let scaled = cellDeal(deal, agentsPercent: agentsPercent, concurrencyPercent: concurrencyPercent)
      let (outcome, time) = try optimizer.solve(PlanningProblem(deal: scaled, catalog: catalog), detail: .totals)
      timing.add(solves: 1, time: time)
      var cell = SweepCell(
        agentsPercent: agentsPercent, concurrencyPercent: concurrencyPercent,
        agents: scaled.groups.reduce(0) { $0 + $1.agents }, peak: scaled.groups.reduce(0) { $0 + $1.peakConcurrent },
        plan: nil, reason: nil)
      cell.plan = outcome.plan
      cell.reason = outcome.reason
      return cell
    }
    let cells = agentValues.indices.map { row in Array(flat[(row * columns)..<((row + 1) * columns)]) }
    let problem = PlanningProblem(deal: deal, catalog: catalog)
    return SweepResult(
      deal: deal, catalog: catalog, term: problem.term, settings: settings, agentValues: agentValues,
      concurrencyValues: concurrencyValues, cells: cells, solverTime: timing.totals.time)
  }

  /// Every group's agents at `agentsPercent` (rounded), its peak at `concurrencyPercent` of them
  /// (rounded up); a group with a profile over time keeps its shape, scaled to that peak
  /// (``WhatIf``).
  public static func cellDeal(_ deal: Deal, agentsPercent: Int, concurrencyPercent: Int) -> Deal {
    var deal = deal
    for g in deal.groups.indices {
      let agents = (deal.groups[g].agents * agentsPercent + 50) / 100
      deal.groups[g] = WhatIf.sized(deal.groups[g], agents: agents, peak: (agents * concurrencyPercent + 99) / 100)
    }
    return deal
  }
}
