import Foundation
import GLPKSolver
import MIPModel
import Testing

@testable import SeatMix

/// The pools-over-time model's reductions (issue 10, "It must scale") keep the optimum of the full
/// model: each is checked against the model without it, both solved by GLPK with every row in,
/// on seeded random deals small enough for the full model to solve at once.
@Suite struct PoolReductionTests {
  /// The grace rule's rows by slack with `pool-floor` rows, against the big-M rows they replace:
  /// the same optimum to the unit, for the optimum and every single plan, contiguous and
  /// cumulative; and a relaxation at least as tight (strictly tighter on many deals).
  @Test func graceRowsBySlackKeepTheOptimumOfTheBigMRows() throws {
    let zoom = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    let solver = GLPKSolver()
    var compared = 0
    var tighter = 0
    var fewerBinaries = 0
    var accruals = Set<GraceAccrual>()
    for seed in UInt64(1)...200 {
      let (deal, catalog) = ProfileCrossCheckTests.profileDeal(zoom, seed: seed)
      guard case .grace(_, let accrual) = catalog.concurrentBilling.peak,
        case .minutes = deal.concurrency!.grid.step
      else { continue }
      let problem = PlanningProblem(deal: deal, catalog: catalog)
      let tables = FormulationTables(problem)
      let problems = Self.optimumAndConcurrentSingles(problem, catalog, tables)
      for (index, problem) in problems.enumerated() {
        guard tables.everyGroupCanBeServed(problem) else { continue }
        let slack = Formulation(problem, tables: tables, keepsNames: true)
        let bigM = Formulation(problem, tables: tables, keepsNames: true, bigMGraceRows: true)
        let byBigM = try solver.solve(bigM.model, options: SolveOptions())
        let bySlack = try solver.solve(slack.model, options: SolveOptions())
        let what = "seed \(seed), \(index == 0 ? "optimum" : "single plan \(index)")"
        #expect(bySlack.status == byBigM.status, "\(what): \(bySlack.status) against \(byBigM.status)")
        if let a = bySlack.objective, let b = byBigM.objective {
          #expect(abs(a - b) < Money.double(units: 1) / 2, "\(what): \(a) against \(b)")
        } else {
          #expect(bySlack.objective == nil && byBigM.objective == nil, "\(what)")
        }
        let relaxedSlack = try solver.solve(slack.model.relaxation(), options: SolveOptions())
        let relaxedBigM = try solver.solve(bigM.model.relaxation(), options: SolveOptions())
        if let a = relaxedSlack.objective, let b = relaxedBigM.objective {
          #expect(a >= b - 1e-6 * (1 + abs(b)), "\(what): relaxation \(a) below the big M's \(b)")
          if a > b + 1e-6 * (1 + abs(b)) { tighter += 1 }
        }
        let binaries = { (model: Model) in model.variables.filter { $0.kind == .binary }.count }
        if binaries(slack.model) < binaries(bigM.model) { fewerBinaries += 1 }
        compared += 1
        accruals.insert(accrual)
      }
    }
    // The deals must reach what the check is for.
    #expect(compared >= 200, "\(compared) models compared")
    #expect(tighter >= 70, "\(tighter) relaxations tighter")
    #expect(fewerBinaries >= 80, "\(fewerBinaries) models with fewer binaries")
    #expect(accruals.count == 2)
  }

  /// The grace rule's rows added lazily (the `pool-floor` rows first, then the `pool-at` and
  /// `grace` rows that plans break, ``Optimizer/completeIntervalRows(_:_:)``) against the full
  /// model with every row in: the same optimum to the unit, for the optimum and every single
  /// plan, under contiguous accrual (cumulative keeps the full model: checked too); the last lazy
  /// plan meets the rule in every month; and the lazy model ends with fewer binaries on many deals
  /// (what the laziness is for).
  @Test func graceRowsAddedLazilyKeepTheOptimumOfTheFullModel() throws {
    let zoom = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    let solver = GLPKSolver()
    let optimizer = Optimizer(solver: solver)
    var compared = 0
    var fewerBinaries = 0
    var rounds = 0
    var cumulative = 0
    for seed in UInt64(1)...400 {
      let (deal, catalog) = ProfileCrossCheckTests.profileDeal(zoom, seed: seed)
      guard case .grace(_, let accrual) = catalog.concurrentBilling.peak,
        case .minutes = deal.concurrency!.grid.step
      else { continue }
      let problem = PlanningProblem(deal: deal, catalog: catalog)
      let tables = FormulationTables(problem)
      guard accrual == .contiguous else {
        let formulation = Formulation(problem, tables: tables, keepsNames: true, lazyIntervalRows: true)
        #expect(!formulation.lazyGraceRows, "seed \(seed): cumulative grace rows are all in at once")
        cumulative += 1
        continue
      }
      let problems = Self.optimumAndConcurrentSingles(problem, catalog, tables)
      for (index, problem) in problems.enumerated() {
        guard tables.everyGroupCanBeServed(problem) else { continue }
        let what = "seed \(seed), \(accrual), \(index == 0 ? "optimum" : "single plan \(index)")"
        let result = try Self.compareLazyGraceRows(problem, tables: tables, optimizer: optimizer, what)
        if result.rowsAdded { rounds += 1 }
        if result.fewerBinaries { fewerBinaries += 1 }
        compared += 1
      }
    }
    // The deals must reach what the check is for: rows added in later rounds, cumulative deals seen.
    #expect(compared >= 200, "\(compared) models compared")
    #expect(rounds >= 10, "\(rounds) models needed rows added")  // 15 when written
    #expect(fewerBinaries >= 100, "\(fewerBinaries) models with fewer binaries")
    #expect(cumulative > 0)
  }

  /// The deal's problem and, for each tier sold concurrent, everyone on that tier's pool (the
  /// single plans that have a pool over time), those whose groups can all be served.
  static func optimumAndConcurrentSingles(
    _ problem: PlanningProblem, _ catalog: Catalog, _ tables: FormulationTables
  ) -> [PlanningProblem] {
    var problems = [problem]
    for tier in catalog.tiers where tier.licenses[.concurrent] != nil {
      let restricted = problem.restricted(to: tier.id, .concurrent)
      if tables.everyGroupCanBeServed(restricted) { problems.append(restricted) }
    }
    return problems
  }

  /// One problem solved with the contiguous grace rows added lazily and with every row in: the
  /// same status and optimum to the unit, and the last lazy plan meets the rule. Returns whether
  /// rows were added after the first solve, and whether the lazy model ended with fewer binaries.
  static func compareLazyGraceRows(
    _ problem: PlanningProblem, tables: FormulationTables, optimizer: Optimizer, _ what: String
  ) throws -> (rowsAdded: Bool, fewerBinaries: Bool) {
    let solver = optimizer.solver
    let full = Formulation(problem, tables: tables, keepsNames: true)
    var lazy = Formulation(problem, tables: tables, keepsNames: true, lazyIntervalRows: true)
    #expect(lazy.lazyGraceRows, "\(what): the grace rows are lazy")
    let byFull = try solver.solve(full.model, options: SolveOptions())
    let first = try solver.solve(lazy.model, options: SolveOptions())
    let rowsBefore = lazy.model.constraintCount
    let byLazy = try optimizer.completeIntervalRows(&lazy, first)
    #expect(byLazy.status == byFull.status, "\(what): \(byLazy.status) against \(byFull.status)")
    if let a = byLazy.objective, let b = byFull.objective {
      #expect(abs(a - b) < Money.double(units: 1) / 2, "\(what): \(a) against \(b)")
    } else {
      #expect(byLazy.objective == nil && byFull.objective == nil, "\(what)")
    }
    if let values = byLazy.values {
      #expect(lazy.addViolatedIntervalRows(values) == 0, "\(what): the last plan breaks the rule")
    }
    let binaries = { (model: Model) in model.variables.filter { $0.kind == .binary }.count }
    return (lazy.model.constraintCount > rowsBefore, binaries(lazy.model) < binaries(full.model))
  }

  /// The same comparison on deals made to need the lazy rows: every group signed in at a base
  /// level with short spikes (one or two quarter hours) at its own times, under Zoom's contiguous
  /// grace of 30 to 60 minutes on a 15-minute grid. A window's floor row adds up each group's
  /// least count in it, below the least of their sum when the spikes are staggered, so the
  /// first plan (floor rows only) is often under the billable peak and the `pool-at` and `grace`
  /// rows it breaks must come in. (The random deals above need them on few models.)
  @Test func graceRowsAddedLazilyOnStaggeredSpikes() throws {
    let zoom = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    let optimizer = Optimizer(solver: GLPKSolver())
    var compared = 0
    var rounds = 0
    for seed in UInt64(1)...400 {
      var (deal, catalog) = ProfileCrossCheckTests.profileDeal(zoom, seed: seed)
      var random = SplitMix64(seed: seed &* 104_729 &+ 3)
      catalog.concurrentBilling.peak = .grace(minutes: random.pick([30, 45, 60]), accrual: .contiguous)
      let count = random.int(16...40)
      let start = ISO8601DateFormatter().date(from: "2026-01-05T00:00:00Z")!
      deal.concurrency = DealConcurrency(grid: IntervalGrid(step: .minutes(15), start: start, count: count))
      for g in deal.groups.indices {
        let agents = deal.groups[g].agents
        let base = random.int(0...(agents / 2))
        let period = random.int(3...8)
        let phase = random.int(0...(period - 1))
        let width = random.int(1...2)
        let counts = (0..<count).map { i in
          (i + period - phase) % period < width ? min(agents, base + random.int(1...max(1, agents - base))) : base
        }
        deal.groups[g].profile = SignedInProfile(counts: counts)
        deal.groups[g].concurrency = .peak(counts.max() ?? 0)
      }
      let problem = PlanningProblem(deal: deal, catalog: catalog)
      let tables = FormulationTables(problem)
      let problems = Self.optimumAndConcurrentSingles(problem, catalog, tables)
      for (index, problem) in problems.enumerated() where tables.everyGroupCanBeServed(problem) {
        let what = "spiky seed \(seed), \(index == 0 ? "optimum" : "single plan \(index)")"
        if try Self.compareLazyGraceRows(problem, tables: tables, optimizer: optimizer, what).rowsAdded {
          rounds += 1
        }
        compared += 1
      }
    }
    #expect(compared >= 800, "\(compared) models compared")
    #expect(rounds >= 200, "\(rounds) models needed rows added")  // 953 and 236 when written
  }

  /// Identical groups sharing counts (`assign[group=G,copies=K,…]`) against the same deal with a
  /// binary per group: the same status and optimum to the unit; and the plan read from the shared
  /// counts (handed out to the groups in deal order), priced by the independent reference for its
  /// own assignment, costs that optimum. On deals whose groups are copied one to four times (the
  /// same options, headcount and profile), with every billing rule of the cross-check.
  @Test func mergedIdenticalGroupsKeepTheOptimum() throws {
    let zoom = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    let solver = GLPKSolver()
    var compared = 0
    var merged = 0
    var split = 0
    for seed in UInt64(1)...120 {
      var (deal, catalog) = ProfileCrossCheckTests.profileDeal(zoom, seed: seed)
      guard !deal.groups.isEmpty else { continue }
      var random = SplitMix64(seed: seed &+ 99)
      let copies = random.int(1...4)
      for copy in 0..<copies {
        var group = deal.groups[random.int(0...(deal.groups.count - 1))]
        group.name += " copy \(copy + 1)"
        deal.groups.insert(group, at: random.int(0...deal.groups.count))
      }
      let problem = PlanningProblem(deal: deal, catalog: catalog)
      let tables = FormulationTables(problem)
      guard tables.everyGroupCanBeServed(problem) else { continue }
      let shared = Formulation(problem, tables: tables, keepsNames: true)
      let own = Formulation(problem, tables: tables, keepsNames: true, mergesIdenticalGroups: false)
      let a = try solver.solve(shared.model, options: SolveOptions())
      let b = try solver.solve(own.model, options: SolveOptions())
      #expect(a.status == b.status, "seed \(seed): \(a.status) against \(b.status)")
      compared += 1
      guard let x = a.objective, let y = b.objective, a.status == .optimal else {
        #expect(a.objective == nil && b.objective == nil, "seed \(seed)")
        continue
      }
      #expect(abs(x - y) < Money.double(units: 1) / 2, "seed \(seed): \(x) against \(y)")
      guard deal.groups.indices.contains(where: { shared.copies(of: $0) > 1 }) else { continue }
      merged += 1
      // The optimizer's own path, lazy rows included, as one program and as one per account model.
      var perModel = Optimizer(solver: solver)
      perModel.perAccountModelFrom = 1
      for optimizer in [Optimizer(solver: solver), perModel] {
        let (outcome, _) = try optimizer.solve(problem)
        let total = outcome.plan?.concurrency.map { Double($0.gridTotalUnits) * Money.double(units: 1) }
        #expect(
          total.map { abs($0 - y) < Money.double(units: 1) / 2 } == true && outcome.plan?.status == .optimal,
          "seed \(seed): the optimizer \(total as Any) against \(y)")
      }
      let plan = try PlanReader.plan(shared, a, status: .optimal)
      let reference = ProfileReference(deal: deal, catalog: catalog)
      let picked = plan.assignments.enumerated().compactMap { g, assignment in
        reference.base.choices[g].first { $0.tier == assignment.tier && $0.model == assignment.model }
      }
      #expect(picked.count == deal.groups.count, "seed \(seed): a group on an option the rules do not allow")
      #expect(
        reference.cheapest(picked) == plan.concurrency.map { Int($0.gridTotalUnits / 100) },
        "seed \(seed): the plan's own assignment costs \(reference.cheapest(picked) as Any) cents by the reference")
      // Copies of one group on different options: the counts were handed out, not all to one.
      for first in deal.groups.indices where shared.copies(of: first) > 1 {
        let options = Set(
          deal.groups.indices.filter { shared.mergedInto($0) == first }.map {
            "\(plan.assignments[$0].tier)-\(plan.assignments[$0].model)"
          })
        if options.count > 1 { split += 1 }
      }
    }
    #expect(compared >= 100, "\(compared) deals compared")
    #expect(merged >= 95, "\(merged) deals with merged groups")
    #expect(split >= 5, "\(split) merged groups split across options")
  }
}
