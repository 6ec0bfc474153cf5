import ArgumentParser
import Foundation
import MIPModel
import SeatMix

extension SeatMixCommand {
  struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "A what-if grid over growth and concurrency: which plan wins where.",
      discussion: """
        Every cell scales every group's agents by one percentage and sets every group's peak to one \
        concurrency ratio of them, then solves the deal. Writes sweep.csv (every cell: plan and cost) and \
        sweep.html (a heatmap of the winning mix) into DIR (default Reports/<deal-name>/).
        """)

    @Argument(help: "The deal file (YAML or JSON).", completion: .file(extensions: ["yaml", "yml", "json"]))
    var deal: String

    @Option(help: ArgumentHelp("Agents as a range of percentages of today's, e.g. 50%..200%.", valueName: "range"))
    var agents = "50%..200%"

    @Option(
      help: ArgumentHelp("Concurrency (peak ÷ agents) as a range of percentages, e.g. 20%..100%.", valueName: "range"))
    var concurrency = "20%..100%"

    @Option(help: ArgumentHelp("Values per axis: N for both, or AxC for agents × concurrency.", valueName: "n|axc"))
    var steps = "7x9"

    @Option(help: ArgumentHelp("The folder to write into (default: Reports/<deal-name>/).", valueName: "dir"))
    var out: String?

    @OptionGroup var misusedOut: NoShortOut

    @OptionGroup var workers: Workers

    @OptionGroup var limits: SolveLimits

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
      func fail(_ message: String) throws -> Never { throw ValidationError(message) }
      guard let agentRange = Self.percentRange(agents), agentRange.lowerBound >= 1, agentRange.upperBound <= 100_000
      else {
        try fail(
          "--agents: give a range of whole percentages from 1% to 100000%, like 50%..200%; got \(quoted(agents))")
      }
      _ = agentRange
      guard let concurrencyRange = Self.percentRange(concurrency), concurrencyRange.lowerBound >= 1,
        concurrencyRange.upperBound <= 100
      else {
        try fail(
          "--concurrency: give a range of whole percentages within 1%..100%, like 20%..100%; got \(quoted(concurrency))"
        )
      }
      _ = concurrencyRange
      guard let counts = Self.stepCounts(steps), counts.0 >= 1, counts.1 >= 1, counts.0 * counts.1 <= 10_000 else {
        try fail("--steps: give N or AxC, each at least 1 and at most 10000 cells in all; got \(quoted(steps))")
      }
      _ = counts
    }

    /// `50%..200%`, `50..200`, or one value `100%`.
    static func percentRange(_ text: String) -> ClosedRange<Int>? {
      let parts = text.replacingOccurrences(of: " ", with: "").components(separatedBy: "..")
      let values = parts.map { Int($0.hasSuffix("%") ? String($0.dropLast()) : $0) }
      guard (1...2).contains(values.count), values.allSatisfy({ $0 != nil }) else { return nil }
      let low = values[0]!
      let high = values.last!!
      return low <= high ? low...high : nil
    }

    static func stepCounts(_ text: String) -> (Int, Int)? {
      let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
      guard (1...2).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
      return (parts[0]!, parts.last!!)
    }

    func run() throws {
      let clock = ContinuousClock()
      let started = clock.now
      Interrupts.cleanUpOnSignal()
      do {
        let loaded = try DealLoader.load(file: deal)
        printWarnings(loaded.warnings)
        var settings = SweepSettings(solver: SeatMixCommand.solver)
        settings.agents = Self.percentRange(agents)!
        settings.concurrency = Self.percentRange(concurrency)!
        let counts = Self.stepCounts(steps)!
        settings.agentSteps = counts.0
        settings.concurrencySteps = counts.1
        settings.jobs = workers.count
        settings.solve = limits.solveOptions
        let result = try SweepRunner.run(loaded.deal, catalog: loaded.catalog, settings: settings)
        let folder = out ?? "Reports/\(DealReport.slug(loaded.deal.name))"
        let written = try ReportFiles.write(SweepFiles.render(result), to: folder)
        if !quiet {
          for path in written { print(path) }
          let cells = result.agentValues.count * result.concurrencyValues.count
          printError(
            "sweep: \(cells) cells in \(String(format: "%.2f", started.duration(to: clock.now).seconds)) s over \(workers.count) thread\(workers.count == 1 ? "" : "s")"
          )
        }
      } catch {
        throw report(error)
      }
    }
  }
}
