import Foundation
import GLPKShim
import MIPModel

/// GLPK's branch-and-cut behind ``MIPModel/Solver``.
///
/// Each call is one synchronous C call (`smx_solve`) that creates, solves and deletes the GLPK
/// problem on the calling thread, as GLPK requires; nothing is held across an `await`. Models are
/// validated in Swift first; the C shim catches what GLPK itself rejects, so no model aborts the
/// process.
public struct GLPKSolver: Solver {
  public let name = "GLPK"

  public init() {}

  public func solve(_ model: Model, options: SolveOptions) throws(ModelError) -> SolveResult {
    var problems = model.problems()
    // A NaN limit would trap in the conversion to milliseconds (and GLPK ignores a NaN gap).
    if options.timeLimitSeconds.isNaN { problems.append("the time limit is nan seconds") }
    if options.relativeGap.isNaN { problems.append("the relative gap is nan") }
    guard problems.isEmpty else { throw .invalidModel(problems) }
    if model.variables.isEmpty {
      // GLPK rejects empty problems; the constraints are constants that hold or not, and the answer
      // is the objective's constant.
      guard model.violations(at: []).isEmpty else {
        return SolveResult(status: .infeasible, values: nil, objective: nil, bestBound: nil)
      }
      return SolveResult(status: .optimal, values: [], objective: model.objective.constant, bestBound: nil)
    }
    let layout = GLPKLayout(model, withNames: false)
    var values = [Double](repeating: 0, count: model.variables.count)
    var result = smx_result()
    let started = Self.threadCPUTime()
    layout.withProblem(timeLimitMs: Self.milliseconds(options.timeLimitSeconds), gap: options.relativeGap) {
      problem in
      values.withUnsafeMutableBufferPointer { buffer in
        result.col_values = buffer.baseAddress
        smx_solve(problem, &result)
      }
    }
    let solverTime = Self.threadCPUTime() - started
    return try interpret(result, values: values, model: model, solverTime: solverTime)
  }

  /// Writes the model in CPLEX LP format, with its domain names, for `glpsol` and for people.
  public func writeLP(_ model: Model, to path: String) throws(ModelError) {
    let problems = model.problems()
    guard problems.isEmpty else { throw .invalidModel(problems) }
    // CPLEX LP has no objective constant (GLPK writes it only as a comment), so it goes in as a
    // variable fixed at 1: glpsol then reports the same objective as the plan.
    var written = model
    let constant = model.objective.merged().constant
    if constant != 0 {
      let one = written.addVariable(
        "objective_constant", kind: .continuous, lowerBound: 1, upperBound: 1)
      written.objective.addConstant(-constant)
      written.objective.add(constant, one)
    }
    let layout = GLPKLayout(written, withNames: true)
    var result = smx_result()
    var code: Int32 = 0
    layout.withProblem(timeLimitMs: 1000, gap: 0) { problem in
      code = smx_write_lp(problem, path, &result)
    }
    if code != 0 { throw .solverFailed(solver: name, message: Self.message(of: result)) }
  }

  /// CPU time of the calling thread: what GLPK itself costs, whatever else the machine is doing.
  static func threadCPUTime() -> Duration {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
  }

  static func milliseconds(_ seconds: Double) -> Int32 {
    Int32(min(max(seconds * 1000, 1), Double(Int32.max)))
  }

  static func message(of result: smx_result) -> String {
    withUnsafeBytes(of: result.message) { bytes in
      let prefix = bytes.prefix { $0 != 0 }
      return String(decoding: prefix, as: UTF8.self)
    }
  }

  private func interpret(
    _ result: smx_result, values: [Double], model: Model, solverTime: Duration
  ) throws(ModelError) -> SolveResult {
    let limit: SolveLimit = Int(result.stopped_by) == Int(SMX_GAP_LIMIT.rawValue) ? .gapLimit : .timeLimit
    let status: SolveStatus
    switch Int(result.outcome) {
    case Int(SMX_OPTIMAL.rawValue): status = .optimal
    case Int(SMX_FEASIBLE.rawValue): status = .feasible(stoppedBy: limit, gap: result.gap >= 0 ? result.gap : nil)
    case Int(SMX_INFEASIBLE.rawValue): status = .infeasible
    case Int(SMX_UNBOUNDED.rawValue): status = .unbounded
    case Int(SMX_NO_SOLUTION.rawValue): status = .noSolution(stoppedBy: limit)
    case Int(SMX_GLPK_FATAL.rawValue):
      throw .solverFailed(solver: name, message: "GLPK fatal error (caught): " + Self.message(of: result))
    default:
      throw .solverFailed(solver: name, message: Self.message(of: result))
    }
    switch status {
    case .optimal, .feasible:
      var rounded = values
      for (index, variable) in model.variables.enumerated() where variable.kind != .continuous {
        rounded[index] = values[index].rounded()
      }
      let violations = model.violations(at: rounded)
      guard violations.isEmpty else { throw .solutionRejected(solver: name, violations: violations) }
      let objective = model.objective.value(at: rounded)
      return SolveResult(
        status: status, values: rounded, objective: objective,
        bestBound: status == .optimal ? objective : (result.gap >= 0 ? result.best_bound : nil),
        solverTime: solverTime)
    case .infeasible, .unbounded, .noSolution:
      return SolveResult(status: status, values: nil, objective: nil, bestBound: nil, solverTime: solverTime)
    }
  }
}

/// The model in the column/row/triplet arrays that `smx_problem` points at.
struct GLPKLayout {
  var columnKinds: [Int32] = []
  var columnBounds: [Int32] = []
  var columnLower: [Double] = []
  var columnUpper: [Double] = []
  var objective: [Double] = []
  var objectiveConstant: Double = 0
  var rowBounds: [Int32] = []
  var rowLower: [Double] = []
  var rowUpper: [Double] = []
  // GLPK's 1-based triplets: element 0 is unused.
  var entryRows: [Int32] = [0]
  var entryColumns: [Int32] = [0]
  var entryValues: [Double] = [0]
  var columnNames: [String]? = nil
  var rowNames: [String]? = nil

  init(_ model: Model, withNames: Bool) {
    let count = model.variables.count
    columnKinds.reserveCapacity(count)
    for variable in model.variables {
      switch variable.kind {
      case .continuous: columnKinds.append(Int32(SMX_CONTINUOUS.rawValue))
      case .integer: columnKinds.append(Int32(SMX_INTEGER.rawValue))
      case .binary: columnKinds.append(Int32(SMX_BINARY.rawValue))
      }
      let (type, lower, upper) = Self.bounds(variable.lowerBound, variable.upperBound)
      columnBounds.append(type)
      columnLower.append(lower)
      columnUpper.append(upper)
    }
    objective = [Double](repeating: 0, count: count)
    let merged = model.objective.merged()
    for term in merged.terms { objective[term.variable.index] = term.coefficient }
    objectiveConstant = merged.constant
    let rows = model.constraintCount
    rowBounds.reserveCapacity(rows)
    rowLower.reserveCapacity(rows)
    rowUpper.reserveCapacity(rows)
    for row in 0..<rows {
      let bound = model.rowBounds[row]
      switch model.rowRelations[row] {
      case .lessOrEqual:
        rowBounds.append(Int32(SMX_UPPER.rawValue))
        rowLower.append(0)
        rowUpper.append(bound)
      case .greaterOrEqual:
        rowBounds.append(Int32(SMX_LOWER.rawValue))
        rowLower.append(bound)
        rowUpper.append(0)
      case .equal:
        rowBounds.append(Int32(SMX_FIXED.rawValue))
        rowLower.append(bound)
        rowUpper.append(bound)
      }
    }
    let entries = model.entryVariables.count
    entryRows.reserveCapacity(entries + 1)
    entryColumns.reserveCapacity(entries + 1)
    for row in 0..<rows {
      for entry in model.rowStarts[row]..<model.rowStarts[row + 1] {
        entryRows.append(Int32(row + 1))
        entryColumns.append(Int32(model.entryVariables[entry] + 1))
      }
    }
    entryValues += model.entryCoefficients
    if withNames {
      columnNames = Self.uniqueLPNames(model.variables.map(\.name))
      rowNames = Self.uniqueLPNames((0..<model.constraintCount).map(model.constraintName))
    }
  }

  static func bounds(_ lower: Double?, _ upper: Double?) -> (Int32, Double, Double) {
    switch (lower, upper) {
    case (nil, nil): return (Int32(SMX_FREE.rawValue), 0, 0)
    case (let lower?, nil): return (Int32(SMX_LOWER.rawValue), lower, 0)
    case (nil, let upper?): return (Int32(SMX_UPPER.rawValue), 0, upper)
    case (let lower?, let upper?):
      return (Int32(lower == upper ? SMX_FIXED.rawValue : SMX_DOUBLE.rawValue), lower, upper)
    }
  }

  /// CPLEX LP names allow letters, digits and a few symbols, at most 255 characters.
  static func lpName(_ name: String) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.[]")
    let mapped = String(name.map { allowed.contains($0) ? $0 : "_" })
    let start = mapped.first.map { $0.isLetter || $0 == "_" } ?? false ? mapped : "_" + mapped
    return String(start.prefix(255))
  }

  /// ``lpName(_:)`` of each name, with `~2`, `~3`… appended where names would otherwise come out the
  /// same (`a b` and `a=b`): a file with two equal names is not the model (glpsol merges equal
  /// variable names and rejects equal constraint names). `lpName` never yields a `~`.
  static func uniqueLPNames(_ names: [String]) -> [String] {
    var used = Set<String>()
    return names.map { name in
      let base = lpName(name)
      var candidate = base
      var number = 1
      while !used.insert(candidate).inserted {
        number += 1
        let suffix = "~\(number)"
        candidate = String(base.prefix(255 - suffix.count)) + suffix
      }
      return candidate
    }
  }

  func withProblem(timeLimitMs: Int32, gap: Double, _ body: (UnsafePointer<smx_problem>) -> Void) {
    withCStrings(columnNames) { columnNamePointers in
      withCStrings(rowNames) { rowNamePointers in
        var problem = smx_problem()
        problem.num_rows = Int32(rowBounds.count)
        problem.num_cols = Int32(columnKinds.count)
        problem.num_nonzeros = Int32(entryRows.count - 1)
        problem.objective_constant = objectiveConstant
        problem.time_limit_ms = timeLimitMs
        problem.mip_gap = gap
        columnKinds.withUnsafeBufferPointer {
          problem.col_kind = $0.baseAddress
          columnBounds.withUnsafeBufferPointer {
            problem.col_bound = $0.baseAddress
            columnLower.withUnsafeBufferPointer {
              problem.col_lower = $0.baseAddress
              columnUpper.withUnsafeBufferPointer {
                problem.col_upper = $0.baseAddress
                objective.withUnsafeBufferPointer {
                  problem.objective = $0.baseAddress
                  rowBounds.withUnsafeBufferPointer {
                    problem.row_bound = $0.baseAddress
                    rowLower.withUnsafeBufferPointer {
                      problem.row_lower = $0.baseAddress
                      rowUpper.withUnsafeBufferPointer {
                        problem.row_upper = $0.baseAddress
                        entryRows.withUnsafeBufferPointer {
                          problem.nz_row = $0.baseAddress
                          entryColumns.withUnsafeBufferPointer {
                            problem.nz_col = $0.baseAddress
                            entryValues.withUnsafeBufferPointer {
                              problem.nz_value = $0.baseAddress
                              problem.col_names = columnNamePointers
                              problem.row_names = rowNamePointers
                              withUnsafePointer(to: problem) { body($0) }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

/// Calls `body` with a C array of C strings that lives for the call, or nil when there are none.
private func withCStrings<R>(
  _ strings: [String]?, _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R
) -> R {
  guard let strings else { return body(nil) }
  var storage = strings.map { strdup($0) }
  defer { for pointer in storage { free(pointer) } }
  return storage.withUnsafeMutableBufferPointer { buffer in
    buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) {
      body(UnsafePointer($0))
    }
  }
}
