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
  /// From how many groups a one-model account's optimum is solved as one program per model
  /// (``solvesPerAccountModel(_:threshold:)``); tests lower it to compare both ways on small deals.
  public var perAccountModelFrom = Optimizer.perAccountModelThreshold
  /// Whether a model that leaves no choice and has one optimum (a single plan, mostly) is answered
  /// without the solver (``Formulation/settledOptimum()``); tests turn it off to compare.
  public var answersSettledModels = true

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
    var prepared = try prepare(deal, catalog: catalog, cache: cache, lazyIntervalRows: true)
    var results: [SolveResult]
    do {
      results = try solver.solve(prepared.models, options: options)
    } catch {
      throw .solver(error)
    }
    for index in prepared.formulations.indices {
      results[index] = try completeIntervalRows(&prepared.formulations[index], results[index])
    }
    return try finish(prepared, results: results[...])
  }

  /// Adds the pool rows a solution breaks and solves again, until the solution satisfies every
  /// row of the full model (formulations with lazy interval rows; others return at once). Each
  /// round's model contains the last one's rows, so the final optimum is the full model's.
  func completeIntervalRows(
    _ formulation: inout Formulation, _ first: SolveResult
  ) throws(SeatMixError) -> SolveResult {
    var result = first
    var solverTime = first.solverTime
    guard formulation.lazyIntervalRows, let values = first.values else { return first }
    // First the rows the linear relaxation needs (cheap solves), then those the integer optimum
    // still breaks. Not under a grace rule: there the relaxation's rows bring binaries that the
    // integer plans do not need (measured: 40 teams × 336 intervals, 26.5 s with them, 10.4 s
    // without), so only the plans' broken rows are added.
    if !formulation.addsGraceRowsLazily, formulation.addViolatedIntervalRows(values) > 0 {
      while true {
        let relaxed: SolveResult
        do {
          relaxed = try solver.solve(formulation.model.relaxation(), options: options)
        } catch {
          throw .solver(error)
        }
        solverTime += relaxed.solverTime
        guard let values = relaxed.values, formulation.addViolatedIntervalRows(values) > 0 else { break }
      }
      do {
        result = try solver.solve(formulation.model, options: options)
      } catch {
        throw .solver(error)
      }
      solverTime += result.solverTime
    }
    while let values = result.values, formulation.addViolatedIntervalRows(values) > 0 {
      do {
        result = try solver.solve(formulation.model, options: options)
      } catch {
        throw .solver(error)
      }
      solverTime += result.solverTime
    }
    guard solverTime != result.solverTime else { return result }
    return SolveResult(
      status: result.status, values: result.values, objective: result.objective, bestBound: result.bestBound,
      solverTime: solverTime, nodes: result.nodes, iterations: result.iterations)
  }

  /// A deal's analysis with every model built but none solved: ``analyze(_:catalog:cache:)`` in
  /// two halves, so that a batch can hand the models of many deals to the solver in one call.
  public struct PreparedAnalysis: Sendable {
    /// What an outcome will come from: known before solving, or the solver's answer to a model.
    enum Pending: Sendable {
      case known(PlanOutcome)
      case solving(formulation: Int)
      /// A one-model account's optimum solved as one program per licensing model
      /// (``Optimizer/solvesPerAccountModel(_:)``): the cheaper, the first on a tie.
      case cheaperOf(formulations: [Int])
      /// A model with no choice left and one optimum, answered without the solver.
      case settled(Formulation, SolveResult)
    }

    struct Single: Sendable {
      var tier: TierID
      var model: LicensingModel
      var pending: Pending
    }

    let problem: PlanningProblem
    var formulations: [Formulation]
    let optimum: Pending
    let singles: [Single]

    /// The models to solve, in the order ``Optimizer/finish(_:results:)`` expects their results.
    public var models: [Model] { formulations.map(\.model) }
  }

  /// Builds the deal's models: the optimum's and each single plan's that is not impossible at sight.
  /// - Parameter lazyIntervalRows: start pools over time with their busiest intervals only (the
  ///   caller completes them, ``completeIntervalRows(_:_:)``); false builds every row, so that
  ///   one solve per model is final (a batch hands the models of many deals over at once).
  public func prepare(
    _ deal: Deal, catalog: Catalog, cache: PlanningCache? = nil
  ) throws(SeatMixError) -> PreparedAnalysis {
    try prepare(deal, catalog: catalog, cache: cache, lazyIntervalRows: false)
  }

  func prepare(
    _ deal: Deal, catalog: Catalog, cache: PlanningCache?, lazyIntervalRows: Bool
  ) throws(SeatMixError) -> PreparedAnalysis {
    try Self.checkMagnitudes(deal)
    let problem = PlanningProblem(deal: deal, catalog: catalog, cache: cache)
    let tables = FormulationTables(problem, cache: cache)
    var formulations: [Formulation] = []
    func pending(_ problem: PlanningProblem) -> PreparedAnalysis.Pending {
      self.pending(problem, tables, into: &formulations, lazyIntervalRows: lazyIntervalRows)
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

  /// What a problem's outcome will come from; the models to solve are appended to `formulations`.
  func pending(
    _ problem: PlanningProblem, _ tables: FormulationTables, into formulations: inout [Formulation],
    lazyIntervalRows: Bool = false
  ) -> PreparedAnalysis.Pending {
    if let infeasibility = Self.infeasibilityBeforeSolving(problem, tables) {
      return .known(.infeasible(infeasibility))
    }
    let accountModels = Self.solvesPerAccountModel(problem, threshold: perAccountModelFrom)
    guard !accountModels.isEmpty else {
      let formulation = Formulation(
        problem, tables: tables, keepsNames: namesModels, lazyIntervalRows: lazyIntervalRows)
      if answersSettledModels, let optimum = formulation.settledOptimum() { return .settled(formulation, optimum) }
      formulations.append(formulation)
      return .solving(formulation: formulations.count - 1)
    }
    var indices: [Int] = []
    for accountModel in accountModels {
      formulations.append(
        Formulation(
          problem, tables: tables, keepsNames: namesModels, accountModel: accountModel,
          lazyIntervalRows: lazyIntervalRows))
      indices.append(formulations.count - 1)
    }
    return .cheaperOf(formulations: indices)
  }

  /// From this many groups on, a one-model account's optimum is solved as one program per model.
  ///
  /// Chosen from the solver ladder (README, Benchmarks): the one program with `model[…]` binaries
  /// spends its time in a root LP that grows much faster than the two programs without them (100
  /// groups: 0.056 s of GLPK CPU against 0.001 + 0.004 s; 3,000 groups: 12.9 s against 0.41 +
  /// 0.74 s). Below it deals stay on one solve, as each GLPK call has a fixed cost (the batch's
  /// six-group deals), and every smaller deal's plan is the one it always was.
  public static let perAccountModelThreshold = 100

  /// The licensing models whose programs, solved apart, give the problem's optimum: empty when the
  /// problem is solved as one program (mixing allowed, only one model possible, a single plan,
  /// or fewer than ``perAccountModelThreshold`` groups).
  ///
  /// When one model per account is the rule, the optimum is the cheapest over the models of the
  /// optimum with every group on that model; a model that cannot serve every group is left out.
  /// The models come in ``LicensingModel/allCases`` order (named, then concurrent), and on a tie
  /// the first wins: named.
  public static func solvesPerAccountModel(_ problem: PlanningProblem, threshold: Int? = nil) -> [LicensingModel] {
    guard problem.groups.count >= (threshold ?? perAccountModelThreshold), !problem.mixingAllowed,
      problem.restriction == nil
    else { return [] }
    let options = problem.everyOption
    let inUse = LicensingModel.allCases.filter { m in options.contains { $0.contains { $0.model == m } } }
    guard inUse.count > 1 else { return [] }
    return inUse.filter { m in options.allSatisfy { $0.contains { $0.model == m } } }
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
      case .cheaperOf(let indices):
        return try cheaperOutcome(
          indices.map { (prepared.formulations[$0], results[results.startIndex + $0]) }, detail: detail)
      case .settled(let formulation, let result):
        return try self.outcome(formulation, result, detail: detail)
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
    var analysis = Analysis(
      problem: prepared.problem, outcome: optimum, singlePlans: singlePlans, solverTime: solverTime)
    // A limit stopped the optimum's search: a single plan is a plan for the whole deal too, so the
    // best one replaces a dearer plan found (or none found), read in full, still marked as stopped
    // by that limit, its gap over the optimum's search's bound.
    if let limit = optimum.stoppingLimit, let best = analysis.bestSinglePlanIndex,
      let bestPlan = singlePlans[best].plan, optimum.plan.map({ bestPlan.totalUnits < $0.totalUnits }) ?? true,
      case .planned(var plan) = try outcome(prepared.singles[best].pending, detail: optimumDetail)
    {
      // The optimum's search bounds every plan of the deal from below, this one too.
      let bound = lowerBound(of: prepared.optimum) {
        results[results.startIndex + $0]
      }
      plan.status = .feasible(
        stoppedBy: limit, gap: bound.map { Self.relativeGap(Money.double(units: plan.totalUnits), below: $0) })
      analysis.outcome = .planned(plan)
    }
    return analysis
  }

  /// The least any plan of a pending outcome can cost, as the solver proved it (in the objective's
  /// currency); nil when unknown (no search, or one that a limit stopped before it had a bound).
  func lowerBound(of pending: PreparedAnalysis.Pending, _ result: (Int) -> SolveResult) -> Double? {
    switch pending {
    case .known: return nil
    case .solving(let index): return Self.lowerBound([result(index)])
    case .cheaperOf(let indices): return Self.lowerBound(indices.map(result))
    case .settled(_, let settled): return Self.lowerBound([settled])
    }
  }

  /// The least a plan of any of these programs can cost (one deal's programs, one per account
  /// model, say): the smallest of their proven bounds, programs proven infeasible left out; nil
  /// when one of them has no bound, or none has a plan.
  static func lowerBound(_ results: [SolveResult]) -> Double? {
    var bound: Double?
    for result in results {
      let own: Double?
      switch result.status {
      case .optimal: own = result.objective
      case .feasible, .noSolution: own = result.bestBound
      case .infeasible: continue
      case .unbounded: return nil
      }
      guard let own else { return nil }
      bound = min(bound ?? own, own)
    }
    return bound
  }

  /// GLPK's relative gap of a plan costing `objective` over a proven `bound`: what a cheaper plan
  /// could at most save, as a share of this one's cost.
  static func relativeGap(_ objective: Double, below bound: Double) -> Double {
    max(0, objective - bound) / (Double.ulpOfOne + abs(objective))
  }

  /// Solves one planning problem: the outcome, and the time spent inside the solver.
  /// - Parameter detail: how much of the plan to write out (single plans, compared by their totals,
  ///   need only quantities and prices).
  public func solve(
    _ problem: PlanningProblem, detail: PlanReader.Detail = .full
  ) throws(SeatMixError) -> (PlanOutcome, Duration) {
    let tables = FormulationTables(problem)
    var formulations: [Formulation] = []
    let pending = pending(problem, tables, into: &formulations, lazyIntervalRows: true)
    switch pending {
    case .known(let outcome):
      return (outcome, .zero)
    case .settled(let formulation, let result):
      return (try outcome(formulation, result, detail: detail), .zero)
    case .solving:
      var formulation = formulations[0]
      var result: SolveResult
      do {
        result = try solver.solve(formulation.model, options: options)
      } catch {
        throw .solver(error)
      }
      result = try completeIntervalRows(&formulation, result)
      return (try outcome(formulation, result, detail: detail), result.solverTime)
    case .cheaperOf:
      var results: [SolveResult]
      do {
        results = try solver.solve(formulations.map(\.model), options: options)
      } catch {
        throw .solver(error)
      }
      for index in formulations.indices {
        results[index] = try completeIntervalRows(&formulations[index], results[index])
      }
      let time = results.reduce(Duration.zero) { $0 + $1.solverTime }
      return (try cheaperOutcome(Array(zip(formulations, results)), detail: detail), time)
    }
  }

  /// The outcome of a problem solved as one program per account model: the cheapest plan, the
  /// first on a tie. Optimal when every program was solved to optimality or proved infeasible;
  /// when a limit stopped one, the cheapest plan found is reported as stopped by that limit, with
  /// its gap over the smallest of the programs' bounds (unknown when one has none).
  func cheaperOutcome(
    _ solved: [(Formulation, SolveResult)], detail: PlanReader.Detail
  ) throws(SeatMixError) -> PlanOutcome {
    var best: (Formulation, SolveResult)?
    var stoppedBy: String?
    for (formulation, result) in solved {
      switch result.status {
      case .optimal, .feasible:
        if case .feasible(let limit, _) = result.status, stoppedBy == nil { stoppedBy = limit.rawValue }
        // Costs are whole money units: a difference under half a unit is a tie (rounding).
        let halfUnit = Money.double(units: 1) / 2
        if let objective = result.objective, best.map({ objective < $0.1.objective! - halfUnit }) ?? true {
          best = (formulation, result)
        }
      case .infeasible:
        continue
      case .noSolution(let limit):
        if stoppedBy == nil { stoppedBy = limit.rawValue }
      case .unbounded:
        return try outcome(formulation, result, detail: detail)
      }
    }
    guard let (formulation, result) = best else {
      if let stoppedBy { return .noPlanFound(limit: stoppedBy) }
      return .infeasible(Self.explainProvenInfeasibility(solved[0].0.problem))
    }
    guard let stoppedBy else { return try outcome(formulation, result, detail: detail) }
    let gap = Self.lowerBound(solved.map(\.1)).map { Self.relativeGap(result.objective!, below: $0) }
    let status = PlanStatus.feasible(stoppedBy: stoppedBy, gap: gap)
    return .planned(try PlanReader.plan(formulation, result, status: status, detail: detail))
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
  /// When the optimum is solved as one program per account model (``solvesPerAccountModel(_:threshold:)``),
  /// the file is the one program that defines it, and its first line, an LP comment, says so.
  public static func writeLP(
    _ problem: PlanningProblem, to path: String, using writer: any LPWriter
  ) throws(SeatMixError) {
    let model = Formulation(problem).model
    let accountModels = solvesPerAccountModel(problem)
    let note =
      accountModels.isEmpty
      ? ""
      : "\\ SeatMix solves this program as \(accountModels.count) programs without model[...], one per licensing model ("
        + accountModels.map { "every group \($0.rawValue)" }.joined(separator: "; ")
        + "), and keeps the cheapest (the first on a tie)\n"
    let text =
      try Array(note.utf8)
      + PipeCapture.bytes(
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
