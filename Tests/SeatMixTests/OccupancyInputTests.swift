import Foundation
import Testing

@testable import SeatMix

/// Profile files and session logs: what they reduce to, and a located one-line message for each
/// kind of bad input.
@Suite struct OccupancyInputTests {
  // MARK: - Times

  @Test func isoTimesWithTheirZoneAreMomentsInUTC() throws {
    let utc = try ISOTime.parse("2026-03-02T08:30:00Z").get()
    #expect(utc.seconds == 1_772_440_200)
    #expect(try ISOTime.parse("2026-03-02 09:30:00+01:00").get().seconds == utc.seconds)
    #expect(try ISOTime.parse("2026-03-02T03:30-0500").get().seconds == utc.seconds)
    #expect(try ISOTime.parse("2026-03-02T08:30:59.750Z").get().seconds == utc.seconds + 59)
    #expect(try ISOTime.parse("2026-03-02T09:30+01").get().minuteOfDay == 570)
    #expect(try ISOTime.parse("1969-12-31T23:59:00Z").get().minute == -1)
    #expect(ISOTime(minute: utc.minute).text == "2026-03-02T08:30:00Z")
    #expect(ISOTime(minute: -1).text == "1969-12-31T23:59:00Z")
    #expect(ISOTime(minute: ISOTime.monthStart(year: 2024, month: 3)).text == "2024-03-01T00:00:00Z")
    #expect(ISOTime.monthStart(year: 2026, month: 13) == ISOTime.monthStart(year: 2027, month: 1))
  }

  @Test(arguments: [
    ("2026-03-02T08:30:00", ISOTime.Problem.noTimeZone), ("2026-03-02 08:30", .noTimeZone),
    ("2026-03-02", .unparsable), ("2026-02-30T08:00Z", .unparsable), ("2026-03-02T24:00Z", .unparsable),
    ("02/03/2026 08:30", .unparsable), ("2026-03-02T08:30:00+25:00", .unparsable), ("", .unparsable),
    ("2026-03-02T08:30:00Z junk", .unparsable),
  ])
  func timesWithoutAZoneOrNotISOAreRefused(_ text: String, _ problem: ISOTime.Problem) {
    #expect(ISOTime.parse(text) == .failure(problem))
  }

  // MARK: - Profile files

  static let thirty = GridStep.minutes(30)

  func profile(_ text: String, groups: [ProfileFile.Column], step: GridStep = thirty) throws -> IntervalCounts {
    let scratch = try Scratch()
    try scratch.write(text, to: "profile.csv")
    return try ProfileFile.read(path: scratch.path("profile.csv"), shownAs: "profile.csv", groups: groups, step: step)
  }

  func problems(_ text: String, groups: [ProfileFile.Column], step: GridStep = thirty) throws -> [String] {
    do {
      _ = try profile(text, groups: groups, step: step)
    } catch let error as SeatMixError {
      return error.diagnostics.map(\.description)
    }
    Issue.record("no problem reported")
    return []
  }

  static let voice = [ProfileFile.Column(group: "Voice", agents: 40)]

  @Test func aOneGroupFileReadsItsSignedInColumn() throws {
    let read = try profile(
      "start,signed_in\n2026-03-02T08:00:00Z,3\n2026-03-02T08:30:00Z,12\n2026-03-02T10:00:00+01:00,0\n",
      groups: Self.voice)
    #expect(read.counts == ["Voice": [3, 12, 0]])
    #expect(
      read.starts.map { ISOTime(minute: $0).text } == [
        "2026-03-02T08:00:00Z", "2026-03-02T08:30:00Z", "2026-03-02T09:00:00Z",
      ])
  }

  @Test func aWideFileGivesEachGroupItsColumn() throws {
    let read = try profile(
      "Start;Voice;Chat desk\n2026-03-02T08:00Z;3;1\n2026-03-02T08:30Z;4;2\n",
      groups: Self.voice + [ProfileFile.Column(group: "chat desk", agents: 5)])
    #expect(read.counts == ["Voice": [3, 4], "chat desk": [1, 2]])
  }

  @Test func monthlyProfilesStartEachMonth() throws {
    let read = try profile(
      "start,signed_in\n2026-11-01T00:00Z,10\n2026-12-01T00:00Z,30\n2027-01-01T00:00+01:00,12\n",
      groups: Self.voice, step: .month)
    #expect(read.counts["Voice"] == [10, 30, 12])
  }

  @Test func everyBadProfileRowIsOneLocatedLine() throws {
    let text = """
      start,signed_in
      2026-03-02T08:00:00Z,3
      2026-03-02T08:30:00Z,-2
      2026-03-02T09:00:00Z,41
      2026-03-02T10:00:00Z,5
      2026-03-02T10:15:00Z,5
      2026-03-02T11:00:00,1
      2026-03-02 noon,1
      2026-03-02T11:30:00Z,many
      2026-03-02T12:00:00Z,
      2026-03-02T11:00:00Z,1

      """
    #expect(
      try problems(text, groups: Self.voice) == [
        "profile.csv:3: error: signed_in: -2 is negative",
        "profile.csv:4: error: signed_in: 41 signed in is above group 'Voice''s 40 agents; at most every agent is signed in at once",
        "profile.csv:5: error: start: gap: 1 interval missing between 2026-03-02T09:00:00Z (row 4) and 2026-03-02T10:00:00Z; write every interval, 0 where no one is signed in",
        "profile.csv:6: error: start: 2026-03-02T10:15:00Z is not on the deal's 30-minute grid (intervals start at minutes divisible by 30)",
        "profile.csv:7: error: start: '2026-03-02T11:00:00' has no time zone; SeatMix assumes none: add Z for UTC or the site's offset, such as +01:00",
        "profile.csv:8: error: start: '2026-03-02 noon' is not an ISO 8601 date and time (write it like 2026-03-02T08:30:00Z)",
        "profile.csv:9: error: signed_in: 'many' is not a whole number of signed-in users",
        "profile.csv:10: error: signed_in: is empty; write 0 when no one is signed in",
        "profile.csv:11: error: start: 2026-03-02T11:00:00Z is not after the previous row's start (2026-03-02T12:00:00Z, row 10); rows go in time order",
      ])
  }

  @Test func aProfileOnAnotherGridSaysSo() throws {
    let text = "start,signed_in\n2026-03-02T08:00Z,1\n2026-03-02T08:15Z,1\n2026-03-02T08:30Z,1\n"
    #expect(try profile(text, groups: Self.voice, step: .minutes(15)).counts["Voice"] == [1, 1, 1])
    #expect(
      try problems(text, groups: Self.voice, step: .minutes(60)).first
        == "profile.csv:3: error: start: 2026-03-02T08:15:00Z is not on the deal's 60-minute grid (intervals start at minutes divisible by 60)"
    )
    let halfHours = "start,signed_in\n2026-03-02T08:00Z,1\n2026-03-02T08:30Z,1\n"
    #expect(
      try problems(halfHours, groups: Self.voice, step: .minutes(15)) == [
        "profile.csv:3: error: start: gap: 1 interval missing between 2026-03-02T08:00:00Z (row 2) and 2026-03-02T08:30:00Z; write every interval, 0 where no one is signed in"
      ])
    #expect(
      try problems("start,signed_in\n2026-03-02T08:00Z,1\n", groups: Self.voice, step: .month) == [
        "profile.csv:2: error: start: 2026-03-02T08:00:00Z is not on the deal's monthly grid (each row starts a month: the 1st at 00:00)"
      ])
    #expect(
      try problems("start,signed_in\n2026-01-01T00:00Z,1\n2026-03-01T00:00Z,1\n", groups: Self.voice, step: .month)
        == [
          "profile.csv:3: error: start: gap: 1 month missing between 2026-01-01T00:00:00Z (row 2) and 2026-03-01T00:00:00Z; write every month"
        ])
  }

  @Test func aMissingColumnOrFileIsNamed() throws {
    #expect(
      try problems("start,count\n2026-03-02T08:00Z,1\n", groups: Self.voice) == [
        "profile.csv:1: error: Voice: no column for group 'Voice': write its counts in a column named as the group, or, for a file of one group, 'signed_in' (the header is 'start', 'count')"
      ])
    #expect(
      try problems("when,signed_in\n", groups: Self.voice) == [
        "profile.csv:1: error: start: no 'start' column (the header is 'when', 'signed_in')"
      ])
    #expect(
      try problems("start,signed_in\n", groups: Self.voice) == [
        "profile.csv:1: error: the file has a header but no intervals"
      ])
    let scratch = try Scratch()
    #expect(throws: SeatMixError.self) {
      _ = try ProfileFile.read(path: scratch.path("none.csv"), groups: Self.voice, step: Self.thirty)
    }
    do {
      _ = try ProfileFile.read(
        path: scratch.path("none.csv"), shownAs: "none.csv", groups: Self.voice, step: Self.thirty)
    } catch {
      #expect(error.description == "none.csv: error: no such file")
    }
    #expect(mkfifo(scratch.path("fifo.csv"), 0o600) == 0)
    do {
      _ = try ProfileFile.read(
        path: scratch.path("fifo.csv"), shownAs: "fifo.csv", groups: Self.voice, step: Self.thirty)
      Issue.record("a FIFO was read")
    } catch {
      #expect(error.description == "fifo.csv: error: is a FIFO (named pipe), not a regular file")
    }
  }

  // MARK: - Session logs

  func sessions(_ text: String, teams: SessionLog.TeamMap? = nil) throws -> SessionLog {
    let scratch = try Scratch()
    try scratch.write(text, to: "sessions.csv")
    return try SessionLog.read(path: scratch.path("sessions.csv"), shownAs: "sessions.csv", teams: teams)
  }

  func sessionProblems(_ text: String, teams: SessionLog.TeamMap? = nil) throws -> [String] {
    do {
      _ = try sessions(text, teams: teams)
    } catch let error as SeatMixError {
      return error.diagnostics.map(\.description)
    }
    Issue.record("no problem reported")
    return []
  }

  static func minute(_ text: String) -> Int64 { (try? ISOTime.parse(text).get().minute) ?? 0 }

  @Test func sessionsCountEachUserOncePerMinuteTheyCover() throws {
    let log = try sessions(
      """
      user,team,start,end
      ann,Voice,2026-03-02T08:00:00Z,2026-03-02T08:10:00Z
      ann,Voice,2026-03-02T08:10:00Z,2026-03-02T08:20:30Z
      bob,Voice,2026-03-02T08:05:10Z,2026-03-02T08:06:00Z
      cat,Chat,2026-03-02T09:05:00+01:00,2026-03-02T08:07:00Z
      dan,Chat,2026-03-02T08:07:00Z,2026-03-02T08:07:00Z

      """)
    let voice = try #require(log.minutes["Voice"])
    let at = { (text: String) in voice.count(at: Self.minute(text)) }
    #expect(at("2026-03-02T07:59Z") == 0)
    #expect(at("2026-03-02T08:00Z") == 1)
    #expect(at("2026-03-02T08:05Z") == 2)  // bob from 08:05:10 covers part of minute 08:05
    #expect(at("2026-03-02T08:06Z") == 1)  // his end on the minute leaves 08:06 out
    #expect(at("2026-03-02T08:10Z") == 1)  // ann's back-to-back sessions: one user
    #expect(at("2026-03-02T08:20Z") == 1)
    #expect(at("2026-03-02T08:21Z") == 0)
    #expect(log.distinctUsers == ["Voice": 2, "Chat": 2])
    #expect(log.layout == .generic)
    let profiles = log.profiles(on: .minutes(15))
    #expect(profiles.starts.map { ISOTime(minute: $0).text } == ["2026-03-02T08:00:00Z", "2026-03-02T08:15:00Z"])
    #expect(profiles.counts == ["Voice": [2, 1], "Chat": [1, 0]])
  }

  @Test func zoomWorkSessionsAndStatusHistoryAreReadByTheirHeaders() throws {
    let zoom = try sessions(
      """
      work_session_id,start_time,end_time,user_id,user_name,team_name,ready_duration
      w1,2026-03-02T08:00:00Z,2026-03-02T09:00:00Z,u1,Ann,Billing,3600
      w2,2026-03-02T08:30:00Z,2026-03-02T10:00:00Z,u2,Bob,Sales,5400

      """, teams: SessionLog.TeamMap(groupTeams: [("Back office", ["Billing", "sales"])]))
    #expect(zoom.layout == .zoomWorkSessions)
    #expect(zoom.profiles(on: .minutes(60)).counts == ["Back office": [2, 1]])
    let status = try sessions(
      """
      user_id,display_name,status_name,start_time,end_time
      u1,Ann,Ready,2026-03-02T08:00:00Z,2026-03-02T08:40:00Z
      u1,Ann,Offline,2026-03-02T08:40:00Z,2026-03-02T09:40:00Z
      u1,Ann,Occupied,2026-03-02T09:40:00Z,2026-03-02T10:00:00Z
      u2,Bob,Not Ready,2026-03-02T08:30:00Z,2026-03-02T09:00:00Z

      """, teams: SessionLog.TeamMap(groupTeams: [("Voice", nil)]))
    #expect(status.layout == .statusHistory)
    #expect(status.offlineRows == 1)
    #expect(status.profiles(on: .minutes(30)).counts == ["Voice": [1, 2, 0, 1]])
  }

  @Test func everyBadSessionIsOneLocatedLine() throws {
    let text = """
      user,team,start,end
      ann,Voice,2026-03-02T08:00:00Z,2026-03-02T09:00:00Z
      ann,Voice,2026-03-02T08:30:00Z,2026-03-02T08:45:00Z
      bob,Voice,2026-03-02T09:00:00Z,2026-03-02T08:00:00Z
      cat,Billing,2026-03-02T08:00:00Z,2026-03-02T09:00:00Z
      dan,Billing,2026-03-02T08:00:00Z,2026-03-02T09:00:00Z
      eve,Voice,2026-03-02T08:00:00,2026-03-02T09:00:00Z
      fay,Voice,2026-03-02T08:00:00Z,
      ,Voice,2026-03-02T08:00:00Z,2026-03-02T09:00:00Z

      """
    #expect(
      try sessionProblems(text, teams: SessionLog.TeamMap(groupTeams: [("Voice", nil), ("Chat", nil)])) == [
        "sessions.csv:3: error: start: user 'ann''s session starts (2026-03-02T08:30:00Z) before their session on row 2 ends; one user's sessions must not overlap",
        "sessions.csv:4: error: end: the session ends (2026-03-02T08:00:00Z) before it starts (2026-03-02T09:00:00Z); are start and end swapped?",
        "sessions.csv:5: error: team: unknown team 'Billing' (2 rows in all): no group lists it in teams: (teams known: chat, voice)",
        "sessions.csv:7: error: start: '2026-03-02T08:00:00' has no time zone; SeatMix assumes none: add Z for UTC or the site's offset, such as +01:00",
        "sessions.csv:8: error: end: is empty: the session has no end (still signed in when exported?); give its end, or leave the row out",
        "sessions.csv:9: error: user: is empty; every session names its user",
      ])
    #expect(
      try sessionProblems("user,begin,end\n", teams: nil) == [
        "sessions.csv:1: error: no start (or start_time) column (the header is 'user', 'begin', 'end')"
      ])
    #expect(
      try sessionProblems(
        "user,start,end\n", teams: SessionLog.TeamMap(groupTeams: [("Voice", nil), ("Chat", nil)])) == [
          "sessions.csv:1: error: no team (or team_name) column, and the deal has several groups: add the team of each row (the header is 'user', 'start', 'end')"
        ])
  }

  @Test func theMinuteSumIsWhatASharedPoolCovers() throws {
    let a = MinuteCounts(sortedStarts: [0, 5], sortedEnds: [10, 20])
    let b = MinuteCounts(sortedStarts: [8], sortedEnds: [12])
    let sum = MinuteCounts.sum([a, b])
    #expect(sum.dense(from: 0, to: 22) == [1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0])
    #expect(sum.peak == 3)
    #expect(a.onGrid(.minutes(15), first: 0, last: 19) == [2, 1])
  }
}
