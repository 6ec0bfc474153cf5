import Foundation
import GLPKSolver
import Logging
import MIPModel
import SeatMix

/// Batch jobs: an uploaded CSV becomes a job that runs in the background, one at a time, while its
/// status says how many scenarios are done. Every solve of a batch takes a worker of the service's
/// solve pool in its turn (``PooledSolver``), so batches and interactive solves share the cores
/// first come, first served. At most `maximumBatches` jobs are kept: when all of them are unfinished
/// a new one is refused (503 with Retry-After). Its `results.csv` and `lines.csv` are the files
/// `seatmix batch` writes for the same input; its messages name the upload as the user named it
/// (`scenarios.csv:17: error: …`, `upload.csv` when unnamed), never the server's files. Jobs live in
/// a temporary folder and are gone when the service stops.
final class BatchJobs: @unchecked Sendable {
  enum State: String, Codable, Sendable { case queued, running, done, failed }

  struct Status: Codable, Sendable {
    var id: String
    var state: State
    var done: Int
    var total: Int
    /// Why a batch failed, or the problems of rows that were told as errors in the results.
    var message: String?
  }

  private struct Job {
    var status: Status
    var folder: URL
    /// The upload as the user named it, which messages say instead of the file stored here.
    var name: String
  }

  /// The name an uploaded file goes by when its request gives none.
  static let defaultName = "upload.csv"

  private let lock = NSLock()
  private var jobs: [String: Job] = [:]
  private var order: [String] = []
  private let runner = DispatchQueue(label: "seatmix.batch")
  private let root: URL
  private let catalogsFolder: String
  private let fallbackCatalog: String
  private let limit: Int
  private let logger: Logger
  private let solver: any Solver

  init(configuration: ServerConfiguration, catalogs: CatalogSet, pool: SolvePool, logger: Logger) throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "seatmix-batches-\(ProcessInfo.processInfo.processIdentifier)-\(DealSecrets.randomToken(bytes: 6))")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    // The uploaded CSV's folder gets a Catalogs/ link to the service's catalogs: the batch runner
    // looks there first for catalog ids (the CLI's search path), so a batch prices against exactly
    // the catalogs the service loaded.
    let first = catalogs.entries.values.first.map {
      URL(fileURLWithPath: $0.catalog.file).deletingLastPathComponent().path
    }
    catalogsFolder = configuration.catalogsFolder ?? first ?? "."
    fallbackCatalog = catalogs.entries["zoom-contact-center"] != nil ? "zoom-contact-center" : catalogs.ids[0]
    limit = configuration.maximumBatches
    self.logger = logger
    solver = PooledSolver(pool: pool, solver: GLPKSolver())
  }

  /// The file name an upload's messages give it: the last part of `name` (a browser may send a
  /// path), without control characters, at most 100 characters; `fallback` when that leaves
  /// nothing.
  static func uploadName(_ name: String?, default fallback: String = defaultName) -> String {
    let last = (name ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
    let clean = String(
      last.unicodeScalars.filter {
        !$0.properties.isDefaultIgnorableCodePoint && $0.properties.generalCategory != .control
      }
      .prefix(100).map(Character.init)
    ).trimmingCharacters(in: .whitespaces)
    return clean.isEmpty ? fallback : clean
  }

  /// Takes an uploaded CSV named `name` (nil: ``defaultName``): the id of its job, or nil when the
  /// service holds as many unfinished jobs as it keeps.
  func submit(_ csv: Data, name: String? = nil) throws -> String? {
    let id = DealSecrets.newID()
    let folder = root.appendingPathComponent(id)
    let name = Self.uploadName(name)
    let admitted: Bool = lock.withLock {
      while jobs.count >= limit {
        guard let oldest = order.first(where: { [.done, .failed].contains(jobs[$0]?.status.state) }) else {
          return false
        }
        if let job = jobs.removeValue(forKey: oldest) { try? FileManager.default.removeItem(at: job.folder) }
        order.removeAll { $0 == oldest }
      }
      jobs[id] = Job(status: Status(id: id, state: .queued, done: 0, total: 0), folder: folder, name: name)
      order.append(id)
      return true
    }
    guard admitted else { return nil }
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(
        atPath: folder.appendingPathComponent("Catalogs").path, withDestinationPath: catalogsFolder)
      try csv.write(to: folder.appendingPathComponent("input.csv"))
    } catch {
      update(id) {
        $0.state = .failed
        $0.message = "could not store the upload"
      }
      throw error
    }
    runner.async { self.run(id, folder: folder, name: name) }
    return id
  }

  func status(_ id: String) -> Status? { lock.withLock { jobs[id]?.status } }

  /// A finished job's output file (`results.csv` or `lines.csv`): nil while it is not done.
  func output(_ id: String, _ name: String) -> Data? {
    guard let job = lock.withLock({ jobs[id] }), job.status.state == .done else { return nil }
    return try? Data(contentsOf: job.folder.appendingPathComponent(name))
  }

  /// Deletes every job's files (at shutdown).
  func removeAll() {
    try? FileManager.default.removeItem(at: root)
  }

  private func update(_ id: String, _ change: (inout Status) -> Void) {
    lock.withLock {
      if var job = jobs[id] {
        change(&job.status)
        jobs[id] = job
      }
    }
  }

  private func run(_ id: String, folder: URL, name: String) {
    let input = folder.appendingPathComponent("input.csv").path
    update(id) { $0.state = .running }
    do {
      let survey = try BatchInput.survey(file: input)
      update(id) { $0.total = survey.scenarios }
      var options = BatchOptions(solver: solver, catalog: fallbackCatalog)
      options.jobs = 1
      options.linesFile = folder.appendingPathComponent("lines.csv").path
      options.progress = { [weak self] done, _ in self?.update(id) { $0.done = done } }
      let summary = try BatchRunner.run(
        input: input, output: folder.appendingPathComponent("results.csv").path, options: options)
      update(id) {
        $0.state = .done
        $0.done = summary.scenarios
        $0.total = summary.scenarios
        if !summary.errorLines.isEmpty {
          $0.message = summary.errorLines.map { userFacing($0, input: input, folder: folder, name: name) }
            .joined(separator: "\n")
        }
      }
      logger.info("batch done", metadata: ["batch": "\(id)", "scenarios": "\(summary.scenarios)"])
    } catch {
      let lines =
        error.diagnostics.isEmpty
        ? ["\(error)"]
        : error.diagnostics.map { diagnostic in
          var diagnostic = diagnostic
          if diagnostic.file == input { diagnostic.file = name }
          return diagnostic.description
        }
      update(id) {
        $0.state = .failed
        $0.message = lines.map { userFacing($0, input: input, folder: folder, name: name) }.joined(separator: "\n")
      }
    }
  }

  /// A message of a batch as its user sees it: the stored input named as uploaded, and no path of the
  /// server's (the job's folder, the folder of batches, the catalogs' folder) left in it.
  func userFacing(_ message: String, input: String, folder: URL, name: String) -> String {
    var message = message
    for (path, shown) in [
      (escaped(input), escaped(name)), (input, name), (folder.path + "/", ""), (folder.path, "."),
      (root.path, "batches"), (catalogsFolder, "Catalogs"),
    ] where !path.isEmpty {
      message = message.replacingOccurrences(of: path, with: shown)
    }
    return message
  }
}
