import ArgumentParser
import Foundation
import MIPModel
import SeatMix

extension SeatMixCommand {
  struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print every tier × model plan, under every billing term, beside the optimum.")

    @Argument(help: "The deal file (YAML or JSON).", completion: .file(extensions: ["yaml", "yml", "json"]))
    var deal: String

    @OptionGroup var limits: SolveLimits

    func run() throws {
      do {
        let loaded = try DealLoader.load(file: deal)
        printWarnings(loaded.warnings)
        var settings = ReportSettings(solver: SeatMixCommand.solver)
        settings.solve = limits.solveOptions
        let (analysis, rows) = try ReportBuilder.comparison(loaded.deal, catalog: loaded.catalog, settings: settings)
        print(ComparisonRenderer.render(analysis, rows), terminator: "")
        if analysis.plan == nil { throw Exit.noPlan }
      } catch let error as SeatMixError {
        throw report(error)
      }
    }
  }
}
