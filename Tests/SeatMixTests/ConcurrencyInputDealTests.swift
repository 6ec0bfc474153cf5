import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// Deals whose profiles come from outside the deal file: profile files, a session log, forecast
/// demand; each bad input a located line in the file it is in.
@Suite struct ConcurrencyInputDealTests {
  /// Loads `deal`, written as deal.yaml beside `files`.
  static func loaded(_ deal: String, files: [String: String] = [:]) throws -> DealLoader.Loaded {
    let scratch = try Scratch()
    for (name, text) in files { try scratch.write(text, to: name) }
    try scratch.write(deal, to: "deal.yaml")
    return try DealLoader.load(
      file: scratch.path("deal.yaml"), library: CatalogLibrary(searchFolders: [repositoryFile("Catalogs")]))
  }

  /// The problems of loading `deal` (see ``loaded(_:files:)``), as `file:line: …` with the folder left out.
  static func problems(_ deal: String, files: [String: String] = [:]) throws -> [String] {
    do {
      _ = try loaded(deal, files: files)
      return []
    } catch let error as SeatMixError {
      return error.diagnostics.map { strip($0.description) }
    }
  }

  static func strip(_ text: String) -> String {
    text.replacingOccurrences(of: #"[^ ']*/seatmix-out-[^/]*/"#, with: "", options: .regularExpression)
  }

  static func deal(_ concurrency: String, _ groups: String) -> String {
    "name: t\ncatalog: zoom-contact-center\nconcurrency: \(concurrency)\ngroups:\n\(groups)"
  }

  static let wide = """
    start,East,West
    2026-03-02T08:00:00Z,8,0
    2026-03-02T08:30:00Z,8,3
    2026-03-02T09:00:00Z,2,9

    """

  @Test func profileFilesSetTheGroupsProfilesAndTheGridsStart() throws {
    let text = Self.deal(
      "{grid: 30m}",
      """
        - {name: East, agents: 10, features: [voice], profile: wide.csv}
        - {name: West, agents: 10, features: [voice], profile: wide.csv}
        - {name: Solo, agents: 5, features: [voice], profile: solo.csv}

      """)
    let solo = "start,signed_in\n2026-03-02T09:00:00+01:00,1\n2026-03-02T08:30:00Z,2\n2026-03-02T09:00:00Z,5\n"
    let loaded = try Self.loaded(text, files: ["wide.csv": Self.wide, "solo.csv": solo])
    let grid = try #require(loaded.deal.concurrency?.grid)
    #expect(grid.start == Date(timeIntervalSince1970: Double(try ISOTime.parse("2026-03-02T08:00Z").get().seconds)))
    #expect(grid.count == 3)
    #expect(loaded.deal.groups.map { $0.profile?.counts ?? [] } == [[8, 8, 2], [0, 3, 9], [1, 2, 5]])
    #expect(loaded.deal.groups.map(\.peakConcurrent) == [8, 9, 5])
    #expect(loaded.deal.groups[2].profile?.source == "solo.csv")
  }

  @Test func badProfileFilesAreLocatedInTheirFileOrAtTheDealsLine() throws {
    let text = Self.deal(
      "{grid: 30m, start: 2026-03-02T07:30:00Z}",
      """
        - {name: East, agents: 5, features: [voice], profile: wide.csv}
        - {name: West, agents: 10, features: [voice], profile: missing.csv}

      """)
    #expect(
      try Self.problems(text, files: ["wide.csv": Self.wide]) == [
        "deal.yaml:6: error: groups[1].profile: profile file 'missing.csv' not found (looked for missing.csv)",
        "wide.csv:2: error: East: 8 signed in is above group 'East''s 5 agents; at most every agent is signed in at once",
        "wide.csv:3: error: East: 8 signed in is above group 'East''s 5 agents; at most every agent is signed in at once",
      ])
    let misaligned = Self.deal(
      "{grid: 30m, start: 2026-03-02T07:30:00Z}", "  - {name: East, agents: 10, features: [voice], profile: wide.csv}\n"
    )
    #expect(
      try Self.problems(misaligned, files: ["wide.csv": Self.wide]) == [
        "wide.csv:2: error: start: the profile starts at 2026-03-02T08:00:00Z, but the deal's grid starts at 2026-03-02T07:30:00Z (concurrency.start)"
      ])
    let noGrid =
      "name: t\ncatalog: zoom-contact-center\ngroups:\n  - {name: East, agents: 10, features: [voice], profile: wide.csv}\n"
    #expect(
      try Self.problems(noGrid, files: ["wide.csv": Self.wide]) == [
        "deal.yaml:4: error: groups[0].profile: needs the deal's grid: add concurrency: {grid: 30m} (the start is taken from the file)"
      ])
    let otherGrid = Self.deal("{grid: 60m}", "  - {name: East, agents: 10, features: [voice], profile: wide.csv}\n")
    #expect(
      try Self.problems(otherGrid, files: ["wide.csv": Self.wide]) == [
        "wide.csv:3: error: start: 2026-03-02T08:30:00Z is not on the deal's 60-minute grid (intervals start at minutes divisible by 60)",
        "wide.csv:4: error: start: 2026-03-02T09:00:00Z is 30 minutes after the previous row: the file is on another grid than the deal's 60-minute grid",
      ])
  }

  static let sessions = """
    work_session_id,start_time,end_time,user_id,user_name,team_name
    1,2026-03-02T08:00:00Z,2026-03-02T09:10:00Z,u1,Ann,Billing
    2,2026-03-02T08:20:00Z,2026-03-02T08:40:00Z,u2,Bob,Sales
    3,2026-03-02T08:50:00Z,2026-03-02T09:20:00Z,u3,Cat,Support
    4,2026-03-02T08:55:00Z,2026-03-02T09:05:00Z,u4,Dan,Support

    """

  @Test func aSessionLogGivesEachGroupItsProfileAndMinutes() throws {
    let text = Self.deal(
      "{grid: 30m, sessions: sessions.csv}",
      """
        - {name: Back office, agents: 5, features: [voice], teams: [Billing, Sales]}
        - {name: Support, agents: 1, features: [voice]}
        - {name: Other, agents: 3, features: [voice]}

      """)
    let problems = try Self.problems(text, files: ["sessions.csv": Self.sessions])
    // Told at the group's agents, with the interval's time: the deal has no signed_in to point into.
    #expect(
      problems.contains(
        "deal.yaml:6: error: groups[1].agents: 2 signed in at once at 2026-03-02T08:30:00Z (sessions in sessions.csv) is above the group's 1 agents; at most every agent is signed in at once: raise agents, or check the teams the group takes"
      ), "\(problems)")
    let fixed = text.replacingOccurrences(of: "Support, agents: 1", with: "Support, agents: 4")
    let deal = try Self.loaded(fixed, files: ["sessions.csv": Self.sessions])
    #expect(deal.deal.groups.map { $0.profile?.counts } == [[2, 2, 1], [0, 2, 2], nil])
    #expect(deal.deal.concurrency?.grid.count == 3)
    let minutes = try #require(deal.deal.groups[1].profile?.minutes)
    #expect(minutes.minutes == 90)
    #expect(minutes.peak == 2)
    #expect(
      deal.warnings.map { Self.strip($0.description) }
        == [
          "deal.yaml:7: warning: groups[2]: no sessions for group 'Other' in 'sessions.csv'; it counts at its peak in every interval"
        ])
    let unknown = Self.deal(
      "{grid: 30m, sessions: sessions.csv}",
      "  - {name: Support, agents: 4, features: [voice], teams: [Support, Sales]}\n")
    #expect(
      try Self.problems(unknown, files: ["sessions.csv": Self.sessions]) == [
        "sessions.csv:2: error: team_name: unknown team 'Billing': no group lists it in teams: (teams known: sales, support)"
      ])
  }

  @Test func distinctUsersAboveTheHeadcountAreAWarning() throws {
    let text = Self.deal("{grid: 60m, sessions: s.csv}", "  - {name: Voice, agents: 1, features: [voice]}\n")
    let log =
      "user,team,start,end\na,Voice,2026-03-02T08:00Z,2026-03-02T08:30Z\nb,Voice,2026-03-02T08:30Z,2026-03-02T09:00Z\n"
    let loaded = try Self.loaded(text, files: ["s.csv": log])
    #expect(loaded.deal.groups[0].profile?.counts == [1])
    #expect(
      loaded.warnings.map { $0.message } == [
        "2 distinct users signed in to group 'Voice' in 's.csv', above its 1 agents; named licenses would need 2"
      ])
  }

  @Test func forecastDemandBecomesSignedInUsersByErlangC() throws {
    // pyworkforce's docstring example: 100 contacts in 30 minutes, AHT 3 min, 80% in 20 s, 30%
    // shrinkage: 14 raw positions, 20 signed in.
    let inline = Self.deal(
      "{grid: 30m, start: 2026-03-02T08:00:00Z}",
      """
        - name: Voice
          agents: 40
          features: [voice]
          demand: {contacts: [100, 0, 20], aht_seconds: 180, service_level: 80%, answer_within_seconds: 20, shrinkage: 30}

      """)
    let loaded = try Self.loaded(inline)
    #expect(loaded.deal.groups[0].profile?.counts == [20, 0, 6])
    let file = Self.deal(
      "{grid: 30m}",
      """
        - name: Voice
          agents: 15
          features: [voice]
          demand: {file: forecast.csv, service_level: 80, answer_within_seconds: 20}

      """)
    let forecast =
      "start,contacts,aht_seconds\n2026-03-02T08:00Z,100,180\n2026-03-02T08:30Z,-1,180\n2026-03-02T09:00Z,200,180\n"
    #expect(
      try Self.problems(file, files: ["forecast.csv": forecast]) == [
        "forecast.csv:3: error: contacts: -1 is negative"
      ])
    let tooMany = forecast.replacingOccurrences(of: "-1,", with: "10,")
    #expect(
      try Self.problems(file, files: ["forecast.csv": tooMany]) == [
        "forecast.csv:4: error: contacts: the forecast needs 24 agents signed in at 2026-03-02T09:00:00Z, above the group's 15 agents"
      ])
  }

  @Test func erlangCMatchesTheWorkedExample() {
    let model = ErlangC(contacts: 100, handleMinutes: 3, targetMinutes: 20.0 / 60, intervalMinutes: 30, shrinkage: 0.3)
    #expect(model.intensity == 10)
    let required = model.requiredPositions(serviceLevel: 0.8)
    #expect(required.raw == 14)
    #expect(required.positions == 20)
    #expect(abs(model.serviceLevel(positions: 14) - 0.8883) < 0.0001)
    #expect(model.requiredPositions(serviceLevel: 0.8, maxOccupancy: 0.6).raw == 17)
  }
}

/// The committed example center (Examples/concurrency/, made by scripts/make-example-center.py).
@Suite struct ConcurrencyExampleTests {
  @Test func theExampleDealsReadTheirProfilesSessionsAndForecast() throws {
    let sessions = try DealLoader.load(file: repositoryFile("Examples/concurrency/two-sites-sessions.yaml"))
    #expect(sessions.deal.concurrency?.grid.step == .minutes(60))
    #expect(sessions.deal.groups.allSatisfy { $0.profile?.minutes != nil })
    // Two sites in two time zones: Berlin's and New York's voice peaks fall in different hours.
    let berlin = try #require(sessions.deal.groups[0].profile?.counts)
    let newYork = try #require(sessions.deal.groups[2].profile?.counts)
    #expect(berlin.firstIndex(of: berlin.max()!) != newYork.firstIndex(of: newYork.max()!))
    // The export runs 12 hours into January (New York's New Year's Eve night shift): three billing
    // months, not four, and the plan and `seatmix concurrency` both say where January went.
    let grid = try #require(sessions.deal.concurrency?.grid)
    #expect(grid.periodCount == 3)
    #expect(grid.joinedMonths.map(\.month) == ["2027-01"])
    let analysis = try Optimizer(solver: GLPKSolver()).analyze(sessions.deal, catalog: sessions.catalog)
    let concurrency = try #require(analysis.plan?.concurrency)
    #expect(concurrency.months == 3)
    #expect(concurrency.notes.contains { $0.hasPrefix("the grid covers 2027-01 for 12 hours only") })
    let log = try SessionLog.read(
      path: repositoryFile("Examples/concurrency/two-sites-sessions.csv"), teams: nil)
    let table = ConcurrencyTable(log: log, step: .minutes(60))
    #expect(table.months(.instant).map(\.month) == ["2026-10", "2026-11", "2026-12"])
    #expect(
      table.summary(file: "sessions.csv", catalog: sessions.catalog).contains(
        "2027-01 has 11 hours of sessions only, less than half the month: billed with 2026-12"))
    let week = try DealLoader.load(file: repositoryFile("Examples/concurrency/two-sites-week.yaml"))
    #expect(week.deal.concurrency?.grid.count == 336)
    let forecast = try DealLoader.load(file: repositoryFile("Examples/concurrency/forecast-demand.yaml"))
    #expect(forecast.deal.groups[0].profile?.counts.count == 32)
    #expect((forecast.deal.groups[0].profile?.peak ?? 0) > 0)
  }
}
