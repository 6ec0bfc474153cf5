import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// The headroom search as it was before it skipped sizes: every extra agent and every extra peak
/// solved in order until today's mix is beaten. Kept here as the reference the exact search must
/// agree with.
enum StepByStepHeadroom {
  static func headroom(_ deal: Deal, mix: Mix, prober: Prober) throws(SeatMixError) -> [Headroom] {
    let settings = prober.settings
    let searches = try ParallelSolves.map(deal.groups.count * 2, jobs: settings.jobs) {
      index throws(SeatMixError) -> (Int, Int?, MixChange?) in
      let g = index / 2
      let group = deal.groups[g]
      if index % 2 == 0 {
        let limit = max(group.agents * settings.agentSearchFactor, settings.minimumAgentSearch)
        let found = try firstChange(limit: limit) { extra throws(SeatMixError) in
          try prober.beaten(ReportBuilder.grown(deal, group: g, extraAgents: extra), base: mix)
        }
        return (limit, found?.offset, found?.change)
      } else {
        let limit = group.agents - group.peakConcurrent
        let found = try firstChange(limit: limit) { extra throws(SeatMixError) in
          var busier = deal
          busier.groups[g].concurrency = .peak(group.peakConcurrent + extra)
          return try prober.beaten(busier, base: mix)
        }
        return (limit, found?.offset, found?.change)
      }
    }
    return deal.groups.enumerated().map { g, group in
      let agents = searches[2 * g]
      let peak = searches[2 * g + 1]
      return Headroom(
        group: group.name, agents: group.agents, peak: group.peakConcurrent, agentLimit: agents.0,
        moreAgents: agents.1, agentChange: agents.2, peakLimit: peak.0, morePeak: peak.1, peakChange: peak.2)
    }
  }

  static func firstChange(
    limit: Int, probe: (Int) throws(SeatMixError) -> (beaten: Bool, plan: Plan?)
  ) throws(SeatMixError) -> (offset: Int, change: MixChange)? {
    guard limit > 0 else { return nil }
    for offset in 1...limit {
      let result = try probe(offset)
      if result.beaten { return (offset, MixChange(mix: Mix(result.plan), monthly: result.plan?.monthlyTotal)) }
    }
    return nil
  }
}

@Suite struct HeadroomSearchTests {
  /// Both searches on one deal: (exact, step by step, exact's solves, step-by-step's solves).
  static func both(_ deal: Deal, _ catalog: Catalog) throws -> (
    exact: [Headroom], reference: [Headroom], solves: Int, referenceSolves: Int
  )? {
    var settings = ReportSettings(solver: GLPKSolver())
    settings.jobs = 1
    // A shorter agent range than reports use keeps the step-by-step reference quick; the search
    // does not depend on it.
    settings.minimumAgentSearch = 30
    let analysis = try Optimizer(solver: settings.solver, options: settings.solve).analyze(deal, catalog: catalog)
    guard let plan = analysis.plan else { return nil }
    let fast = Prober(catalog: catalog, settings: settings)
    let exact = try ReportBuilder.headroom(deal, mix: Mix(plan), prober: fast)
    let slow = Prober(catalog: catalog, settings: settings)
    let reference = try StepByStepHeadroom.headroom(deal, mix: Mix(plan), prober: slow)
    return (exact, reference, fast.counter.totals.solves, slow.counter.totals.solves)
  }

  static func differences(_ exact: [Headroom], _ reference: [Headroom]) -> [String] {
    var found: [String] = []
    for (new, old) in zip(exact, reference) {
      func same(_ a: MixChange?, _ b: MixChange?) -> Bool { a?.mix == b?.mix && a?.monthly == b?.monthly }
      if new.agentLimit != old.agentLimit || new.moreAgents != old.moreAgents || !same(new.agentChange, old.agentChange)
      {
        found.append(
          "\(new.group): more agents \(new.moreAgents.map(String.init) ?? "none") up to \(new.agentLimit), step by step \(old.moreAgents.map(String.init) ?? "none")"
        )
      }
      if new.peakLimit != old.peakLimit || new.morePeak != old.morePeak || !same(new.peakChange, old.peakChange) {
        found.append(
          "\(new.group): more peak \(new.morePeak.map(String.init) ?? "none"), step by step \(old.morePeak.map(String.init) ?? "none")"
        )
      }
    }
    if exact.count != reference.count { found.append("\(exact.count) groups, step by step \(reference.count)") }
    return found
  }

  /// Random small deals (the cross-check's generator, with some groups larger and half without
  /// storage so the ranges reach past the settled bounds): the same first change, agent for agent.
  @Test func agreesWithTheStepByStepSearchOnRandomDeals() throws {
    let zoom = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    var solves = 0
    var referenceSolves = 0
    var changes = 0
    var failed = 0
    for seed in UInt64(1)...250 {
      var random = SplitMix64(seed: seed &+ 7_000)
      let (catalog, regime) = RandomDeals.catalog(from: zoom, &random)
      var deal = RandomDeals.deal(catalog, regime, &random)
      if random.chance(50) { deal.storageGB = 0 }
      for g in deal.groups.indices where random.chance(30) {
        let agents = random.int(1...40)
        deal.groups[g].agents = agents
        deal.groups[g].concurrency = .peak(random.int(0...agents))
      }
      guard let result = try Self.both(deal, catalog) else { continue }
      // The solve budget must not bind on these deals: every answer stays exact.
      let stoppedAtBudget = result.exact.filter { $0.searchStopped }.map(\.group)
      #expect(stoppedAtBudget.isEmpty, "seed \(seed): \(stoppedAtBudget) stopped at the solve budget")
      solves += result.solves
      referenceSolves += result.referenceSolves
      changes += result.reference.filter { $0.moreAgents != nil || $0.morePeak != nil }.count
      let differences = Self.differences(result.exact, result.reference)
      #expect(
        differences.isEmpty,
        "\(differences.joined(separator: "\n"))\n\(RandomDeals.describe(seed: seed, deal: deal, catalog: catalog))")
      if !differences.isEmpty {
        failed += 1
        if failed == 5 { break }
      }
    }
    // The deals must exercise both answers, and the shortcut must have skipped most sizes.
    #expect(changes >= 50, "only \(changes) groups whose mix changes")
    #expect(solves * 2 < referenceSolves, "\(solves) solves against \(referenceSolves) step by step")
  }

  /// One large group: the step-by-step search would solve 200,000 sizes; the exact one solves a
  /// handful and finds the same answer as stepping near it.
  @Test func aLargeGroupTakesFewSolves() throws {
    let loaded = try DealLoader.load(file: repositoryFile("Examples/mixed-center.yaml"))
    var deal = loaded.deal
    deal.groups[0].agents = 100_000
    deal.groups[0].concurrency = .peak(37_500)
    var settings = ReportSettings(solver: GLPKSolver())
    settings.jobs = 1
    let analysis = try Optimizer(solver: settings.solver, options: settings.solve).analyze(
      deal, catalog: loaded.catalog)
    let plan = try #require(analysis.plan)
    let prober = Prober(catalog: loaded.catalog, settings: settings)
    let headroom = try ReportBuilder.headroom(deal, mix: Mix(plan), prober: prober)
    #expect(prober.counter.totals.solves < 2_000, "\(prober.counter.totals.solves) solves")
    // Each answer is an edge: held one size before, beaten at it (or held at the limit).
    let mix = Mix(plan)
    for (g, row) in headroom.enumerated() {
      if let more = row.moreAgents {
        #expect(!(try prober.beaten(ReportBuilder.grown(deal, group: g, extraAgents: more - 1), base: mix).beaten))
        #expect(try prober.beaten(ReportBuilder.grown(deal, group: g, extraAgents: more), base: mix).beaten)
      } else {
        #expect(
          !(try prober.beaten(ReportBuilder.grown(deal, group: g, extraAgents: row.agentLimit), base: mix).beaten))
      }
      var busier = deal
      if let more = row.morePeak {
        busier.groups[g].concurrency = .peak(deal.groups[g].peakConcurrent + more - 1)
        #expect(!(try prober.beaten(busier, base: mix).beaten))
        busier.groups[g].concurrency = .peak(deal.groups[g].peakConcurrent + more)
        #expect(try prober.beaten(busier, base: mix).beaten)
      }
    }
  }

  static func ids(_ names: String...) -> [FeatureID] { names.map { FeatureID($0) } }

  /// A pool shared with another group whose seats can cover WFM users is not settled until the
  /// group's own WFM users beyond its seats outnumber those spare seats.
  @Test func aSharedEliteConcurrentPoolIsSettledOnlyPastTheOtherGroupsSpareSeats() throws {
    let catalog = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    let deal = Deal(
      name: "shared", catalog: catalog.id, licensing: .concurrent,
      groups: [
        AgentGroup(name: "Big", agents: 1_000, peakConcurrent: 500, features: Self.ids("voice", "wfm")),
        // Email rules Essentials out; on Elite concurrent its 300 seats could cover WFM users.
        AgentGroup(
          name: "Other", agents: 300, peakConcurrent: 300,
          features: Self.ids("voice", "email", "qm", "ai-expert-assist")),
      ])
    let problem = PlanningProblem(deal: deal, catalog: catalog)
    let elite = try #require(problem.options[1].firstIndex { $0.tier == TierID("elite") && $0.model == .concurrent })
    #expect(!GrowthPath.dominated(problem, group: 1, option: elite))
    // Growing agents keeps A − P at 500 or more, above the 300 spare seats: settled.
    let agents = try #require(GrowthPath(problem, group: 0, direction: .agents))
    #expect(agents.settled(agents.corners(1, 1_000)))
    // Up to peak 700, A − P stays at 300 or more; at peak 800 it is 200, and whether the other
    // group's seats cover some of the group's users depends on how the other group is licensed.
    let peaks = try #require(GrowthPath(problem, group: 0, direction: .peak))
    #expect(peaks.settled(peaks.corners(1, 200)))
    #expect(!peaks.settled(peaks.corners(1, 300)))
  }

  /// Two other groups on the shared pool can add 0, −100, −300 or −400 to the group's WFM users
  /// minus seats (each on the pool or not), so the order changes only where its own part meets
  /// 400, 300, 100 or 0: between those points a range is settled although it lies within the
  /// others' 400 spare seats, and the longest settled range from a size ends at the next point.
  @Test func aRangeBetweenTheOtherGroupsSubsetsOfSpareSeatsIsSettled() throws {
    let catalog = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    let other = Self.ids("voice", "email", "qm", "ai-expert-assist")
    let deal = Deal(
      name: "shared", catalog: catalog.id, licensing: .concurrent,
      groups: [
        AgentGroup(name: "Big", agents: 1_000, peakConcurrent: 500, features: Self.ids("voice", "wfm")),
        AgentGroup(name: "Other", agents: 300, peakConcurrent: 300, features: other),
        AgentGroup(name: "Small", agents: 100, peakConcurrent: 100, features: other),
      ])
    let problem = PlanningProblem(deal: deal, catalog: catalog)
    for h in 1...2 {
      let elite = try #require(problem.options[h].firstIndex { $0.tier == TierID("elite") && $0.model == .concurrent })
      #expect(!GrowthPath.dominated(problem, group: h, option: elite))
    }
    // More peak x: the group's WFM users minus seats is 1,000 − (500 + x) = 500 − x.
    let peaks = try #require(GrowthPath(problem, group: 0, direction: .peak))
    #expect(peaks.settled(peaks.corners(101, 199)))
    #expect(peaks.settled(peaks.corners(201, 399)))
    #expect(!peaks.settled(peaks.corners(150, 250)))
    #expect(peaks.settledReach(from: 1, limit: 500) == 100)
    #expect(peaks.settledReach(from: 101, limit: 500) == 200)
    #expect(peaks.settledReach(from: 201, limit: 500) == 400)
  }

  /// A group that pays more on Elite concurrent than on Essentials concurrent, whatever its seats
  /// could cover, never shares the pool in a plan worth comparing.
  @Test func aVoiceGroupOnEliteConcurrentIsDominated() throws {
    let catalog = try CatalogLoader.load(file: repositoryFile("Catalogs/zoom-contact-center.yaml"))
    let deal = Deal(
      name: "voice", catalog: catalog.id, licensing: .concurrent,
      groups: [
        AgentGroup(name: "Supervisors", agents: 50, peakConcurrent: 40, features: Self.ids("voice", "wfm", "qm")),
        AgentGroup(name: "Voice", agents: 5_000, peakConcurrent: 2_000, features: Self.ids("voice")),
      ])
    let problem = PlanningProblem(deal: deal, catalog: catalog)
    let elite = try #require(problem.options[1].firstIndex { $0.tier == TierID("elite") && $0.model == .concurrent })
    let essentials = try #require(problem.options[1].firstIndex { $0.tier == TierID("essentials") })
    #expect(GrowthPath.dominated(problem, group: 1, option: elite))
    #expect(!GrowthPath.dominated(problem, group: 1, option: essentials))
    let path = try #require(GrowthPath(problem, group: 0, direction: .agents))
    #expect(path.settled(path.corners(1, 100)))
  }

  /// The budget stops a search before it could take one solve too many, and says up to where
  /// today's mix held: 10,000,000 sizes that all hold, probed two solves at a time.
  @Test func theSolveBudgetStopsASearchAndSaysHowFarItGot() throws {
    var probes = 0
    func probe(_ z: GrowthPath.Point) -> HeadroomSearch.Probe {
      probes += 1
      return .init(beaten: false, plan: nil, proven: true, solves: 2)
    }
    let point = { (x: Int) in GrowthPath.Point(agents: 10 + x, peak: 5) }
    let stopped = try HeadroomSearch.firstChange(nil, limit: 10_000_000, budget: 2_000, probe: probe, point: point)
    guard case .stopped(let holdsThrough) = stopped else {
      Issue.record("not stopped: \(stopped)")
      return
    }
    #expect(probes == 1_000)
    #expect(holdsThrough == 1_000)
    // Within the budget the same search is exact: the first beaten size, wherever it is.
    probes = 0
    let found = try HeadroomSearch.firstChange(
      nil, limit: 10_000_000, budget: 2_000,
      probe: { z in .init(beaten: z.agents >= 10 + 999, plan: nil, proven: true, solves: 2) }, point: point)
    guard case .changes(let offset, _) = found else {
      Issue.record("no change: \(found)")
      return
    }
    #expect(offset == 999)
  }

  /// A probe the solver fails on stops its search there, saying how far today's mix held and
  /// why, instead of ending the report.
  @Test func aSolverFailureStopsASearchAndSaysWhy() throws {
    var probes = 0
    func probe(_ z: GrowthPath.Point) throws(SeatMixError) -> HeadroomSearch.Probe {
      probes += 1
      if z.agents == 10 + 500 {
        throw .solver(.solutionRejected(solver: "GLPK", violations: ["r15 is violated by 3.0"]))
      }
      return .init(beaten: false, plan: nil, proven: true, solves: 2)
    }
    let point = { (x: Int) in GrowthPath.Point(agents: 10 + x, peak: 5) }
    let found = try HeadroomSearch.firstChange(nil, limit: 10_000, probe: probe, point: point)
    guard case .unsolved(let holdsThrough, let reason) = found else {
      Issue.record("not stopped at the failed probe: \(found)")
      return
    }
    #expect(holdsThrough == 499)
    #expect(probes == 500)
    #expect(reason.contains("r15 is violated by 3.0"))
  }

  /// The 10,000,000-agent deal with Supervisors grown by 211,167 agents (peak 527,908): GLPK's
  /// default integrality tolerance (1e-5) took the Supervisors' Elite option at 1 − 5.7e-6 as 1,
  /// so its plan's Elite pool was 3 seats short of the peaks (the report ended with "GLPK
  /// returned a solution that breaks the model: r15 is violated by 3.0"). Solved again with a
  /// tolerance the coefficients cannot magnify, it is a plan (the check passes), proven optimal.
  @Test func aPoolOfMillionsOfSeatsIsCoveredExactly() throws {
    let loaded = try DealLoader.load(file: repositoryFile("scripts/benchmark-report-deals/agents-10m.yaml"))
    let g = try #require(loaded.deal.groups.firstIndex { $0.name == "Supervisors" })
    let grown = ReportBuilder.grown(loaded.deal, group: g, extraAgents: 211_167)
    #expect(grown.groups[g].peakConcurrent == 527_908)
    let prober = Prober(catalog: loaded.catalog, settings: ReportSettings(solver: GLPKSolver()))
    // Before, this threw: SeatMix's own check of every answer rejected GLPK's plan.
    let plan = try #require(try prober.plan(grown))
    #expect(plan.status.isOptimal)
    #expect(plan.assignments.first { $0.group == "Supervisors" }?.peakConcurrent == 527_908)
    #expect(plan.monthlyUnits > 0)
  }

  /// The 10,000,000-agent benchmark deal: its shared Elite pool leaves stretches that grow with
  /// the groups, so without a budget its report never ends. With one it ends within the budget's
  /// solves per search, every format says which searches stopped there, and each of those holds
  /// where it says it does.
  @Test
  func aReportOnTenMillionAgentsEndsWithinTheSolveBudget() throws {
    let loaded = try DealLoader.load(file: repositoryFile("scripts/benchmark-report-deals/agents-10m.yaml"))
    var settings = ReportSettings(solver: GLPKSolver())
    // A small budget keeps the test quick; the bound is the same argument at any size.
    settings.headroomSolveBudget = 40
    let analysis = try Optimizer(solver: settings.solver, options: settings.solve).analyze(
      loaded.deal, catalog: loaded.catalog)
    let plan = try #require(analysis.plan)
    let prober = Prober(catalog: loaded.catalog, settings: settings)
    let headroom = try ReportBuilder.headroom(loaded.deal, mix: Mix(plan), prober: prober)
    let bound = loaded.deal.groups.count * 2 * settings.headroomSolveBudget
    #expect(prober.counter.totals.solves <= bound, "\(prober.counter.totals.solves) solves, bound \(bound)")
    let stopped = headroom.filter { $0.searchStopped }
    #expect(!stopped.isEmpty)
    let mix = Mix(plan)
    for row in stopped where row.agentSearchStopped {
      let g = try #require(loaded.deal.groups.firstIndex { $0.name == row.group })
      #expect(row.moreAgents == nil)
      #expect(
        !(try prober.beaten(ReportBuilder.grown(loaded.deal, group: g, extraAgents: row.agentLimit), base: mix).beaten))
    }

    let report = try ReportBuilder.build(loaded.deal, catalog: loaded.catalog, settings: settings)
    let words = "beyond not searched within the report's solve budget"
    let method = "stops before more than 40 solves"
    let markdown = ReportMarkdown.render(report)
    #expect(markdown.contains(words))
    #expect(markdown.contains(method))
    let html = ReportHTML.render(report)
    #expect(html.contains(words.replacingOccurrences(of: "'", with: "&#39;")) || html.contains(words))
    #expect(html.contains(method))
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(ReportJSON.render(report).utf8)) as? [String: Any])
    let rows = try #require((json["report"] as? [String: Any])?["headroom"] as? [[String: Any]])
    let flagged = rows.filter {
      $0["agents_search_stopped_at_solve_budget"] as? Bool == true
        || $0["peak_search_stopped_at_solve_budget"] as? Bool == true
    }
    let stoppedInReport = report.headroom.filter { $0.searchStopped }.count
    #expect(flagged.count == stoppedInReport)
    #expect(flagged.count > 0)
  }
}
