import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// The example deals and their reports, built once for every test that reads them.
enum Examples {
  /// `Examples/*.yaml`, then `Examples/concurrency/*.yaml` (deals with profiles over time), sorted:
  /// the deals with committed reports in `Reports/`.
  static let deals: [String] = ["Examples", "Examples/concurrency"].flatMap { folder in
    let names = (try? FileManager.default.contentsOfDirectory(atPath: repositoryFile(folder))) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
  }

  static let reports: [String: Result<DealReport, SeatMixError>] = {
    var reports: [String: Result<DealReport, SeatMixError>] = [:]
    for deal in deals {
      reports[deal] = Result { () throws(SeatMixError) -> DealReport in
        let loaded = try DealLoader.load(file: repositoryFile(deal))
        return try ReportBuilder.build(
          loaded.deal, catalog: loaded.catalog, settings: ReportSettings(solver: GLPKSolver()))
      }
    }
    return reports
  }()

  static func report(_ deal: String) throws -> DealReport {
    try #require(reports[deal]).get()
  }

  static func sweep(_ deal: String) throws -> SweepResult {
    let loaded = try DealLoader.load(file: repositoryFile(deal))
    return try SweepRunner.run(loaded.deal, catalog: loaded.catalog, settings: SweepSettings(solver: GLPKSolver()))
  }
}

/// `Reports/<deal>/` holds what the code produces, byte for byte: the CI check on the committed
/// samples, and the golden files of the Markdown, CSV, JSON and HTML renderers.
@Suite struct ReportGoldenTests {
  @Test func thereAreExampleDeals() {
    #expect(Examples.deals.count >= 2, "found \(Examples.deals)")
  }

  @Test(arguments: Examples.deals)
  func committedSamplesMatchTheCode(deal: String) throws {
    let report = try Examples.report(deal)
    let files = ReportFiles.render(report) + SweepFiles.render(try Examples.sweep(deal))
    #expect(files.map(\.name) == ReportFiles.names + ["sweep.csv", "sweep.html"])
    for file in files {
      let path = "Reports/\(report.slug)/\(file.name)"
      let committed = try? String(contentsOfFile: repositoryFile(path), encoding: .utf8)
      guard let committed else {
        Issue.record("\(path) is missing; run scripts/regenerate-reports and commit Reports/")
        continue
      }
      if committed != file.contents {
        Issue.record(
          "\(path) differs from what the code now produces (\(Self.firstDifference(committed, file.contents))); run scripts/regenerate-reports and commit Reports/"
        )
      }
    }
  }

  static func firstDifference(_ old: String, _ new: String) -> String {
    let oldLines = old.components(separatedBy: "\n")
    let newLines = new.components(separatedBy: "\n")
    for index in 0..<max(oldLines.count, newLines.count) {
      let a = index < oldLines.count ? oldLines[index] : "<end of file>"
      let b = index < newLines.count ? newLines[index] : "<end of file>"
      if a != b {
        // Around the first character that differs.
        let column = zip(a, b).prefix { $0 == $1 }.count
        func excerpt(_ line: String) -> String { String(line.dropFirst(max(0, column - 40)).prefix(120)) }
        return "line \(index + 1), column \(column + 1): committed '\(excerpt(a))', now '\(excerpt(b))'"
      }
    }
    return "same lines, different bytes"
  }

  @Test func renderingTwiceGivesTheSameBytesWhateverTheThreadCount() throws {
    let loaded = try DealLoader.load(file: repositoryFile("Examples/mixed-center.yaml"))
    var one = ReportSettings(solver: GLPKSolver())
    one.jobs = 1
    var three = ReportSettings(solver: GLPKSolver())
    three.jobs = 3
    let serial = ReportFiles.render(try ReportBuilder.build(loaded.deal, catalog: loaded.catalog, settings: one))
    let parallel = ReportFiles.render(try ReportBuilder.build(loaded.deal, catalog: loaded.catalog, settings: three))
    #expect(serial.map(\.contents) == parallel.map(\.contents))
  }
}

/// Headroom, break-even, sensitivity and comparison say what the real optimizer does: each claim is
/// re-solved here at and next to the edge it reports.
@Suite struct ReportHonestyTests {
  let optimizer = Optimizer(solver: GLPKSolver())

  func solve(_ deal: Deal, _ catalog: Catalog) throws -> Plan? {
    let (outcome, _) = try optimizer.solve(PlanningProblem(deal: deal, catalog: catalog))
    if case .planned(let plan) = outcome { return plan }
    return nil
  }

  /// Today's mix at `deal`'s sizes and prices: every group held to its tier, the deal to the one
  /// licensing model (the examples' mixes use one model, as their catalog requires).
  func todaysCost(_ deal: Deal, _ base: Mix, _ catalog: Catalog) throws -> Decimal? {
    var held = deal
    let models = Set(base.choices.map(\.model))
    try #require(models.count == 1)
    held.licensing = models.first == .named ? .named : .concurrent
    for choice in base.choices {
      let g = try #require(held.groups.firstIndex { $0.name == choice.group })
      held.groups[g].tier = choice.tier
    }
    let plan = try solve(held, catalog)
    if let plan { #expect(Mix(plan) == base, "holding tiers and the model must give today's mix") }
    return plan?.monthlyTotal
  }

  /// Today's mix is optimal at `deal`: the optimum is today's mix or costs the same.
  func holds(_ deal: Deal, _ base: Mix, _ catalog: Catalog) throws -> Bool {
    guard let optimum = try solve(deal, catalog) else { return false }
    if Mix(optimum) == base { return true }
    return try optimum.monthlyTotal == todaysCost(deal, base, catalog)
  }

  /// Another mix, `expected`, costs strictly less than today's at `deal`.
  func beaten(_ deal: Deal, _ base: Mix, _ catalog: Catalog, by expected: MixChange?) throws -> Bool {
    let optimum = try #require(try solve(deal, catalog))
    let change = try #require(expected)
    #expect(Mix(optimum) == change.mix && optimum.monthlyTotal == change.monthly)
    return try optimum.monthlyTotal < #require(try todaysCost(deal, base, catalog))
  }

  @Test(arguments: Examples.deals)
  func headroomIsTheFirstAgentAndPeakAtWhichAnotherMixCostsLess(deal: String) throws {
    let report = try Examples.report(deal)
    let base = report.mix
    let catalog = report.catalog
    #expect(base.hasPlan)
    for (g, headroom) in report.headroom.enumerated() {
      let group = report.deal.groups[g]
      if let more = headroom.moreAgents {
        let before = ReportBuilder.grown(report.deal, group: g, extraAgents: more - 1)
        let at = ReportBuilder.grown(report.deal, group: g, extraAgents: more)
        #expect(try holds(before, base, catalog), "\(headroom.group): +\(more - 1) agents")
        #expect(try beaten(at, base, catalog, by: headroom.agentChange), "\(headroom.group): +\(more) agents")
      } else {
        let limit = ReportBuilder.grown(report.deal, group: g, extraAgents: headroom.agentLimit)
        #expect(try holds(limit, base, catalog), "\(headroom.group): +\(headroom.agentLimit) agents")
      }
      // A peak as the report sizes it: a group with a profile keeps its shape (WhatIf).
      var busier = report.deal
      if let more = headroom.morePeak {
        busier.groups[g] = WhatIf.sized(group, agents: group.agents, peak: group.peakConcurrent + more - 1)
        #expect(try holds(busier, base, catalog), "\(headroom.group): peak +\(more - 1)")
        busier.groups[g] = WhatIf.sized(group, agents: group.agents, peak: group.peakConcurrent + more)
        #expect(try beaten(busier, base, catalog, by: headroom.peakChange), "\(headroom.group): peak +\(more)")
      } else {
        #expect(headroom.peakLimit == group.agents - group.peakConcurrent)
        busier.groups[g] = WhatIf.sized(group, agents: group.agents, peak: group.agents)
        #expect(try holds(busier, base, catalog), "\(headroom.group): every agent at once")
      }
    }
  }

  @Test func mixedCenterHasAHeadroomThatChangesTheMix() throws {
    // The example is meant to show a real change, so the test above exercises the bisection edge.
    let report = try Examples.report("Examples/mixed-center.yaml")
    let tier1 = try #require(report.headroom.first { $0.group == "Tier 1 voice" })
    #expect(tier1.morePeak == 27)
    #expect(tier1.peakChange?.mix.choices.map(\.model) == [.named, .named, .named])
  }

  @Test(arguments: Examples.deals)
  func sensitivityRangesEndExactlyWhereAnotherMixCostsLess(deal: String) throws {
    let report = try Examples.report(deal)
    let base = report.mix
    let catalog = report.catalog
    func priced(_ sku: SKU, _ amount: Decimal) -> Deal {
      var moved = report.deal
      moved.pricing.unitPrices[sku.id] = amount
      return moved
    }
    for row in report.sensitivity {
      #expect(row.low <= row.price.amount && row.price.amount <= row.high, "\(row.sku)")
      #expect(try holds(priced(row.sku, row.low), base, catalog), "\(row.sku) at \(row.low)")
      #expect(try holds(priced(row.sku, row.high), base, catalog), "\(row.sku) at \(row.high)")
      if row.belowChange != nil {
        #expect(try beaten(priced(row.sku, row.low - 0.01), base, catalog, by: row.belowChange), "\(row.sku) below")
      } else {
        #expect(row.low == 0)
      }
      if row.aboveChange != nil {
        #expect(try beaten(priced(row.sku, row.high + 0.01), base, catalog, by: row.aboveChange), "\(row.sku) above")
      } else {
        #expect(row.high == row.searchedUpTo)
      }
    }
  }

  @Test func sensitivityCoversEstimatedPricesTheChoiceWeighsAndNothingElse() throws {
    let report = try Examples.report("Examples/mixed-center.yaml")
    #expect(
      report.sensitivity.map(\.sku.id) == [
        "essentials-concurrent", "premium-concurrent", "elite-concurrent", "wfm", "qm", "ai-expert-assist",
        "cloud-storage",
      ])
    // Published named prices are not estimates; account items never change the choice.
    #expect(report.fixedItems.map(\.sku.id) == ["virtual-agent", "toll-free-number", "global-number"])
  }

  @Test func aNegotiatedPriceIsAnOverrideTheReportTests() throws {
    let loaded = try DealLoader.load(file: repositoryFile("Examples/mixed-center.yaml"))
    var deal = loaded.deal
    deal.pricing.unitPrices["premium-named"] = 60
    let report = try ReportBuilder.build(deal, catalog: loaded.catalog, settings: ReportSettings(solver: GLPKSolver()))
    let row = try #require(report.sensitivity.first { $0.sku.id == "premium-named" })
    #expect(row.basis == "negotiated unit price")
    #expect(row.price.amount == 60)
    #expect(ReportMarkdown.render(report).contains("premium-named at $60.00 per unit per month (negotiated)"))
  }

  @Test(arguments: Examples.deals)
  func breakEvenIsTheFirstPercentWhereConcurrentStopsPaying(deal: String) throws {
    let report = try Examples.report(deal)
    let breakEven = try #require(report.breakEven)
    let prober = Prober(catalog: report.catalog, settings: ReportSettings(solver: GLPKSolver()))
    guard case .crossover(let ratio) = breakEven.verdict else {
      // Without a crossover, one model is cheaper at every ratio solved, as the verdict says.
      switch breakEven.verdict {
      case .concurrentAlwaysCheaper:
        #expect(
          breakEven.points.allSatisfy { point in
            guard let concurrent = point.concurrent, let named = point.named else { return false }
            return concurrent < named
          }, "\(deal)")
      case .namedAlwaysCheaper:
        let first = try #require(breakEven.points.first)
        #expect(try #require(first.named) <= #require(first.concurrent), "\(deal)")
      default:
        Issue.record("expected a verdict for \(deal), got \(breakEven.verdict)")
      }
      return
    }
    let at = try ReportBuilder.point(report.deal, ratio: ratio, prober: prober, withOptimum: false)
    let before = try ReportBuilder.point(report.deal, ratio: ratio - 1, prober: prober, withOptimum: false)
    #expect(try #require(at.concurrent) >= #require(at.named))
    #expect(try #require(before.concurrent) < #require(before.named))
    // The optimum never costs more than either curve.
    for point in breakEven.points {
      let optimum = try #require(point.optimum)
      if report.deal.licensing == .any {
        #expect(optimum <= (point.named ?? optimum) && optimum <= (point.concurrent ?? optimum))
      }
    }
  }

  @Test func breakEvenOfTheSeedIsWhere25SeatsAndTopUpsMeet100NamedSeats() throws {
    // Elite named: 100 × $149 = $14,900. Elite concurrent at r%: seats s = r agents, s × $225 plus
    // (100 − s) × ($25 + $20) of WFM and QM top-ups = 4,500 + 180 s, which reaches 14,900 at s = 57.8.
    let report = try Examples.report("Examples/seed-100-agents.yaml")
    #expect(report.breakEven?.verdict == .crossover(58))
    #expect(report.breakEven?.currentRatioPercent == 25)
  }

  @Test(arguments: Examples.deals)
  func comparisonAgreesWithTheOptimizersSinglePlans(deal: String) throws {
    let report = try Examples.report(deal)
    let optimum = try #require(report.plan).monthlyTotal
    for single in report.analysis.singlePlans {
      let row = try #require(
        report.comparison.first { $0.isDealTerm && $0.kind == .single(single.tier, single.model) })
      #expect(row.monthly == single.plan?.monthlyTotal, "\(single.tier)-\(single.model)")
      #expect(!row.outsideDealLicensing)
    }
    for row in report.comparison where row.isDealTerm && !row.outsideDealLicensing {
      if let monthly = row.monthly { #expect(monthly >= optimum, "\(row.id) beats the optimum") }
    }
    let dealOptimum = try #require(report.comparison.first { $0.isDealTerm && $0.kind == .optimum })
    #expect(dealOptimum.monthly == optimum)
    #expect(report.comparison.count == report.catalog.terms.count * 7)
  }

  @Test func theSeedComparesWithEliteNamedThoughItsLicensingIsConcurrent() throws {
    let report = try Examples.report("Examples/seed-100-agents.yaml")
    let baseline = try #require(report.topTierNamed)
    #expect(baseline.outsideDealLicensing)
    #expect(baseline.monthly == 14_900)
    #expect(report.savingsAgainstTopTierNamed == 5900)
  }

  @Test func anInfeasibleDealStillRendersEveryFormat() throws {
    let catalog = try CatalogLibrary.standard(for: nil).catalog("zoom-contact-center")
    let deal = Deal(
      name: "Email on Essentials", catalog: catalog.id,
      groups: [AgentGroup(name: "Mail", agents: 5, features: [FeatureID("email")], tier: TierID("essentials"))])
    let report = try ReportBuilder.build(deal, catalog: catalog, settings: ReportSettings(solver: GLPKSolver()))
    #expect(report.plan == nil)
    #expect(report.headroom.isEmpty && report.sensitivity.isEmpty && report.breakEven == nil)
    let files = ReportFiles.render(report)
    #expect(files.first { $0.name == "report.md" }?.contents.contains("No plan meets the deal") == true)
    #expect(files.first { $0.name == "plan.csv" }?.contents == BatchOutput.csvLine(ReportCSV.header))
    #expect(files.first { $0.name == "report.html" }?.contents.contains("No plan meets the deal.") == true)
  }
}

/// What the files look like to programs: sorted JSON, regular CSV, a self-contained page.
@Suite struct ReportFormatTests {
  @Test(arguments: Examples.deals)
  func jsonKeysAreSortedAtEveryLevelAndExtendOptimizesJSON(deal: String) throws {
    let report = try Examples.report(deal)
    let json = ReportJSON.render(report)
    // Pretty-printed: a key's indentation says which object it is in.
    var keysByDepth: [Int: [String]] = [:]
    for line in json.split(separator: "\n") {
      let indent = line.prefix { $0 == " " }.count
      for depth in keysByDepth.keys where depth > indent { keysByDepth[depth] = nil }
      let trimmed = line.drop { $0 == " " }
      if trimmed.hasPrefix("{") || trimmed.hasPrefix("}") { keysByDepth[indent + 2] = nil }
      guard trimmed.hasPrefix("\""), let end = trimmed.dropFirst().firstIndex(of: "\""),
        trimmed[end...].hasPrefix("\" :")
      else { continue }
      let key = String(trimmed[trimmed.index(after: trimmed.startIndex)..<end])
      if let previous = keysByDepth[indent]?.last { #expect(previous < key, "'\(previous)' before '\(key)'") }
      keysByDepth[indent, default: []].append(key)
    }
    let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let optimize = try #require(
      try JSONSerialization.jsonObject(with: Data(PlanJSON.render(report.analysis).utf8)) as? [String: Any])
    func canonical(_ value: Any?) throws -> Data? {
      try value.map { try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .fragmentsAllowed]) }
    }
    for (key, value) in optimize {
      #expect(try canonical(document[key]) == canonical(value), "plan.json's '\(key)' differs from optimize's")
    }
    #expect(Set(optimize.keys).isSubset(of: Set(document.keys)))
    let sections = try #require(document["report"] as? [String: Any])
    for key in ["comparison", "break_even", "headroom", "sensitivity", "top_tier_named", "search"] {
      #expect(sections[key] != nil, "report.\(key) missing")
    }
  }

  @Test(arguments: Examples.deals)
  func csvRowsHaveEveryColumnAndAddUpToTheTotal(deal: String) throws {
    let report = try Examples.report(deal)
    let plan = try #require(report.plan)
    let rows = try csvRows(ReportCSV.render(report))
    #expect(rows.first == ReportCSV.header)
    // Overage over time is one more row, its average per month (to the cent).
    let overage = (plan.concurrency?.overageUnits ?? 0) > 0
    #expect(rows.count == plan.lineItems.count + 1 + (overage ? 1 : 0))
    var total = Decimal(0)
    for row in rows.dropFirst() {
      #expect(row.count == ReportCSV.header.count)
      total += try #require(Decimal(string: row[7]))
    }
    #expect(total == (overage ? Money.roundedToCents(plan.monthlyTotal) : plan.monthlyTotal))
  }

  @Test(arguments: Examples.deals)
  func htmlIsOneSelfContainedPageWithEverySectionAndItsCharts(deal: String) throws {
    let report = try Examples.report(deal)
    let html = ReportHTML.render(report)
    for external in ["<script", "src=", "<link", "url(", "@import", "<iframe", "<img"] {
      #expect(!html.contains(external), "the page loads something: \(external)")
    }
    let pools = report.plan?.concurrency.map { [$0.pools.count] } ?? []
    for id in ["summary", "line-items"] + (pools.isEmpty ? [] : ["pools"]) + [
      "comparison", "break-even", "headroom", "sensitivity", "assumptions",
    ] {
      #expect(html.contains("<section id=\"\(id)\">"), "section \(id) missing")
    }
    let charts = html.components(separatedBy: "<svg ").count - 1
    #expect(charts == 3 + (pools.first ?? 0), "comparison, break-even and sensitivity charts, and one per pool")
    #expect(html.contains("@media print"))
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
  }

  @Test func markdownHasTheSevenSectionsInOrder() throws {
    let markdown = ReportMarkdown.render(try Examples.report("Examples/mixed-center.yaml"))
    let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
    #expect(
      headings == [
        "## 1. Summary", "## 2. Line items", "## 3. Plan comparison", "## 4. Named vs concurrent break-even",
        "## 5. Headroom", "## 6. Price sensitivity", "## 7. Assumptions",
      ])
    #expect(!markdown.contains("\n\n\n"))
  }

  @Test(arguments: [
    ("Mixed contact center", "mixed-contact-center"),
    ("Seed example, 100 agents on Elite concurrent", "seed-example-100-agents-on-elite-concurrent"),
    ("  Ünïcode & spaces!! ", "n-code-spaces"),
    ("***", "deal"),
  ])
  func slugs(name: String, slug: String) {
    #expect(DealReport.slug(name) == slug)
  }
}

@Suite struct SweepTests {
  @Test func axisValuesIncludeBothEndsAndAreWholePercents() {
    #expect(SweepSettings.values(50...200, steps: 7) == [50, 75, 100, 125, 150, 175, 200])
    #expect(SweepSettings.values(20...100, steps: 9) == [20, 30, 40, 50, 60, 70, 80, 90, 100])
    #expect(SweepSettings.values(20...100, steps: 1) == [20])
    #expect(SweepSettings.values(1...3, steps: 10) == [1, 2, 3])
  }

  @Test func aCellAtTodaysSizeAndFullConcurrencyIsTheBreakEvenOptimumAt100Percent() throws {
    let deal = "Examples/mixed-center.yaml"
    let sweep = try Examples.sweep(deal)
    let report = try Examples.report(deal)
    let row = try #require(sweep.agentValues.firstIndex(of: 100))
    let column = try #require(sweep.concurrencyValues.firstIndex(of: 100))
    let cell = sweep.cells[row][column]
    #expect(cell.agents == 172 && cell.peak == 172)
    #expect(cell.plan?.monthlyTotal == report.breakEven?.points.last?.optimum)
    #expect(sweep.cells.count == 7 && sweep.cells.allSatisfy { $0.count == 9 })
  }

  @Test func sweepCSVHasOneRowPerCell() throws {
    let sweep = try Examples.sweep("Examples/seed-100-agents.yaml")
    let rows = try csvRows(SweepFiles.csv(sweep))
    #expect(rows.count == 1 + 7 * 9)
    #expect(rows.dropFirst().allSatisfy { $0.count == rows[0].count && $0[4] == "optimal" })
  }
}

/// Every record of CSV text, read by the batch's own CSV reader.
func csvRows(_ text: String) throws -> [[String]] {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-\(UUID().uuidString).csv")
  try text.write(to: url, atomically: true, encoding: .utf8)
  defer { try? FileManager.default.removeItem(at: url) }
  let reader = try CSVReader(file: url.path)
  var rows: [[String]] = []
  while let record = try reader.next() { rows.append(record.fields) }
  return rows
}

@Suite struct MixTests {
  let catalog = try! CatalogLibrary.standard(for: nil).catalog("zoom-contact-center")

  @Test func aGroupWithoutAgentsIsNotPartOfTheMix() throws {
    let deal = Deal(
      name: "Empty group", catalog: catalog.id, licensing: .named,
      groups: [
        AgentGroup(name: "Nobody", agents: 0, features: [FeatureID("voice")]),
        AgentGroup(name: "Mail", agents: 10, features: [FeatureID("email")]),
      ])
    let (outcome, _) = try Optimizer(solver: GLPKSolver()).solve(PlanningProblem(deal: deal, catalog: catalog))
    guard case .planned(let plan) = outcome else {
      Issue.record("no plan: \(outcome)")
      return
    }
    let mix = Mix(plan)
    #expect(mix.choices.map(\.group) == ["Mail"])
    #expect(mix.label(catalog) == "Premium named")
    var grown = deal
    grown.groups[0].agents = 1
    grown.groups[0].concurrency = .peak(1)
    let (next, _) = try Optimizer(solver: GLPKSolver()).solve(PlanningProblem(deal: grown, catalog: catalog))
    guard case .planned(let nextPlan) = next else { return }
    #expect(mix.changes(to: Mix(nextPlan), catalog) == "Nobody: now Essentials named")
  }

  @Test func aTieAtTheEdgeOfAPriceRangeLeavesTodaysMixOptimal() throws {
    // Premium named with WFM ($119 − 10% + $18 negotiated) ties Elite named ($179 − 10% = $161.10)
    // when Premium named reaches $143.10: today's mix is still optimal there, beaten a cent above.
    let deal = Deal(
      name: "Tie", catalog: catalog.id, term: TermID("monthly"), licensing: .named,
      groups: [AgentGroup(name: "Sales", agents: 30, features: [FeatureID("email"), FeatureID("wfm")])],
      pricing: PricingOverlay(discountPercent: 10, unitPrices: ["wfm": 18]))
    let report = try ReportBuilder.build(deal, catalog: catalog, settings: ReportSettings(solver: GLPKSolver()))
    let premium = try #require(report.sensitivity.first { $0.sku.id == "premium-named" })
    #expect(premium.high == Decimal(string: "143.10"))
    #expect(premium.aboveChange?.mix.label(catalog) == "Elite named")
    let elite = try #require(report.sensitivity.first { $0.sku.id == "elite-named" })
    #expect(elite.low == Decimal(string: "125.10"))
    #expect(elite.belowChange?.monthly == Decimal(string: "3752.70"))
  }
}
