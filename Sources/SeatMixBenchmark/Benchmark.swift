import ArgumentParser
import Foundation
import GLPKSolver
import MIPModel
import SeatMix

@main
struct Benchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seatmix-bench",
    abstract: "Benchmark helpers for SeatMix; scripts/benchmark runs them all.",
    subcommands: [Generate.self, WriteLP.self, SolveInProcess.self, Breakdown.self, ReadOnly.self])

  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a seeded synthetic batch CSV.")
    @Option(help: "Scenarios to write.") var scenarios = 10_000
    @Option(help: "Agent groups (rows) per scenario.") var groups = 6
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(name: .shortAndLong, help: "Output CSV.") var output: String

    func run() throws {
      let rows = try SyntheticBatch.write(to: output, scenarios: scenarios, groups: groups, seed: seed)
      print("wrote \(scenarios) scenarios, \(rows) rows to \(output)")
    }
  }

  /// The first `count` scenarios of a batch CSV that read without errors, as deals.
  static func deals(in input: String, count: Int) throws -> [(deal: Deal, catalog: Catalog)] {
    let source = try BatchInput(file: input)
    let builder = ScenarioBuilder(
      defaultCatalog: "zoom-contact-center", library: CatalogLibrary.standard(for: input),
      delimiter: source.reader.delimiter, inputFile: input)
    var deals: [(deal: Deal, catalog: Catalog)] = []
    while deals.count < count, let rows = try source.nextScenario() {
      let scenario = builder.build(rows)
      if let deal = scenario.deal, let catalog = scenario.catalog { deals.append((deal, catalog)) }
    }
    return deals
  }

  /// The batch's first scenarios as LP files, for timing glpsol on the same models.
  struct WriteLP: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "write-lp", abstract: "Write the optimum's integer program of the first N scenarios as LP files.")
    @Argument(help: "A batch CSV.") var input: String
    @Option(help: "How many scenarios.") var count = 200
    @Option(name: .shortAndLong, help: "Folder for the LP files.") var output: String

    func run() throws {
      try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
      let deals = try Benchmark.deals(in: input, count: count)
      for (number, item) in deals.enumerated() {
        try Optimizer.writeLP(
          PlanningProblem(deal: item.deal, catalog: item.catalog), to: "\(output)/scenario-\(number + 1).lp",
          using: GLPKSolver())
      }
      print("wrote \(deals.count) LP files to \(output)")
    }
  }

  /// Times GLPK in this process on the same N models that write-lp writes, for comparison with glpsol.
  struct SolveInProcess: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "solve-in-process", abstract: "Time in-process GLPK on the optimum models of the first N scenarios.")
    @Argument(help: "A batch CSV.") var input: String
    @Option(help: "How many scenarios.") var count = 200

    func run() throws {
      let models = try Benchmark.deals(in: input, count: count).map {
        Formulation(PlanningProblem(deal: $0.deal, catalog: $0.catalog)).model
      }
      let solver = GLPKSolver()
      var solverTime = Duration.zero
      let started = ContinuousClock.now
      for model in models {
        solverTime += try solver.solve(model, options: SolveOptions(timeLimitSeconds: 10)).solverTime
      }
      let wall = ContinuousClock.now - started
      print(
        "in-process GLPK: \(models.count) models, \(wall) end to end (build + solve + check), \(solverTime) inside GLPK (the C call: build, solve, read, delete)"
      )
    }
  }
}

/// Where the time of one analysis goes, on one thread: model building, GLPK, plan reading.
struct Breakdown: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Split the time of analyzing the first N scenarios, as a batch worker does, into its steps.")
  @Argument(help: "A batch CSV.") var input: String
  @Option(help: "How many scenarios.") var count = 2000

  /// The steps of a batch worker, on one thread, in chunks of 32 scenarios: build each scenario's
  /// deal, prepare its models (planning problem and formulations), solve the chunk's models in one
  /// solver call, read the plans.
  func run() throws {
    let source = try BatchInput(file: input)
    let library = CatalogLibrary.standard(for: input)
    let builder = ScenarioBuilder(
      defaultCatalog: "zoom-contact-center", library: library, delimiter: source.reader.delimiter, inputFile: input,
      loadedDefault: try library.catalog("zoom-contact-center"))
    var chunks: [[ScenarioRows]] = [[]]
    var scenarios = 0
    while scenarios < count, let rows = try source.nextScenario() {
      if chunks[chunks.count - 1].count == 32 { chunks.append([]) }
      chunks[chunks.count - 1].append(rows)
      scenarios += 1
    }
    let optimizer = Optimizer(
      solver: GLPKSolver(), options: SolveOptions(timeLimitSeconds: 10), namesModels: false, optimumDetail: .totals)
    let cache = PlanningCache(catalogFile: builder.loadedDefault!.file)
    let clock = ContinuousClock()
    var build = Duration.zero
    var prepare = Duration.zero
    var solve = Duration.zero
    var glpk = Duration.zero
    var read = Duration.zero
    var models = 0
    for chunk in chunks {
      var t = clock.now
      let deals = chunk.map { builder.build($0) }.compactMap { scenario in
        scenario.deal.map { ($0, scenario.catalog!) }
      }
      build += clock.now - t
      t = clock.now
      var prepared: [(analysis: Optimizer.PreparedAnalysis, models: Range<Int>)] = []
      var all: [Model] = []
      for (deal, catalog) in deals {
        let analysis = try optimizer.prepare(deal, catalog: catalog, cache: cache)
        let start = all.count
        all += analysis.models
        prepared.append((analysis, start..<all.count))
      }
      prepare += clock.now - t
      t = clock.now
      let results = try optimizer.solver.solve(all, options: optimizer.options)
      solve += clock.now - t
      glpk += results.reduce(Duration.zero) { $0 + $1.solverTime }
      models += all.count
      t = clock.now
      for (analysis, range) in prepared { _ = try optimizer.finish(analysis, results: results[range]) }
      read += clock.now - t
    }
    func us(_ d: Duration) -> String {
      let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
      return String(format: "%5.1f µs", seconds * 1e6 / Double(max(scenarios, 1)))
    }
    print("per scenario (\(scenarios) scenarios, \(models) models, one thread, chunks of 32):")
    print("  deal from CSV rows:                \(us(build))")
    print("  planning problem and formulations: \(us(prepare))")
    print("  solver call:                       \(us(solve)) (inside GLPK: \(us(glpk)))")
    print("  plan reading:                      \(us(read))")
  }
}

/// How long reading and grouping a batch CSV takes, without building or solving anything.
struct ReadOnly: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "read-only", abstract: "Time reading and grouping a batch CSV into scenarios.")
  @Argument(help: "A batch CSV.") var input: String

  func run() throws {
    let clock = ContinuousClock()
    let started = clock.now
    let source = try BatchInput(file: input)
    var scenarios = 0
    while try source.nextScenario() != nil { scenarios += 1 }
    let elapsed = clock.now - started
    let perScenario =
      (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
      / Double(max(scenarios, 1))
    print(String(format: "read %d scenarios in %@: %.1f µs per scenario", scenarios, "\(elapsed)", perScenario))
  }
}
