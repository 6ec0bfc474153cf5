import Foundation
import MIPModel

/// Finds the cheapest license mix for a deal and the best single-tier plans to compare it with.
///
/// Pipeline: `Deal + Catalog → PlanningProblem → Formulation (MIPModel) → Solver → Plan`.
/// The solver is any ``MIPModel/Solver``, chosen where the program is assembled (the CLI, the
/// benchmark, tests): this library knows only MIPModel's protocol.
public struct Optimizer: Sendable {
  public var solver: any Solver
  public var options: SolveOptions
  /// Keep domain names in the models (for messages and LP files); batch runs turn it off for speed.
  public var namesModels: Bool
  /// How much of the optimum to write out: people read reasons (`.full`); batch runs need group
  /// shares only for `--lines`, and otherwise only quantities and prices. (Single plans are always
  /// read as `.totals`.)
  public var optimumDetail: PlanReader.Detail

  public init(
    solver: any Solver, options: SolveOptions = SolveOptions(),
    namesModels: Bool = true, optimumDetail: PlanReader.Detail = .full
  ) {
    self.solver = solver
    self.options = options
    self.namesModels = namesModels
    self.optimumDetail = optimumDetail
  }

  /// The optimum, every single plan, and the warnings a reader must see.
  ///
  /// Every model of the deal (the optimum's and each single plan's) is built first and handed to
  /// the solver in one call; plans are read afterwards. So when more than one thing fails, the
  /// error reported is the solver's (an invalid model, a GLPK failure) before the plan reader's.
  /// - Parameter cache: work shared across many deals on one catalog (see ``PlanningCache``).
  public func analyze(_ deal: Deal, catalog: Catalog, cache: PlanningCache? = nil) throws(SeatMixError) -> Analysis {
    let prepared = try prepare(deal, catalog: catalog, cache: cache)
    let results: [SolveResult]
    do {
      results = try solver.solve(prepared.models, options: options)
    } catch {
      throw .solver(error)
    }
    return try finish(prepared, results: results[...])
  }

  /// A deal's analysis with every model built but none solved: ``analyze(_:catalog:cache:)`` in
  /// two halves, so that a batch can hand the models of many deals to the solver in one call.
  public struct PreparedAnalysis: Sendable {
    /// What an outcome will come from: known before solving, or the solver's answer to a model.
    enum Pending: Sendable {
      case known(PlanOutcome)
      case solving(formulation: Int)
    }

    struct Single: Sendable {
      var tier: TierID
      var model: LicensingModel
      var pending: Pending
    }

    let problem: PlanningProblem
    let formulations: [Formulation]
    let optimum: Pending
    let singles: [Single]

    /// The models to solve, in the order ``Optimizer/finish(_:results:)`` expects their results.
    public var models: [Model] { formulations.map(\.model) }
  }

  /// Builds the deal's models: the optimum's and each single plan's that is not impossible at sight.
  public func prepare(
    _ deal: Deal, catalog: Catalog, cache: PlanningCache? = nil
  ) throws(SeatMixError) -> PreparedAnalysis {
    try Self.checkMagnitudes(deal)
    let problem = PlanningProblem(deal: deal, catalog: catalog, cache: cache)
    let tables = FormulationTables(problem, cache: cache)
    var formulations: [Formulation] = []
    func pending(_ problem: PlanningProblem) -> PreparedAnalysis.Pending {
      if let infeasibility = Self.infeasibilityBeforeSolving(problem, tables) {
        return .known(.infeasible(infeasibility))
      }
      formulations.append(Formulation(problem, tables: tables, keepsNames: namesModels))
      return .solving(formulation: formulations.count - 1)
    }
    let optimum = pending(problem)
    var singles: [PreparedAnalysis.Single] = []
    for tier in catalog.tiers {
      for model in problem.models where tier.licenses[model] != nil {
        if let held = deal.groups.first(where: { $0.tier != nil && $0.tier != tier.id }) {
          let heldName = catalog.tier(held.tier!)?.name ?? held.tier!.rawValue
          let why = Infeasibility(gaps: [], causes: [.heldToTier(group: held.name, tierName: heldName)])
          singles.append(.init(tier: tier.id, model: model, pending: .known(.infeasible(why))))
          continue
        }
        let restricted = problem.restricted(to: tier.id, model)
        if !tables.everyGroupCanBeServed(restricted) {
          // A single plan shows one reason, the first unserved group's, put in words when read.
          let g = tables.firstUnservedGroup(restricted)!
          let why = Infeasibility(
            gaps: [],
            causes: [.unservedGroup(name: deal.groups[g].name, gaps: problem.unnamedGaps(of: g), tier: tier.id)])
          singles.append(.init(tier: tier.id, model: model, pending: .known(.infeasible(why))))
          continue
        }
        singles.append(.init(tier: tier.id, model: model, pending: pending(restricted)))
      }
    }
    return PreparedAnalysis(problem: problem, formulations: formulations, optimum: optimum, singles: singles)
  }

  /// Reads the plans from the solver's results for the prepared models, in their order.
  public func finish(
    _ prepared: PreparedAnalysis, results: ArraySlice<SolveResult>
  ) throws(SeatMixError) -> Analysis {
    precondition(results.count == prepared.formulations.count, "one result per prepared model")
    func outcome(_ pending: PreparedAnalysis.Pending, detail: PlanReader.Detail) throws(SeatMixError)
      -> PlanOutcome
    {
      switch pending {
      case .known(let outcome): return outcome
      case .solving(let index):
        return try self.outcome(
          prepared.formulations[index], results[results.startIndex + index], detail: detail)
      }
    }
    let solverTime = results.reduce(Duration.zero) { $0 + $1.solverTime }
    let optimum = try outcome(prepared.optimum, detail: optimumDetail)
    var singlePlans: [SinglePlan] = []
    singlePlans.reserveCapacity(prepared.singles.count)
    for single in prepared.singles {
      let found = try outcome(single.pending, detail: .totals)
      singlePlans.append(SinglePlan(tier: single.tier, model: single.model, outcome: found))
    }
    return Analysis(problem: prepared.problem, outcome: optimum, singlePlans: singlePlans, solverTime: solverTime)
  }

  /// Solves one planning problem: the outcome, and the time spent inside the solver.
  /// - Parameter detail: how much of the plan to write out (single plans, compared by their totals,
  ///   need only quantities and prices).
  public func solve(
    _ problem: PlanningProblem, detail: PlanReader.Detail = .full
  ) throws(SeatMixError) -> (PlanOutcome, Duration) {
    let tables = FormulationTables(problem)
    if let infeasibility = Self.infeasibilityBeforeSolving(problem, tables) {
      return (.infeasible(infeasibility), .zero)
    }
    let formulation = Formulation(problem, tables: tables, keepsNames: namesModels)
    let result: SolveResult
    do {
      result = try solver.solve(formulation.model, options: options)
    } catch {
      throw .solver(error)
    }
    return (try outcome(formulation, result, detail: detail), result.solverTime)
  }

  /// What the solver's answer to a formulation means for the deal.
  func outcome(
    _ formulation: Formulation, _ result: SolveResult, detail: PlanReader.Detail
  ) throws(SeatMixError) -> PlanOutcome {
    switch result.status {
    case .optimal:
      return .planned(try PlanReader.plan(formulation, result, status: .optimal, detail: detail))
    case .feasible(let limit, let gap):
      let status = PlanStatus.feasible(stoppedBy: limit.rawValue, gap: gap)
      return .planned(try PlanReader.plan(formulation, result, status: status, detail: detail))
    case .infeasible:
      return .infeasible(Self.explainProvenInfeasibility(formulation.problem))
    case .noSolution(let limit):
      return .noPlanFound(limit: limit.rawValue)
    case .unbounded:
      throw .solver(
        .solverFailed(solver: solver.name, message: "the model is unbounded, which a license plan cannot be"))
    }
  }

  /// Loaders bound every number; a deal built in code (a sweep that scales one, say) is held to the
  /// same bounds here, so no plan's arithmetic can overflow.
  static func checkMagnitudes(_ deal: Deal) throws(SeatMixError) {
    func outOfRange(_ count: Int) -> Bool { count < 0 || count > Limits.maximumCount }
    var total = 0
    var tooBig = outOfRange(deal.storageGB) || deal.accountAddOns.values.contains(where: outOfRange)
    for group in deal.groups {
      total &+= group.agents
      tooBig = tooBig || outOfRange(group.agents) || outOfRange(group.peakConcurrent)
    }
    tooBig =
      tooBig || outOfRange(total)
      || deal.pricing.unitPrices.values.contains { $0 < 0 || $0 > Money.maximumUnitPrice }
    if tooBig {
      throw .invalidInput([
        Diagnostic(
          file: deal.file, line: nil, field: "groups",
          message:
            "counts must be whole numbers from 0 to \(Limits.maximumCount) (agents of all groups together too) and unit prices at most \(Money.maximumUnitPrice)"
        )
      ])
    }
  }

  /// Infeasibility that needs no solver: a group no tier can serve, or groups that cannot share
  /// one licensing model.
  static func infeasibilityBeforeSolving(_ problem: PlanningProblem, _ tables: FormulationTables) -> Infeasibility? {
    if tables.everyGroupCanBeServed(problem) { return nil }
    let unserved = unservedGroups(problem)
    if !unserved.causes.isEmpty { return unserved }
    let options = problem.options
    var reasons: [String] = []
    if !problem.mixingAllowed {
      let common = problem.models.filter { model in options.allSatisfy { $0.contains { $0.model == model } } }
      if common.isEmpty {
        let byGroup = problem.deal.groups.enumerated().map { g, group in
          "\(quoted(group.name)) fits only \(Set(options[g].map(\.model.rawValue)).sorted().joined(separator: "/"))"
        }
        reasons.append(
          "no one licensing model serves every group and the account may not mix models: "
            + byGroup.joined(separator: ", "))
        return Infeasibility(gaps: [], reasons: reasons)
      }
    }
    return nil
  }

  /// The groups the problem admits no option for, with what each tier lacks, one cause per group.
  static func unservedGroups(_ problem: PlanningProblem) -> Infeasibility {
    var gaps: [CoverageGap] = []
    var causes: [Infeasibility.Cause] = []
    let admitted = problem.options
    for (g, group) in problem.deal.groups.enumerated() where admitted[g].isEmpty {
      var groupGaps = problem.gaps(of: g)
      if let restriction = problem.restriction { groupGaps = groupGaps.filter { $0.tier == restriction.tier } }
      gaps += groupGaps
      causes.append(.unservedGroup(name: group.name, gaps: groupGaps, tier: nil))
    }
    return Infeasibility(gaps: gaps, causes: causes)
  }

  static func explainProvenInfeasibility(_ problem: PlanningProblem) -> Infeasibility {
    if problem.deal.storageGB > 0 && problem.catalog.storageAddOn == nil {
      return Infeasibility(
        gaps: [],
        reasons: [
          "the deal needs \(problem.deal.storageGB) GB of storage, more than its licenses can include, and catalog '\(problem.catalog.id)' sells no extra storage"
        ])
    }
    return Infeasibility(gaps: [], reasons: ["the solver proved that no license mix meets every requirement"])
  }
}

extension Optimizer {
  /// Writes the problem's integer program in CPLEX LP format, with its domain names, through
  /// ``OutputFile`` (`-` is standard output; a full disk is one line, and leaves no partial file).
  public static func writeLP(
    _ problem: PlanningProblem, to path: String, using writer: any LPWriter
  ) throws(SeatMixError) {
    let model = Formulation(problem).model
    let text = try PipeCapture.bytes(
      written: { lpPath throws(SeatMixError) in
        do throws(ModelError) {
          try writer.writeLP(model, to: lpPath)
        } catch {
          throw .solver(error)
        }
      }, for: path)
    let output = try OutputFile(path: path)
    output.write(text)
    try output.commit()
  }
}
