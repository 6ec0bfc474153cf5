import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// The report's "Pools over time" section (issue 10, outputs): per pool the peak of the sum
/// against the sum of the peaks and what pooling saves, the chart, the month table of a seasonal
/// deal, the measured bill from sessions; in HTML, Markdown, JSON and CSV. Figures by hand.
@Suite struct ReportPoolsTests {
  /// Two groups that peak in different months, on 12 monthly counts. Essentials concurrent at
  /// $105.00 a seat, overage at $131.25 a seat a month (the Zoom catalog's estimates). The pooled
  /// counts are 15 every month, 30 in July and 35 in December. A seat less than 15 costs 12 months
  /// of overage (12 × $131.25 > 12 × $105.00), a seat more than 15 saves overage in only July and
  /// December (2 × $131.25 < 12 × $105.00): the pool is 15 seats. Overage: July 15 × $131.25 =
  /// $1,968.75, December 20 × $131.25 = $2,625.00, $4,593.75 over the year, $382.8125 a month;
  /// monthly 15 × $105.00 + $382.8125 = $1,957.8125 (all named would be 50 × $69.00 = $3,450.00).
  /// The sum of the peaks is 30 + 20 = 50: pooling needs 35 seats fewer, $3,675.00 a month.
  static let seasonal = """
    name: Seasonal
    catalog: zoom-contact-center
    concurrency: {grid: month, start: 2026-01-01T00:00:00Z}
    groups:
      - {name: Retail, agents: 30, features: [voice], signed_in: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 30]}
      - {name: Travel, agents: 20, features: [voice], signed_in: [5, 5, 5, 5, 5, 5, 20, 5, 5, 5, 5, 5]}

    """

  static func report(_ text: String, files: [String: String] = [:]) throws -> DealReport {
    let loaded = try ConcurrencyInputDealTests.loaded(text, files: files)
    return try ReportBuilder.build(loaded.deal, catalog: loaded.catalog, settings: ReportSettings(solver: GLPKSolver()))
  }

  static let seasonalReport = Result { try report(seasonal) }

  @Test func theSeasonalPlanIsTheHandComputedOne() throws {
    let report = try Self.seasonalReport.get()
    let plan = try #require(report.plan)
    let pool = try #require(plan.concurrency?.pools.first)
    #expect(pool.seats == 15 && pool.pooledPeak == 35 && pool.sumOfPeaks == 50 && pool.savedSeats == 35)
    #expect(pool.savedUnits == 3_675 * 10_000)
    #expect(pool.months.map(\.excess) == [0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 20])
    #expect(pool.overageUnits == 45_937_500)
    #expect(plan.monthlyTotal == Decimal(string: "1957.8125"))
  }

  @Test func htmlHasThePoolsSectionAfterTheLineItemsAndRenumbersTheRest() throws {
    let html = ReportHTML.render(try Self.seasonalReport.get())
    let headings = html.matches(of: /<h2>([^<]*)<\/h2>/).map { String($0.1) }
    #expect(
      headings == [
        "1. Summary", "2. Line items", "3. Pools over time", "4. Plan comparison",
        "5. Named vs concurrent break-even", "6. Headroom", "7. Price sensitivity", "8. Assumptions",
      ])
    #expect(html.contains("(see section 8)"))
    // The cards: seats, peak of the sum (December), sum of peaks, what pooling saves, overage.
    #expect(
      html.contains(
        "<div class=\"label\">Peak of the sum</div><div class=\"value\">35</div><div class=\"detail\">2026-12</div>"))
    #expect(html.contains("<div class=\"label\">Sum of the groups' peaks</div><div class=\"value\">50</div>"))
    #expect(
      html.contains(
        "<div class=\"label\">Pooling saves</div><div class=\"value\">$3,675.00/mo</div><div class=\"detail\">35 seats</div>"
      ))
    #expect(
      html.contains(
        "<div class=\"label\">Overage over the grid</div><div class=\"value\">$4,593.75</div><div class=\"detail\">2 of 12 months</div>"
      ))
    // The month table: pooled peak, billable peak, pool, overage seats and cost; a total row.
    #expect(
      html.contains(
        "<tr><td>2026-07</td><td class=\"num\">30</td><td class=\"num\">30</td><td class=\"num\">15</td><td class=\"num\">15</td><td class=\"num\">$1,968.75</td></tr>"
      ))
    #expect(
      html.contains(
        "<tr><td>2026-12</td><td class=\"num\">35</td><td class=\"num\">35</td><td class=\"num\">15</td><td class=\"num\">20</td><td class=\"num\">$2,625.00</td></tr>"
      ))
    #expect(
      html.contains(
        "<tr class=\"total\"><td>All 12 months</td><td class=\"num\">35</td><td class=\"num\">35</td><td class=\"num\">15</td><td class=\"num\">35</td><td class=\"num\">$4,593.75</td></tr>"
      ))
    // The summary says what pooling saves, net of the overage it pays instead.
    #expect(html.contains("Sizing pools over time buys 35 seats fewer than pools sized to the sum"))
    // Pooling alone (50 against 35) and overage beyond it (35 against 15), told apart.
    #expect(html.contains("pooling alone saves 15 seats"))
    #expect(html.contains("The pool is 20 seats below the peak of the sum"))
    #expect(html.contains("peaks: $3,675.00 a month and $44,100.00 over the term"))
    #expect(html.contains("averages $382.81 a month, so it saves $3,292.19 a month net"))
    // The pool's style is added to this page only.
    #expect(html.contains(".over-pool {"))
  }

  @Test func theChartStacksTheGroupsDrawsThePoolAndShadesWhatIsAboveIt() throws {
    let report = try Self.seasonalReport.get()
    let pool = try #require(report.plan?.concurrency?.pools.first)
    let grid = try #require(report.plan?.concurrency?.grid)
    let svg = PoolChart.svg(pool, grid: grid)
    // Two stacked areas (one per group), the pool line, the sum-of-peaks line, the shading.
    #expect(svg.matches(of: /<path class="area-\d"/).count == 2)
    #expect(svg.contains("class=\"pool-line\"") && svg.contains("class=\"sum-line\""))
    #expect(svg.contains("Pool: 15 seats") && svg.contains("Sum of the groups' peaks: 50"))
    // Shaded exactly in July and December: two rectangles above the pool.
    let shading = try #require(svg.firstMatch(of: /<path class="over-pool" d="([^"]*)"/)).1
    #expect(shading.matches(of: /M/).count == 2)
    // Every month labelled, January with its year.
    #expect(svg.contains(">Jan 2026<") && svg.contains(">Dec<"))
    // The y axis reaches the sum of the peaks (50): ticks 0 to 50.
    #expect(svg.contains(">50</text>") && !svg.contains(">60</text>"))
  }

  @Test func markdownJsonAndCsvCarryTheSameFigures() throws {
    let report = try Self.seasonalReport.get()
    let markdown = ReportMarkdown.render(report)
    #expect(markdown.contains("## 3. Pools over time"))
    #expect(markdown.contains("## 8. Assumptions"))
    #expect(markdown.contains("| 2026-12 | 35 | 35 | 15 | 20 | $2,625.00 |"))
    #expect(
      markdown.contains("| Essentials concurrent | 15 | 35 (2026-12) | 50 | 35 seats, $3,675.00/month | $4,593.75 |"))

    let json = try JSONSerialization.jsonObject(with: Data(ReportJSON.render(report).utf8)) as? [String: Any]
    let pooling = try #require((json?["report"] as? [String: Any])?["pooling"] as? [String: Any])
    #expect(pooling["saved_seats"] as? Int == 35)
    #expect((pooling["saved_monthly"] as? NSNumber)?.decimalValue == 3675)
    #expect((pooling["saved_term"] as? NSNumber)?.decimalValue == 44_100)
    #expect(pooling["what_if_profiles"] is String)

    // The CSV's rows add up to the monthly total: the line item and the overage row.
    let csv = ReportCSV.render(report)
    let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let overage = try #require(rows.first { $0.first == "overage" })
    #expect(overage[2] == "35" && overage[7] == "382.81")
    let monthly = rows.dropFirst().compactMap { Decimal(string: String($0[7])) }.reduce(0, +)
    #expect(monthly == Decimal(string: "1957.81"))
  }

  @Test func reportsOfDealsWithoutProfilesHaveNoPoolsSection() throws {
    for deal in Examples.deals where !deal.contains("/concurrency/") {
      let report = try Examples.report(deal)
      let html = ReportHTML.render(report)
      #expect(!html.contains("Pools over time") && !html.contains(".over-pool"), "\(deal)")
      #expect(html.contains("<h2>7. Assumptions</h2>"), "\(deal)")
      #expect(!ReportJSON.render(report).contains("\"pooling\""), "\(deal)")
    }
  }

  /// Sessions of two teams, an hour apart on one day: the plan's pool and the measured bill.
  @Test func sessionsGiveTheMeasuredBillBesideTheGridsFigures() throws {
    let sessions = """
      user,team,start,end
      a1,A,2026-03-02T08:00:00Z,2026-03-02T09:10:00Z
      a2,A,2026-03-02T08:00:00Z,2026-03-02T08:20:00Z
      b1,B,2026-03-02T09:05:00Z,2026-03-02T10:00:00Z
      b2,B,2026-03-02T09:30:00Z,2026-03-02T10:00:00Z

      """
    let text = ConcurrencyInputDealTests.deal(
      "{grid: 60m, sessions: s.csv}",
      """
        - {name: A, agents: 5, features: [voice]}
        - {name: B, agents: 5, features: [voice]}

      """)
    let report = try Self.report(text, files: ["s.csv": sessions])
    let pool = try #require(report.plan?.concurrency?.pools.first)
    // Each group's most at any minute of each hour: A [2, 1], B [0, 2]; pooled [2, 3]. At the
    // 60-minute grid Zoom's 30-minute grace bills every interval's count, so the pool is 3 seats
    // (3 × $105.00 against 10 named × $69.00), against 2 + 2 for the groups' own peaks.
    #expect(pool.seats == 3 && pool.pooledPeak == 3 && pool.sumOfPeaks == 4)
    // At the minute at most 2 are signed in at once (a1 with a2, a1 with b1, b1 with b2), and 2
    // is never held more than 30 minutes in a row (20, 5 and 30 minutes): the measured billable
    // peak is 1, held from 08:00 to 10:00.
    let measured = try #require(pool.measured)
    #expect(measured.map(\.pooledPeak) == [2] && measured.map(\.billablePeak) == [1])
    let html = ReportHTML.render(report)
    #expect(html.contains("<h4>Measured bill (minute-level sessions)</h4>"))
    #expect(
      html.contains(
        "<tr><td>2026-03</td><td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">3</td><td class=\"num\">3</td><td class=\"num\">0</td><td class=\"num\">$0.00</td></tr>"
      ))
    #expect(
      ReportMarkdown.render(report).contains(
        "Measured bill (minute-level sessions): The check on the customer's own sessions, minute by minute"))
  }
}
