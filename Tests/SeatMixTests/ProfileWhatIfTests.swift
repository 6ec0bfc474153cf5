import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// The report's what-ifs with profiles over time (break-even, headroom, sweep): a group with a
/// profile keeps its shape, scaled to the what-if's peak, and the report says so.
@Suite struct ProfileWhatIfTests {
  @Test func aProfileScalesToAPeakRoundingUp() {
    let profile = SignedInProfile(counts: [0, 3, 10, 7], source: "inline")
    // 3 × 5/10 = 1.5 → 2, 7 × 5/10 = 3.5 → 4; 3 × 15/10 = 4.5 → 5, 7 × 15/10 = 10.5 → 11.
    #expect(profile.scaled(toPeak: 5).counts == [0, 2, 5, 4])
    #expect(profile.scaled(toPeak: 15).counts == [0, 5, 15, 11])
    #expect(profile.scaled(toPeak: 10) == profile)
    #expect(profile.scaled(toPeak: 0).counts == [0, 0, 0, 0])
    // No one ever signed in: nothing to scale.
    #expect(SignedInProfile(counts: [0, 0]).scaled(toPeak: 4).counts == [0, 0])
    // Minute-level data is not carried to another size.
    let measured = SignedInProfile(
      counts: [2],
      minutes: MinuteOccupancy(start: Date(timeIntervalSince1970: 0), minutes: 60, runs: [.init(minute: 0, count: 2)]))
    #expect(measured.scaled(toPeak: 4).minutes == nil && measured.scaled(toPeak: 2).minutes != nil)
  }

  @Test func sizingAGroupScalesItsProfileAndLeavesAPeakGroupAPeak() {
    let shaped = AgentGroup(
      name: "A", agents: 20, features: [], profile: SignedInProfile(counts: [4, 10, 6], source: "inline"))
    let sized = WhatIf.sized(shaped, agents: 40, peak: 20)
    #expect(sized.agents == 40 && sized.profile?.counts == [8, 20, 12] && sized.peakConcurrent == 20)
    let flat = AgentGroup(name: "B", agents: 20, peakConcurrent: 5, features: [])
    let grown = WhatIf.sized(flat, agents: 30, peak: 9)
    #expect(grown.agents == 30 && grown.peakConcurrent == 9 && grown.profile == nil)
  }

  /// Day and night teams of 32 on one pool: 30 of one at its peak while the other is at 0 or 10;
  /// pooled [30, 20, 30, 20], 30 Essentials concurrent seats at $105.00 = $3,150.00 against 64
  /// named at $69.00 = $4,416.00.
  static let dayAndNight = """
    name: Day and night
    catalog: zoom-contact-center
    concurrency: {grid: 60m, start: 2026-03-02T00:00:00Z}
    groups:
      - {name: Day, agents: 32, features: [voice], signed_in: [0, 10, 30, 10]}
      - {name: Night, agents: 32, features: [voice], signed_in: [30, 10, 0, 10]}

    """

  static func loaded() throws -> DealLoader.Loaded { try ConcurrencyInputDealTests.loaded(dayAndNight) }

  static let report = Result { () throws -> DealReport in
    let read = try Self.loaded()
    return try ReportBuilder.build(read.deal, catalog: read.catalog, settings: ReportSettings(solver: GLPKSolver()))
  }

  @Test func breakEvenAtARatioSolvesTheScaledProfiles() throws {
    let loaded = try Self.loaded()
    // At 50%, each group's peak is 16 of its 32 agents: the profiles scaled by 16/30.
    let half = ReportBuilder.atRatio(loaded.deal, 50)
    #expect(half.groups.map { $0.profile?.counts ?? [] } == [[0, 6, 16, 6], [16, 6, 0, 6]])
    let report = try Self.report.get()
    let breakEven = try #require(report.breakEven)
    // All-concurrent pays for the pooled peak of the scaled profiles: at 50% the pooled counts
    // are [16, 12, 16, 12], 16 seats at $105.00; with the profiles left as they are, every ratio
    // priced the same 30 seats.
    let point = try #require(breakEven.points.first { $0.ratioPercent == 50 })
    #expect(point.concurrent == 1680)
    let concurrent = Set(breakEven.points.compactMap { (point: BreakEven.Point) in point.concurrent })
    #expect(concurrent.count > 5, "the all-concurrent curve moves with the ratio: \(concurrent)")
    // The report says how profiles were sized, in the break-even intro and the headroom method.
    let text = ReportText(report)
    #expect(text.breakEvenIntro(breakEven).contains("keeps its shape"))
    #expect(text.headroomMethod.contains("keeps its shape") && text.headroomMethod.contains("every size is solved"))
  }

  @Test func headroomOfAProfileGroupIsTheFirstScaledSizeThatChangesTheMix() throws {
    let loaded = try Self.loaded()
    let report = try Self.report.get()
    let optimizer = Optimizer(solver: GLPKSolver())
    func mix(_ deal: Deal) throws -> Mix { Mix(try optimizer.analyze(deal, catalog: loaded.catalog).plan) }
    // A group grown to A agents has its peak at ⌈30·A/32⌉ and its profile scaled to it, so the
    // pooled peak is that peak: 105·⌈30·A/32⌉ against named 69·(32 + A); named is cheaper from
    // A = 74 (7,314 < 7,350), 42 more agents. With the profile left as it was, the pool stayed at
    // 30 seats and no growth ever changed the mix.
    #expect(report.headroom.map { (headroom: Headroom) in headroom.moreAgents } == [42, 42])
    for (g, headroom) in report.headroom.enumerated() {
      let group = loaded.deal.groups[g]
      if let more = headroom.moreAgents {
        // One agent before, all-named ties at best (at +41: 69 seats, $7,245.00 either way); at
        // +42 it costs strictly less.
        func cost(_ deal: Deal, _ licensing: LicensingChoice) throws -> Decimal? {
          var held = deal
          held.licensing = licensing
          return try optimizer.analyze(held, catalog: loaded.catalog).plan?.monthlyTotal
        }
        let before = ReportBuilder.grown(loaded.deal, group: g, extraAgents: more - 1)
        let at = ReportBuilder.grown(loaded.deal, group: g, extraAgents: more)
        #expect(try #require(try cost(before, .named)) >= #require(try cost(before, .concurrent)))
        #expect(try #require(try cost(at, .named)) < #require(try cost(at, .concurrent)))
        #expect(try mix(at) != report.mix)
      }
      // Every agent of one group at once: scaled [32, 11, 0, 11], pooled 32 seats, $3,360.00:
      // still concurrent.
      var full = loaded.deal
      full.groups[g] = WhatIf.sized(group, agents: group.agents, peak: group.agents)
      #expect(full.groups[g].profile?.peak == 32)
      #expect(try mix(full) == report.mix)
      #expect(headroom.morePeak == nil && headroom.peakLimit == 2)
    }
  }

  @Test func sweepCellsScaleProfiles() throws {
    let loaded = try Self.loaded()
    let cell = SweepRunner.cellDeal(loaded.deal, agentsPercent: 200, concurrencyPercent: 50)
    // 64 agents each, peak 32: the profiles × 32/30.
    #expect(cell.groups.map(\.agents) == [64, 64])
    #expect(cell.groups.map { $0.profile?.counts ?? [] } == [[0, 11, 32, 11], [32, 11, 0, 11]])
    let sweep = try SweepRunner.run(loaded.deal, catalog: loaded.catalog, settings: SweepSettings(solver: GLPKSolver()))
    #expect(SweepFiles.html(sweep).contains("<dt>Profiles</dt>"))
  }

  @Test func whatIfsOfDealsWithoutProfilesSayNothingOfProfiles() throws {
    let report = try Examples.report("Examples/mixed-center.yaml")
    let text = ReportText(report)
    #expect(!text.breakEvenIntro(try #require(report.breakEven)).contains("shape"))
    #expect(!text.headroomMethod.contains("shape"))
  }
}

/// A group with both `peak_concurrent` and a profile (inline, a file, sessions, demand): below
/// the profile's peak is an error at the peak's line, above it a warning that it is not used,
/// and the deal then carries the profile's peak.
@Suite struct PeakBesideProfileTests {
  static func deal(_ peak: String) -> String {
    ConcurrencyInputDealTests.deal(
      "{grid: 60m, start: 2026-03-02T08:00:00Z}",
      """
        - name: A
          agents: 10
          features: [voice]
      \(peak)
          signed_in: [2, 6, 4]

      """)
  }

  @Test func aPeakBelowTheProfileIsAnErrorAtItsLine() throws {
    let problems = try ConcurrencyInputDealTests.problems(Self.deal("    peak_concurrent: 5"))
    #expect(
      problems == [
        "deal.yaml:8: error: groups[0].peak_concurrent: peak 5 is below the 6 signed in at once at 2026-03-02T09:00:00Z in the group's profile (its signed_in); the profile sizes the pool: remove peak_concurrent or correct the profile"
      ])
  }

  @Test func aPeakAboveTheProfileIsAWarningAndNotUsed() throws {
    let loaded = try ConcurrencyInputDealTests.loaded(Self.deal("    peak_concurrent: 9"))
    #expect(
      loaded.warnings.map { ConcurrencyInputDealTests.strip($0.description) } == [
        "deal.yaml:8: warning: groups[0].peak_concurrent: peak 9 is above the 6 signed in at once in the group's profile (its signed_in) and is not used: pools are sized from the profile, interval by interval; remove peak_concurrent, or add the users it stands for to the profile"
      ])
    #expect(loaded.deal.groups[0].peakConcurrent == 6)
  }

  @Test func aPeakEqualToTheProfilesIsFineEvenAtTheHeadcount() throws {
    let loaded = try ConcurrencyInputDealTests.loaded(Self.deal("    peak_concurrent: 6"))
    #expect(loaded.warnings.isEmpty && loaded.deal.groups[0].peakConcurrent == 6)
    // A peak stated as the whole headcount is a stated peak too (not the default), so it warns.
    let full = try ConcurrencyInputDealTests.loaded(Self.deal("    peak_concurrent: 10"))
    #expect(full.warnings.count == 1 && full.deal.groups[0].peakConcurrent == 6)
  }

  @Test func theSameRuleHoldsForAProfileFromAFile() throws {
    let text = ConcurrencyInputDealTests.deal(
      "{grid: 30m}",
      """
        - {name: East, agents: 10, peak_concurrent: 7, features: [voice], profile: wide.csv}
        - {name: West, agents: 10, features: [voice], profile: wide.csv}

      """)
    let problems = try ConcurrencyInputDealTests.problems(text, files: ["wide.csv": ConcurrencyInputDealTests.wide])
    #expect(
      problems == [
        "deal.yaml:5: error: groups[0].peak_concurrent: peak 7 is below the 8 signed in at once at 2026-03-02T08:00:00Z in the group's profile (wide.csv); the profile sizes the pool: remove peak_concurrent or correct the profile"
      ])
  }
}

/// A concurrent license's overage price follows the deal's pricing overlay, like every price, by
/// its own id `<tier>-concurrent-overage`: a negotiated price as is, else its own discount, else
/// the overall discount, rounded to the cent.
@Suite struct OverageOverlayTests {
  static func pool(_ pricing: String) throws -> PoolOverTime {
    let loaded = try ConcurrencyInputDealTests.loaded(ReportPoolsTests.seasonal + pricing)
    let plan = try #require(try Optimizer(solver: GLPKSolver()).analyze(loaded.deal, catalog: loaded.catalog).plan)
    return try #require(plan.concurrency?.pools.first)
  }

  @Test func theOverallDiscountAppliesToOverage() throws {
    // 20% off $131.25 is $105.00 (and the seat $84.00): still 15 seats, overage 35 × $105.00.
    let pool = try Self.pool("pricing: {discount_pct: 20}\n")
    #expect(pool.overagePriceUnits == 105 * 10_000 && pool.seatUnits == 84 * 10_000)
    #expect(pool.seats == 15 && pool.overageUnits == 35 * 105 * 10_000)
  }

  @Test func aNegotiatedOveragePriceIsUsedAsIs() throws {
    // $200 an excess seat: a seat fewer than 15 costs 12 × $200 more, so still 15 seats.
    let pool = try Self.pool("pricing: {discount_pct: 20, unit_prices: {essentials-concurrent-overage: 200}}\n")
    #expect(pool.overagePriceUnits == 200 * 10_000 && pool.overageUnits == 35 * 200 * 10_000)
  }

  @Test func theOveragesOwnDiscountReplacesTheOverallOne() throws {
    // 50% off $131.25 = $65.625, rounded half up to $65.63: below a seat's $105.00 every month,
    // so no seat pays: all 12 months are overage.
    let pool = try Self.pool("pricing: {discount_pct: 10, sku_discounts: {essentials-concurrent-overage: 50}}\n")
    #expect(pool.overagePriceUnits == 656_300)
    #expect(pool.seats == 0)
    #expect(pool.overageUnits == Int64(pool.months.reduce(0) { $0 + $1.billablePeak }) * 656_300)
  }

  @Test func aNegotiatedSeatPriceLeavesTheOveragePriceAlone() throws {
    let pool = try Self.pool("pricing: {unit_prices: {essentials-concurrent: 100}}\n")
    #expect(pool.seatUnits == 100 * 10_000 && pool.overagePriceUnits == 1_312_500)
  }

  @Test func overageIdsAreCheckedAgainstTheCatalog() throws {
    let typo = try ConcurrencyInputDealTests.problems(
      ReportPoolsTests.seasonal + "pricing: {unit_prices: {essentials-concurent-overage: 200}}\n")
    #expect(typo.count == 1 && typo[0].contains("unknown SKU 'essentials-concurent-overage'"), "\(typo)")
    // A catalog that allows no overage has no overage price to negotiate.
    let library = CatalogLibrary(searchFolders: [repositoryFile("Tests/SeatMixTests/Fixtures/catalogs")])
    let acme = try library.catalog("acme-contact")
    #expect(acme.concurrentBilling.overage == .notAllowed)
    let tier = try #require(acme.tiers.first { $0.licenses[.concurrent] != nil })
    var deal = Deal(name: "d", catalog: "acme-contact", groups: [AgentGroup(name: "g", agents: 1, features: [])])
    deal.pricing.unitPrices[PriceList.overageID(tier.id)] = 5
    let problems = DealValidator.problems(deal, catalog: acme).map(\.message)
    #expect(problems.contains { $0.contains("bills no overage") }, "\(problems)")
  }
}

/// Bad input from outside profiles is told at the deal field that brought it, never at a
/// `signed_in` the deal does not have.
@Suite struct OutsideProfileLocationTests {
  @Test func profileFilesOfDifferentLengthsAreToldAtTheShorterOnesField() throws {
    let text = ConcurrencyInputDealTests.deal(
      "{grid: 30m}",
      """
        - {name: East, agents: 10, features: [voice], profile: wide.csv}
        - {name: Solo, agents: 10, features: [voice], profile: short.csv}

      """)
    let short = "start,signed_in\n2026-03-02T08:00:00Z,1\n2026-03-02T08:30:00Z,2\n"
    let problems = try ConcurrencyInputDealTests.problems(
      text, files: ["wide.csv": ConcurrencyInputDealTests.wide, "short.csv": short])
    #expect(
      problems == [
        "deal.yaml:6: error: groups[1].profile: short.csv has 2 intervals, but the deal's grid has 3; every profile covers the same intervals"
      ])
  }
}
