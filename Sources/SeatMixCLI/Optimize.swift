import ArgumentParser
import Foundation
import MIPModel
import SeatMix

extension SeatMixCommand {
  struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the cheapest license mix for a deal file, with every single-tier plan beside it.")

    @Argument(help: "The deal file (YAML or JSON).", completion: .file(extensions: ["yaml", "yml", "json"]))
    var deal: String

    @Option(name: .shortAndLong, help: "Output format.")
    var format: OutputFormat = .table

    @OptionGroup var overrides: WhatIfOverrides

    @OptionGroup var catalog: CatalogChoice<InsteadOfTheDeals>

    @OptionGroup var limits: SolveLimits

    @Option(
      help: ArgumentHelp(
        "Also write the optimum's integer program in CPLEX LP format (readable by glpsol); - writes it to standard output instead of the plan.",
        valueName: "file"))
    var writeLp: String?

    /// Whether `--write-lp` can be written, before any solving: a folder or an unwritable place is bad
    /// input (exit 1), like any file that cannot be written.
    func checkWriteLP() throws {
      if let writeLp, writeLp != OutputPath.standardOutput {
        let folder = URL(fileURLWithPath: writeLp).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: writeLp, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue || !FileManager.default.isWritableFile(atPath: folder) {
          printError("error: --write-lp: cannot write \(writeLp) (is the folder there and writable?)")
          throw Exit.badInput
        }
      }
    }

    func run() throws {
      try checkWriteLP()
      let loaded: DealLoader.Loaded
      do {
        loaded = try DealLoader.load(file: deal)
      } catch {
        throw report(error)
      }
      printWarnings(loaded.warnings)
      do {
        let (deal, catalog) = try overrides.apply(to: loaded, catalog: self.catalog.catalog)
        let optimizer = Optimizer(solver: SeatMixCommand.solver, options: limits.solveOptions)
        let analysis = try optimizer.analyze(deal, catalog: catalog)
        if let writeLp {
          try OutputPath.writing(to: writeLp) { path in
            try Optimizer.writeLP(
              PlanningProblem(deal: deal, catalog: catalog), to: path ?? writeLp, using: SeatMixCommand.solver)
          }
        }
        if writeLp != OutputPath.standardOutput {
          print(PlanRenderer.render(analysis, as: format), terminator: "")
        }
        if analysis.plan == nil { throw Exit.noPlan }
      } catch let error as SeatMixError {
        throw report(error)
      }
    }
  }
}
