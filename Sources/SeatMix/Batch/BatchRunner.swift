import Foundation
import MIPModel

/// How `seatmix batch` runs.
public struct BatchOptions: Sendable {
  /// Catalog id or path for scenarios that name none; also the source of the qty_ columns. The
  /// program that runs the batch chooses it (the CLI's `--catalog`); the library names no vendor.
  public var catalog: String
  /// Folders a scenario's `catalog` cell may name a file in, besides the input's folder and the
  /// catalog search path.
  public var catalogRoots: [String] = []
  /// Worker threads; each solves whole scenarios with its own GLPK environment.
  public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
  /// Solve only slice `index` (1-based) of `count` contiguous slices of the scenarios.
  public var shard: (index: Int, count: Int)?
  public var linesFile: String?
  public var solve = SolveOptions()
  /// GLPK in the CLI; tests put a failing solver here.
  public var solver: any Solver
  /// Called on the calling thread as results are written: (scenarios written, fraction of input read).
  public var progress: (@Sendable (Int, Double) -> Void)?

  public init(solver: any Solver, catalog: String) {
    self.solver = solver
    self.catalog = catalog
  }
}

/// What a batch run did, for the summary line and the benchmark.
public struct BatchSummary: Sendable {
  public var scenarios = 0
  public var optimal = 0
  public var feasible = 0
  public var infeasible = 0
  /// Scenarios a time limit stopped before any plan was found (not proven infeasible).
  public var noSolution = 0
  public var errors = 0
  public var rows = 0
  public var wallTime = Duration.zero
  /// Summed over workers: CPU time inside GLPK.
  public var solverTime = Duration.zero
  public var jobs = 1
  public var readAsWindows1252 = false
  /// Header cells no scenario read: neither a fixed column nor a column of a scenario's catalog.
  public var ignoredHeaders: [String] = []
  /// Positions in ``BatchInput/otherHeaders`` that some scenario's catalog read.
  var readOthers = Set<Int>()
  /// Every error line, "INPUT.csv:17: error: scenario 'x': row 17, agents: ...", capped.
  public var errorLines: [String] = []

  public var allSucceeded: Bool { scenarios == optimal + feasible }
}

/// Solves a CSV of scenarios on worker threads, streaming: the reader groups rows into scenarios,
/// workers build and solve them (one synchronous GLPK call at a time per thread, as GLPK requires),
/// and the calling thread writes results in input order to temporary files that replace the
/// outputs only when the run completes.
public enum BatchRunner {
  static let chunkSize = 32

  public static func run(input: String, output: String, options: BatchOptions) throws(SeatMixError) -> BatchSummary {
    let clock = ContinuousClock()
    let started = clock.now
    let library = CatalogLibrary.standard(for: input)
    let catalog = try library.catalog(options.catalog)
    let skus = catalog.skus

    // A first fast pass: how many scenarios (for shards), and which have rows that are not
    // together, so that every part of those is an error before any result is written.
    var status = stat()
    if stat(input, &status) == 0, status.st_mode & S_IFMT != S_IFREG, status.st_mode & S_IFMT != S_IFDIR {
      throw .unreadable(
        file: input,
        reason: "is not a regular file (a pipe or a device); batch reads it twice, so save it to a file first")
    }
    let survey = try BatchInput.survey(file: input)
    var slice: Range<Int>?
    if let shard = options.shard {
      let total = survey.scenarios
      slice = (total * (shard.index - 1) / shard.count)..<(total * shard.index / shard.count)
    }
    let range = slice

    let source = try BatchInput(file: input, survey: survey)
    var configured = ScenarioBuilder(
      input: source, defaultCatalog: options.catalog, library: library, loadedDefault: catalog)
    configured.catalogRoots = options.catalogRoots
    let builder = configured
    let optimizer = Optimizer(
      solver: options.solver, options: options.solve, namesModels: false,
      optimumDetail: options.linesFile == nil ? .totals : .shares)
    let results = try OutputFile(path: output)
    let lines: OutputFile?
    do throws(SeatMixError) {
      lines = try options.linesFile.map { path throws(SeatMixError) in try OutputFile(path: path) }
    } catch {
      results.discard()  // no partial results file when the lines file cannot be written
      throw error
    }
    let writeHeader = options.shard.map { $0.index == 1 } ?? true
    if writeHeader {
      results.write(BatchOutput.csvLine(BatchOutput.resultHeader(skus: skus)))
      lines?.write(BatchOutput.csvLine(BatchOutput.linesHeader))
    }

    let jobs = max(1, options.jobs)
    let work = BlockingQueue<(Int, [ScenarioRows])>(capacity: jobs * 4)
    let done = BlockingQueue<ChunkResult>(capacity: jobs * 8)
    var workers: [Thread] = []
    for number in 0..<jobs {
      let catalogFile = catalog.file
      let thread = Thread {
        let cache = PlanningCache(catalogFile: catalogFile)
        while let (sequence, chunk) = work.take() {
          done.put(
            solve(
              chunk, sequence: sequence, builder: builder, optimizer: optimizer, cache: cache, skus: skus,
              lines: lines != nil))
        }
        done.put(ChunkResult(sequence: -1))  // this worker is finished
      }
      thread.name = "seatmix-worker-\(number)"
      thread.stackSize = 8 << 20
      workers.append(thread)
      thread.start()
    }

    // The reader: groups rows into scenarios and hands out chunks, on its own thread.
    let readerError = LockedBox<SeatMixError?>(nil)
    let fileSize = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
    let readProgress = LockedBox<Double>(0)
    let reader = Thread {
      var sequence = 0
      var chunk: [ScenarioRows] = []
      do throws(SeatMixError) {
        while let scenario = try source.nextScenario() {
          if let range, !range.contains(scenario.index) {
            if scenario.index >= range.upperBound { break }
            continue
          }
          chunk.append(scenario)
          if chunk.count == chunkSize {
            work.put((sequence, chunk))
            sequence += 1
            chunk = []
            if fileSize > 0 { readProgress.value = Double(source.reader.bytesRead) / Double(fileSize) }
          }
        }
        if !chunk.isEmpty { work.put((sequence, chunk)) }
      } catch {
        readerError.value = error
      }
      work.close()
    }
    reader.start()

    // The writer: this thread, in input order.
    var summary = BatchSummary()
    summary.jobs = jobs
    var waiting: [Int: ChunkResult] = [:]
    var nextSequence = 0
    var finishedWorkers = 0
    while finishedWorkers < jobs {
      guard let result = done.take() else { break }
      if result.sequence < 0 {
        finishedWorkers += 1
        continue
      }
      waiting[result.sequence] = result
      while let ready = waiting.removeValue(forKey: nextSequence) {
        results.write(ready.results)
        lines?.write(ready.lines)
        summary.add(ready)
        nextSequence += 1
        options.progress?(summary.scenarios, readProgress.value)
      }
    }
    if let error = readerError.value {
      results.discard()
      lines?.discard()
      throw error
    }
    for (id, runs) in survey.split.sorted(by: { $0.value[0] < $1.value[0] }) {
      summary.errorLines.append(
        "\(runs[0]): error: scenario \(quoted(id)): its rows are not together (they start at rows \(runs.map(String.init).joined(separator: ", ")))"
      )
    }
    try OutputFile.commit([results] + (lines.map { [$0] } ?? []))
    summary.readAsWindows1252 = source.reader.readAsWindows1252
    summary.ignoredHeaders = source.otherHeaders.indices.filter { !summary.readOthers.contains($0) }.map {
      source.otherHeaders[$0]
    }
    summary.wallTime = started.duration(to: clock.now)
    summary.errorLines = summary.errorLines.map { "\(escaped(input)):\($0)" }
    return summary
  }

  struct ChunkResult: Sendable {
    var sequence: Int
    var results = ""
    var lines = ""
    var optimal = 0
    var feasible = 0
    var infeasible = 0
    var noSolution = 0
    var errors = 0
    var rows = 0
    var solverTime = Duration.zero
    var errorLines: [String] = []
    var readOthers = Set<Int>()
  }

  /// Builds and solves a chunk of scenarios: every scenario's models first, then all of them in
  /// one solver call (one GLPK call and one reading of the thread's clock per chunk), then the
  /// plans and rows.
  static func solve(
    _ chunk: [ScenarioRows], sequence: Int, builder: ScenarioBuilder, optimizer: Optimizer, cache: PlanningCache,
    skus: [SKU], lines: Bool
  ) -> ChunkResult {
    var result = ChunkResult(sequence: sequence)
    var scenarios: [BatchScenario] = []
    // Per scenario: its prepared analysis and where its models are in `models`; nil: the rows were bad.
    var prepared: [Result<(analysis: Optimizer.PreparedAnalysis, models: Range<Int>), SeatMixError>?] = []
    var models: [Model] = []
    scenarios.reserveCapacity(chunk.count)
    prepared.reserveCapacity(chunk.count)
    for rows in chunk {
      result.rows += rows.rows.count
      let scenario = builder.build(rows)
      scenarios.append(scenario)
      result.readOthers.formUnion(scenario.readOthers)
      guard let deal = scenario.deal, let catalog = scenario.catalog, scenario.splitRuns == nil else {
        prepared.append(nil)
        continue
      }
      do {
        let analysis = try optimizer.prepare(deal, catalog: catalog, cache: cache)
        let start = models.count
        models += analysis.models
        prepared.append(.success((analysis, start..<models.count)))
      } catch {
        prepared.append(.failure(error))
      }
    }
    // A model the solver fails on fails the whole call; then each scenario is solved apart, so that
    // only its own scenario reports the failure (the failed call's solver time is not counted).
    let results = try? optimizer.solver.solve(models, options: optimizer.options)
    for (scenario, preparation) in zip(scenarios, prepared) {
      guard let preparation else {
        if let runs = scenario.splitRuns {
          // Only the split is said in the results; the part's own problems are still printed.
          let split = BatchProblem(row: nil, message: BatchInput.splitMessage(scenario.id, runs: runs))
          record(failed: scenario, errors: [split], printing: scenario.errors, skus: skus, into: &result)
        } else {
          record(failed: scenario, errors: scenario.errors, skus: skus, into: &result)
        }
        continue
      }
      let analysis: Analysis
      do throws(SeatMixError) {
        let (prepared, range) = try preparation.get()
        if let results {
          analysis = try optimizer.finish(prepared, results: results[range])
        } else {
          let own: [SolveResult]
          do {
            own = try optimizer.solver.solve(prepared.models, options: optimizer.options)
          } catch {
            throw .solver(error)
          }
          analysis = try optimizer.finish(prepared, results: own[...])
        }
      } catch {
        record(
          failed: scenario, errors: [BatchProblem(row: nil, message: error.description)], skus: skus, into: &result)
        continue
      }
      record(scenario, analysis, skus: skus, lines: lines, into: &result)
    }
    return result
  }

  /// The result row (and line items) of a solved scenario.
  static func record(
    _ scenario: BatchScenario, _ analysis: Analysis, skus: [SKU], lines: Bool, into result: inout ChunkResult
  ) {
    result.solverTime += analysis.solverTime
    BatchOutput.appendCSVLine(BatchOutput.resultRow(scenario, analysis, skus: skus), to: &result.results)
    if lines {
      for row in BatchOutput.lineRows(scenario, analysis) { BatchOutput.appendCSVLine(row, to: &result.lines) }
    }
    switch analysis.outcome.status {
    case .optimal: result.optimal += 1
    case .feasible: result.feasible += 1
    case .infeasible:
      result.infeasible += 1
      result.errorLines += analysis.outcome.reasons.map {
        "\(scenario.firstRow): infeasible: scenario \(quoted(scenario.id)): \($0)"
      }
    case .noSolution:
      result.noSolution += 1
      result.errorLines += analysis.outcome.reasons.map {
        "\(scenario.firstRow): no solution: scenario \(quoted(scenario.id)): \($0) (try a larger --time-limit)"
      }
    }
  }

  /// The error row of a scenario that could not be read or solved, and a stderr line per problem
  /// (`printing`, when other than `errors`) at the problem's own row, or the scenario's first row
  /// for a problem of the scenario as a whole (a solver failure).
  static func record(
    failed scenario: BatchScenario, errors: [BatchProblem], printing printed: [BatchProblem]? = nil, skus: [SKU],
    into result: inout ChunkResult
  ) {
    var failed = scenario
    failed.errors = errors
    result.errors += 1
    BatchOutput.appendCSVLine(BatchOutput.errorRow(failed, skus: skus), to: &result.results)
    result.errorLines += (printed ?? errors).map {
      "\($0.row ?? scenario.firstRow): error: scenario \(quoted(scenario.id)): \($0)"
    }
  }
}

extension BatchSummary {
  mutating func add(_ chunk: BatchRunner.ChunkResult) {
    optimal += chunk.optimal
    feasible += chunk.feasible
    infeasible += chunk.infeasible
    noSolution += chunk.noSolution
    errors += chunk.errors
    rows += chunk.rows
    scenarios += chunk.optimal + chunk.feasible + chunk.infeasible + chunk.noSolution + chunk.errors
    solverTime += chunk.solverTime
    readOthers.formUnion(chunk.readOthers)
    if errorLines.count < 1000 { errorLines += chunk.errorLines.prefix(1000 - errorLines.count) }
  }
}
