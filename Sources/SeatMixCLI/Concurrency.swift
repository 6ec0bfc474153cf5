import ArgumentParser
import Foundation
import SeatMix

extension SeatMixCommand {
  struct Concurrency: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Reduce a session log to signed-in users per team and interval, with each month's billable peak.",
      discussion: """
        The CSV (start, then one column per team: the most users signed in at any minute of the \
        interval) goes to -o, standard output by default; it reads back as a wide profile file. \
        The month table (the billable peak of all teams pooled under the catalog's rule, the \
        instant peak, the sum of the teams' own peaks) goes to standard output when the CSV goes \
        to a file, to standard error otherwise.
        """)

    @Argument(help: "The session log (CSV): user,team,start,end, Zoom's work-session export, or a status history.")
    var sessions: String

    @Option(help: ArgumentHelp("Interval length: 15m, 30m, 60m or month.", valueName: "step"))
    var grid: String = "30m"

    @OptionGroup var catalog: CatalogChoice<ForTheBillingRule>

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the CSV; - is standard output.", valueName: "file"))
    var output: String = OutputPath.standardOutput

    func validate() throws {
      if GridStep(text: grid) == nil {
        throw ValidationError("--grid: write 15m, 30m, 60m or month, not \(escaped(grid))")
      }
    }

    func run() throws {
      let summary: String
      do {
        summary = try reduce(GridStep(text: grid) ?? .minutes(30))
      } catch {
        throw report(error)
      }
      if output == OutputPath.standardOutput { StandardError.write(summary) } else { print(summary, terminator: "") }
    }

    /// Reads the log, writes the CSV, and returns the summary.
    func reduce(_ step: GridStep) throws(SeatMixError) -> String {
      let chosen = try CatalogLibrary.standard(for: nil).catalog(catalog.catalog ?? ForTheBillingRule.fallback)
      let table = ConcurrencyTable(log: try SessionLog.read(path: sessions, teams: nil), step: step)
      try table.writeCSV(to: output)
      return table.summary(file: sessions, catalog: chosen)
    }
  }
}

/// The catalog whose billing rule measures the months' peaks.
enum ForTheBillingRule: CatalogRole {
  static let fallback = "zoom-contact-center"
  static let help =
    "Catalog id or path whose concurrent billing rule measures each month's peak. (default: \(fallback))"
}
