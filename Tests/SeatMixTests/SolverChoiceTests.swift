import Foundation
import GLPKSolver
import MIPModel
import Synchronization
import Testing

@testable import SeatMix

/// The library solves with the solver the program hands it (issue 9, item 5): nothing in SeatMix
/// picks GLPK by itself.
@Suite struct SolverChoiceTests {
  /// GLPK behind a counter of the models it was given. Each answer it gives says it took one
  /// second of solver time, so that a total of solver time shows whose answers a result is made of.
  final class CountingSolver: Solver {
    let name = "counting GLPK"
    let models = Mutex(0)

    func solve(_ model: Model, options: SolveOptions) throws(ModelError) -> SolveResult {
      try solve([model], options: options)[0]
    }

    func solve(_ models: [Model], options: SolveOptions) throws(ModelError) -> [SolveResult] {
      self.models.withLock { $0 += models.count }
      return try GLPKSolver().solve(models, options: options).map {
        SolveResult(
          status: $0.status, values: $0.values, objective: $0.objective, bestBound: $0.bestBound,
          solverTime: .seconds(1), nodes: $0.nodes, iterations: $0.iterations)
      }
    }

    var count: Int { models.withLock { $0 } }
  }

  /// A deal whose optimum leaves the solver a choice (licensing any): the seed deal's one tier
  /// and model leave none, and such models are answered without a solver
  /// (``Formulation/settledOptimum()``), so a count of them would check nothing.
  static let seed = repositoryFile("Examples/mixed-center.yaml")

  @Test func optimizerSolvesWithTheGivenSolver() throws {
    let loaded = try DealLoader.load(file: Self.seed)
    let solver = CountingSolver()
    let optimizer = Optimizer(solver: solver)
    let prepared = try optimizer.prepare(loaded.deal, catalog: loaded.catalog)
    _ = try optimizer.analyze(loaded.deal, catalog: loaded.catalog)
    #expect(prepared.models.count > 0)
    #expect(solver.count == prepared.models.count)
  }

  @Test func reportsAndSweepsSolveWithTheGivenSolver() throws {
    let loaded = try DealLoader.load(file: Self.seed)
    let reportSolver = CountingSolver()
    let report = try ReportBuilder.build(
      loaded.deal, catalog: loaded.catalog, settings: ReportSettings(solver: reportSolver))
    #expect(reportSolver.count > 0)
    // Every solve's time is the counting solver's (models with no choice left are answered
    // without a solver, Formulation.settledOptimum, and take none): no solve went elsewhere.
    #expect(report.solverTime == .seconds(reportSolver.count))

    let sweepSolver = CountingSolver()
    var sweep = SweepSettings(solver: sweepSolver)
    sweep.agentSteps = 2
    sweep.concurrencySteps = 2
    _ = try SweepRunner.run(loaded.deal, catalog: loaded.catalog, settings: sweep)
    #expect(sweepSolver.count == 4)
  }

  @Test func batchesSolveWithTheGivenSolver() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("solver-choice-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let solver = CountingSolver()
    var options = BatchOptions(solver: solver, catalog: "zoom-contact-center")
    options.jobs = 1
    let summary = try BatchRunner.run(
      input: repositoryFile("Examples/batch-example.csv"), output: folder.appendingPathComponent("results.csv").path,
      options: options)
    #expect(summary.optimal > 0)
    #expect(solver.count >= summary.optimal)
  }
}
