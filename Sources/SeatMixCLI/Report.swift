import ArgumentParser
import Foundation
import MIPModel
import SeatMix

extension SeatMixCommand {
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a report that sells the answer: HTML, Markdown, CSV and JSON from one analysis.",
      discussion: """
        Writes report.html (self-contained: inline CSS and SVG charts, prints to PDF), report.md, plan.csv and \
        plan.json into DIR (default Reports/<deal-name>/). Sections: summary and savings, line items with reasons, \
        every plan side by side, named vs concurrent break-even, headroom per group, price sensitivity, \
        assumptions. Headroom and sensitivity are found by re-solving the deal, and say how.
        """)

    @Argument(help: "The deal file (YAML or JSON).", completion: .file(extensions: ["yaml", "yml", "json"]))
    var deal: String

    @Option(help: ArgumentHelp("The folder to write into (default: Reports/<deal-name>/).", valueName: "dir"))
    var out: String?

    @OptionGroup var misusedOut: NoShortOut

    @Flag(help: "Also write report.pdf through headless Chromium.")
    var pdf = false

    @OptionGroup var limits: SolveLimits

    @OptionGroup var workers: Workers

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
      let clock = ContinuousClock()
      let started = clock.now
      Interrupts.cleanUpOnSignal()
      let (dealReport, folder) = try buildReport()
      let written: [String]
      do {
        written = try ReportFiles.write(ReportFiles.render(dealReport), to: folder)
      } catch {
        throw SeatMixCLI.report(error)
      }
      let elapsed = started.duration(to: clock.now)
      if !quiet {
        for path in written { print(path) }
        printError(
          "report: \(dealReport.solves) solves in \(String(format: "%.2f", elapsed.seconds)) s (GLPK \(String(format: "%.2f", dealReport.solverTime.seconds)) s over \(workers.count) thread\(workers.count == 1 ? "" : "s"))"
        )
      }
      if pdf {
        guard let chromium = Chromium.find() else {
          printError("error: --pdf: report.pdf not written: \(Chromium.installHint). The other files are written.")
          throw Exit.badInput
        }
        let pdfPath = (folder as NSString).appendingPathComponent("report.pdf")
        do {
          try Chromium.printToPDF(html: written[0], pdf: pdfPath, executable: chromium)
        } catch {
          throw SeatMixCLI.report(error)
        }
        if !quiet { print(pdfPath) }
      }
      if dealReport.plan == nil { throw Exit.noPlan }
    }

    /// The deal's report and the folder it goes to.
    func buildReport() throws -> (DealReport, String) {
      let loaded: DealLoader.Loaded
      do {
        loaded = try DealLoader.load(file: deal)
      } catch {
        throw SeatMixCLI.report(error)
      }
      printWarnings(loaded.warnings)
      var settings = ReportSettings(solver: SeatMixCommand.solver)
      settings.jobs = workers.count
      settings.solve = limits.solveOptions
      do {
        let built = try ReportBuilder.build(loaded.deal, catalog: loaded.catalog, settings: settings)
        return (built, out ?? "Reports/\(built.slug)")
      } catch {
        throw SeatMixCLI.report(error)
      }
    }
  }
}

extension Duration {
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
