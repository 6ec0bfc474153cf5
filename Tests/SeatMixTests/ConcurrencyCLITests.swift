import Foundation
import Testing

@testable import SeatMix

/// `seatmix concurrency SESSIONS.csv`: the CSV per team and interval, the month table, bad input.
@Suite struct ConcurrencyCLITests {
  static let log = """
    user,team,start,end
    a,=Voice,2026-03-31T23:00:00Z,2026-04-01T00:40:00Z
    b,=Voice,2026-03-31T23:30:00Z,2026-04-01T00:00:00Z
    c,Chat,2026-03-31T23:45:00Z,2026-04-01T01:30:00Z

    """

  @Test func theCSVReadsBackAsAWideProfileAndTheMonthsAreBilledUnderTheCatalogsRule() throws {
    let scratch = try Scratch()
    try scratch.write(Self.log, to: "s.csv")
    let run = try CLITests().seatmix([
      "concurrency", scratch.path("s.csv"), "--grid", "60m", "-o", scratch.path("p.csv"),
    ])
    #expect(run.status == 0, "\(run.stderr)")
    // A team name that looks like a formula gets its leading quote; counts are the most at any minute.
    #expect(
      try scratch.text("p.csv") == """
        start,'=Voice,Chat
        2026-03-31T23:00:00Z,2,1
        2026-04-01T00:00:00Z,1,1
        2026-04-01T01:00:00Z,0,1

        """)
    // An hour of March and 90 minutes of April, each less than half its month: one billing month
    // (April), said below the table. 2+ users from 23:30 to 00:40 (more than Zoom's 30-minute grace,
    // read as contiguous): 2 billed, 3 at the instant; alone, Voice bills 1 (its 2 last 30 minutes,
    // not more) and Chat 1.
    #expect(
      run.stdoutLines.suffix(3) == [
        "  Month    Billable  Instant  Sum of team peaks", "  2026-04         2        3                  2",
        "  2026-03 has 1 hour of sessions only, less than half the month: billed with 2026-04",
      ])
    let stdout = try CLITests().seatmix(["concurrency", scratch.path("s.csv"), "--grid", "60m"])
    #expect(stdout.stdout == (try scratch.text("p.csv")))
    #expect(stdout.stderr.contains("Billable peak per month, all teams in one pool"))
  }

  @Test func aLogOverMoreThanHalfOfTwoMonthsBillsEachMonth() throws {
    // The same sessions, and one short session each on March 10 and April 25: the log now covers
    // 22 days of March and 24 of April. March (UTC) ends at 00:00: 1 user for 60 minutes, 2 for 30
    // (not more than the grace), 3 for 15: 1 billed; alone, Voice bills 1 and Chat 0. April: a and
    // c together for 40 minutes: 2; alone, each team bills 1.
    let scratch = try Scratch()
    try scratch.write(
      Self.log + "d,Chat,2026-03-10T00:00:00Z,2026-03-10T00:10:00Z\ne,Chat,2026-04-25T00:00:00Z,2026-04-25T00:10:00Z\n",
      to: "s.csv")
    let run = try CLITests().seatmix([
      "concurrency", scratch.path("s.csv"), "--grid", "60m", "-o", scratch.path("p.csv"),
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdoutLines.suffix(3) == [
        "  Month    Billable  Instant  Sum of team peaks", "  2026-03         1        3                  1",
        "  2026-04         2        2                  2",
      ])
  }

  @Test func badInputIsOneLocatedLineAndExitsOne() throws {
    let scratch = try Scratch()
    try scratch.write("user,team,start,end\na,Voice,2026-03-02T08:00:00,2026-03-02T09:00:00Z\n", to: "s.csv")
    let run = try CLITests().seatmix(["concurrency", scratch.path("s.csv")])
    #expect(run.status == 1)
    #expect(
      run.stderrLines == [
        "\(scratch.path("s.csv")):2: error: start: '2026-03-02T08:00:00' has no time zone; SeatMix assumes none: add Z for UTC or the site's offset, such as +01:00"
      ])
    #expect(try CLITests().seatmix(["concurrency", scratch.path("s.csv"), "--grid", "20m"]).status == 64)
    let missing = try CLITests().seatmix(["concurrency", scratch.path("none.csv")])
    #expect(missing.stderrLines == ["\(scratch.path("none.csv")): error: no such file"])
  }
}
