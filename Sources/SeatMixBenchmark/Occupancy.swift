import ArgumentParser
import Foundation
import SeatMix

// Helpers for concurrency over time (issue 10): Erlang C for scripts/check-erlang-c, seeded session
// logs for scripts/benchmark-sessions, and the example center of Examples/ (scripts/make-examples).

extension Benchmark {
  /// Reads cases from standard input, one per line: `contacts aht_minutes target_minutes
  /// interval_minutes shrinkage service_level max_occupancy`; prints `raw positions` per line.
  struct ErlangCCases: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "erlang-c", abstract: "Required positions by SeatMix's Erlang C, for scripts/check-erlang-c.")

    func run() throws {
      while let line = readLine() {
        let numbers = line.split(separator: " ").compactMap { Double($0) }
        guard numbers.count == 7 else { throw ValidationError("expected 7 numbers, got: \(line)") }
        let model = ErlangC(
          contacts: numbers[0], handleMinutes: numbers[1], targetMinutes: numbers[2], intervalMinutes: numbers[3],
          shrinkage: numbers[4])
        let required = model.requiredPositions(serviceLevel: numbers[5], maxOccupancy: numbers[6])
        print("\(required.raw) \(required.positions)")
      }
    }
  }

  /// A seeded session log: `users` agents in `teams` teams over `days` days, each working one
  /// shift a day on five days of seven (with a break that splits it into two sessions).
  struct Sessions: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Writes a seeded session log (user,team,start,end) for the sessions benchmark.")

    @Option var users = 2000
    @Option var teams = 20
    @Option var days = 365
    @Option var seed: UInt64 = 42
    @Option(name: .shortAndLong) var output: String

    func run() throws {
      var random = SeededRandom(seed: seed)
      var text = "user,team,start,end\n"
      text.reserveCapacity(users * days * 80)
      let start = ISOTime.monthStart(year: 2026, month: 1)
      for user in 0..<users {
        let team = "team-\(user % teams + 1)"
        let shift = Int64(user % 3) * 480 + Int64(random.next(below: 30))  // three 8-hour shifts
        for day in 0..<days where (day + user) % 7 < 5 {
          let begin = start + Int64(day) * 1440 + shift + Int64(random.next(below: 20)) - 10
          let lunch = begin + 210 + Int64(random.next(below: 60))
          let end = begin + 480 + Int64(random.next(below: 30))
          for (a, b) in [(begin, lunch), (lunch + 30, end)] {
            text += "u\(user),\(team),\(ISOTime(minute: a).text),\(ISOTime(minute: b).text)\n"
          }
        }
      }
      try text.write(toFile: output, atomically: true, encoding: .utf8)
    }
  }
}

/// SplitMix64: the same numbers for the same seed on every platform.
struct SeededRandom {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }

  /// Uniform in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
