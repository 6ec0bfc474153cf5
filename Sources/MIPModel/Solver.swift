/// Why a search stopped before proving optimality. The node and iteration limits count work, so the
/// same model stops at the same place on any machine under any load; the time limit is wall-clock.
public enum SolveLimit: String, Sendable {
  case timeLimit = "time limit"
  case gapLimit = "gap limit"
  case nodeLimit = "node limit"
  case iterationLimit = "simplex iteration limit"
  /// The proof that no solution is one objective step cheaper (``Model/objectiveStep``) was
  /// inconclusive: the solver's tolerances let the incumbent itself through its cutoff.
  case precisionLimit = "precision limit"
}

/// How a solve ended. An objective value exists only where a solution does.
public enum SolveStatus: Sendable, Equatable {
  /// The solver proved that no better solution exists.
  case optimal
  /// A solution, but a limit stopped the search first; `gap` is the relative distance to the best
  /// proven bound when the solver reported one.
  case feasible(stoppedBy: SolveLimit, gap: Double?)
  /// Proven: no solution satisfies the constraints.
  case infeasible
  /// The objective can decrease without end.
  case unbounded
  /// A limit stopped the search before any solution was found.
  case noSolution(stoppedBy: SolveLimit)
}

/// How far a solve may search. Every solve has deterministic work limits, so that its answer is the
/// same bytes whatever the machine's load; a wall-clock limit applies only when one is asked for.
public struct SolveOptions: Sendable {
  /// Wall-clock seconds per solve, or nil for none (the default): with one, the answer depends on
  /// how busy the machine is.
  public var timeLimitSeconds: Double?
  /// Branch-and-bound nodes per solve.
  public var nodeLimit: Int
  /// Simplex iterations per solve, all of its LP relaxations together.
  public var iterationLimit: Int
  /// Relative gap at which the search may stop; 0 asks for a proof of optimality.
  public var relativeGap: Double

  /// Generous: every example deal and every deal of the benchmark's ladder (up to 3,000 groups)
  /// is proven optimal well inside them (README, Benchmarks).
  public static let defaultNodeLimit = 200_000
  public static let defaultIterationLimit = 20_000_000

  public init(
    timeLimitSeconds: Double? = nil, nodeLimit: Int = Self.defaultNodeLimit,
    iterationLimit: Int = Self.defaultIterationLimit, relativeGap: Double = 0
  ) {
    self.timeLimitSeconds = timeLimitSeconds
    self.nodeLimit = nodeLimit
    self.iterationLimit = iterationLimit
    self.relativeGap = relativeGap
  }
}

public struct SolveResult: Sendable {
  public let status: SolveStatus
  /// One value per variable (integers rounded), when a solution exists.
  public let values: [Double]?
  public let objective: Double?
  /// A proven lower bound on every solution's objective: the objective itself when optimal; when a
  /// limit stopped the search, the bound of the nodes it left, with a solution found or none; nil
  /// when the search reported none.
  public let bestBound: Double?
  /// CPU time the calling thread spent inside the solver itself (not building or checking the
  /// model). When several models were solved in one call that was timed as a whole, each result
  /// carries an even share of that call's time.
  public let solverTime: Duration
  /// The search's work, as counted against the limits: branch-and-bound nodes and simplex
  /// iterations (0 when the solver does not count them).
  public let nodes: Int
  public let iterations: Int

  public init(
    status: SolveStatus, values: [Double]?, objective: Double?, bestBound: Double?,
    solverTime: Duration = .zero, nodes: Int = 0, iterations: Int = 0
  ) {
    self.status = status
    self.values = values
    self.objective = objective
    self.bestBound = bestBound
    self.solverTime = solverTime
    self.nodes = nodes
    self.iterations = iterations
  }

  public func value(of variable: Variable) -> Double? { values?[variable.index] }
}

/// Turns a ``Model`` into a ``SolveResult``. GLPK is one conformer; tests have a brute-force one.
public protocol Solver: Sendable {
  var name: String { get }
  func solve(_ model: Model, options: SolveOptions) throws(ModelError) -> SolveResult
  /// Solves independent models, in order, in one go where the solver can (GLPK: one C call).
  /// When the solver times the batch as a whole, each result carries an even share of that time.
  /// Every model is checked before any is solved, so an invalid model fails the call whatever its
  /// place, and no results come back from a failed call.
  func solve(_ models: [Model], options: SolveOptions) throws(ModelError) -> [SolveResult]
}

extension Solver {
  /// One model after the other.
  public func solve(_ models: [Model], options: SolveOptions) throws(ModelError) -> [SolveResult] {
    var results: [SolveResult] = []
    results.reserveCapacity(models.count)
    for model in models { results.append(try solve(model, options: options)) }
    return results
  }
}

/// Writes a model as a file another tool reads (GLPK: CPLEX LP format, for `glpsol`).
public protocol LPWriter: Sendable {
  func writeLP(_ model: Model, to path: String) throws(ModelError)
}

/// The one error type of this module.
public enum ModelError: Error, Equatable, CustomStringConvertible {
  /// The model cannot be given to a solver: every problem found, by variable or constraint name.
  case invalidModel([String])
  /// The solver failed in a way that says nothing about the model's feasibility.
  case solverFailed(solver: String, message: String)
  /// The solver's answer breaks the model's own constraints.
  case solutionRejected(solver: String, violations: [String])

  public var description: String {
    switch self {
    case .invalidModel(let problems):
      return "invalid model: " + problems.joined(separator: "; ")
    case .solverFailed(let solver, let message):
      return "\(solver) failed: \(message)"
    case .solutionRejected(let solver, let violations):
      return "\(solver) returned a solution that breaks the model: "
        + violations.prefix(5).joined(separator: "; ")
    }
  }
}
