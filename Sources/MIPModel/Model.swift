/// What values a variable may take.
public enum VariableKind: String, Sendable {
  case continuous
  case integer
  case binary
}

public struct VariableDefinition: Sendable {
  /// The domain name, or `x1`, `x2`… when the model keeps no names.
  public var name: String { storedName ?? "x\(index + 1)" }
  public let kind: VariableKind
  public let lowerBound: Double?
  public let upperBound: Double?
  let storedName: String?
  let index: Int
}

/// A mixed-integer linear program that knows no solver: named variables, named constraints and an
/// objective to minimize. Names come from the domain (`seats[elite,concurrent]`,
/// `cover[group=Tier 1]`) so that results and diagnostics point back at requirements.
public struct Model: Sendable {
  public private(set) var variables: [VariableDefinition] = []
  /// Minimized.
  public var objective = LinearExpression()
  /// Whether the domain names are kept. High-volume callers (batch runs) turn this off to skip
  /// building name strings; variables and constraints are then called `x1…`, `r1…`.
  public let keepsNames: Bool

  // Constraints are stored flat, as compressed rows, so that building and solving many small
  // models allocates little: row i is `Σ coefficient × variable ⋈ bound` over the entries
  // rowStarts[i] ..< rowStarts[i + 1], one per variable, in variable order.
  public private(set) var rowRelations: [Relation] = []
  public private(set) var rowBounds: [Double] = []
  public private(set) var rowStarts: [Int] = [0]
  public private(set) var entryVariables: [Int] = []
  public private(set) var entryCoefficients: [Double] = []
  /// One per row when the model keeps names.
  private var rowNames: [String] = []
  private var scratch: [Term] = []

  public init(keepsNames: Bool = true) { self.keepsNames = keepsNames }

  /// Makes room ahead, for callers that know roughly how big the model will be.
  public mutating func reserveCapacity(variables: Int, constraints: Int, entries: Int) {
    self.variables.reserveCapacity(variables)
    rowRelations.reserveCapacity(constraints)
    rowBounds.reserveCapacity(constraints)
    rowStarts.reserveCapacity(constraints + 1)
    if keepsNames { rowNames.reserveCapacity(constraints) }
    entryVariables.reserveCapacity(entries)
    entryCoefficients.reserveCapacity(entries)
  }

  @discardableResult
  public mutating func addVariable(
    _ name: @autoclosure () -> String, kind: VariableKind, lowerBound: Double? = 0, upperBound: Double? = nil
  ) -> Variable {
    let isBinary = kind == .binary
    variables.append(
      VariableDefinition(
        kind: kind, lowerBound: isBinary ? 0 : lowerBound, upperBound: isBinary ? 1 : upperBound,
        storedName: keepsNames ? name() : nil, index: variables.count))
    return Variable(index: variables.count - 1)
  }

  /// Adds `lhs ⋈ rhs` in normal form: variables on the left, one term each, the constant on the right.
  public mutating func add(_ comparison: Comparison, named name: @autoclosure () -> String) {
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: comparison.lhs.terms)
    for term in comparison.rhs.terms { scratch.append(Term(variable: term.variable, coefficient: -term.coefficient)) }
    appendRow(comparison.relation, comparison.rhs.constant - comparison.lhs.constant, named: name())
  }

  /// Adds `expression ⋈ rhs`, the same as `add(expression <= LinearExpression(constant: rhs))` and
  /// so on, without building a comparison: for formulations that reuse one expression for every row.
  public mutating func add(
    _ expression: LinearExpression, _ relation: Relation, _ rhs: Double, named name: @autoclosure () -> String
  ) {
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: expression.terms)
    appendRow(relation, rhs - expression.constant, named: name())
  }

  /// Appends the row held in `scratch`: sorted by variable, merged, zero coefficients dropped.
  private mutating func appendRow(_ relation: Relation, _ bound: Double, named name: @autoclosure () -> String) {
    scratch.sort { $0.variable < $1.variable }
    var index = 0
    while index < scratch.count {
      let variable = scratch[index].variable
      var coefficient = 0.0
      while index < scratch.count && scratch[index].variable == variable {
        coefficient += scratch[index].coefficient
        index += 1
      }
      if coefficient != 0 {
        entryVariables.append(variable.index)
        entryCoefficients.append(coefficient)
      }
    }
    rowStarts.append(entryVariables.count)
    rowRelations.append(relation)
    rowBounds.append(bound)
    if keepsNames { rowNames.append(name()) }
  }

  public var constraintCount: Int { rowRelations.count }

  /// The domain name of a constraint, or `r1`, `r2`… when the model keeps no names.
  public func constraintName(_ row: Int) -> String { keepsNames ? rowNames[row] : "r\(row + 1)" }

  /// One constraint, as a value.
  public func constraint(at row: Int) -> Constraint {
    Constraint(
      name: constraintName(row),
      terms: (rowStarts[row]..<rowStarts[row + 1]).map {
        Term(variable: Variable(index: entryVariables[$0]), coefficient: entryCoefficients[$0])
      },
      relation: rowRelations[row], bound: rowBounds[row])
  }

  /// Every constraint, as values (for reading and tests; solvers use the flat rows).
  public var constraints: [Constraint] { (0..<constraintCount).map(constraint(at:)) }

  /// How far the point is from satisfying row `row` (0 when it does).
  public func violation(ofRow row: Int, at values: [Double]) -> Double {
    var lhs = 0.0
    for entry in rowStarts[row]..<rowStarts[row + 1] {
      lhs += entryCoefficients[entry] * values[entryVariables[entry]]
    }
    return Constraint.violation(lhs: lhs, relation: rowRelations[row], bound: rowBounds[row])
  }

  public func name(of variable: Variable) -> String { variables[variable.index].name }

  /// Every structural problem at once: non-finite numbers, crossed or fractional integer bounds,
  /// references to variables of another model, duplicate names.
  public func problems() -> [String] {
    var problems: [String] = []
    var seenVariables = Set<String>()
    for variable in variables {
      if keepsNames && !seenVariables.insert(variable.name).inserted {
        problems.append("variable \(variable.name) is defined twice")
      }
      func check(_ bound: Double?, _ label: String) {
        guard let bound else { return }
        if !bound.isFinite {
          problems.append("variable \(variable.name) has a non-finite \(label) bound \(bound)")
        } else if variable.kind != .continuous && bound != bound.rounded() {
          problems.append("integer variable \(variable.name) has a fractional \(label) bound \(bound)")
        }
      }
      check(variable.lowerBound, "lower")
      check(variable.upperBound, "upper")
      if let lower = variable.lowerBound, let upper = variable.upperBound, lower > upper {
        problems.append("variable \(variable.name) has lower bound \(lower) above upper bound \(upper)")
      }
    }
    var seenConstraints = Set<String>()
    for row in 0..<constraintCount {
      if keepsNames && !seenConstraints.insert(constraintName(row)).inserted {
        problems.append("constraint \(constraintName(row)) is defined twice")
      }
      if !rowBounds[row].isFinite {
        problems.append("constraint \(constraintName(row)) has a non-finite bound \(rowBounds[row])")
      }
      for entry in rowStarts[row]..<rowStarts[row + 1] {
        let variable = entryVariables[entry]
        if variable < 0 || variable >= variables.count {
          problems.append("constraint \(constraintName(row)) uses a variable of another model")
        } else if !entryCoefficients[entry].isFinite {
          problems.append(
            "constraint \(constraintName(row)) has coefficient \(entryCoefficients[entry]) on \(variables[variable].name)"
          )
        }
      }
    }
    // Term by term, unmerged: a variable may appear more than once, and every coefficient must be finite.
    if !objective.constant.isFinite { problems.append("the objective constant is \(objective.constant)") }
    for term in objective.terms {
      if term.variable.index < 0 || term.variable.index >= variables.count {
        problems.append("the objective uses a variable of another model")
      } else if !term.coefficient.isFinite {
        problems.append("the objective has coefficient \(term.coefficient) on \(name(of: term.variable))")
      }
    }
    return problems
  }

  /// Constraints and bounds the point breaks by more than `tolerance`, by name. A solver's answer is
  /// checked with this before anyone is told it is a solution.
  public func violations(at values: [Double], tolerance: Double = 1e-6) -> [String] {
    var broken: [String] = []
    for (index, variable) in variables.enumerated() {
      let value = values[index]
      if value.isNaN {
        broken.append("\(variable.name) is not a number")
        continue
      }
      if let lower = variable.lowerBound, value < lower - tolerance {
        broken.append("\(variable.name) = \(value) is below its lower bound \(lower)")
      }
      if let upper = variable.upperBound, value > upper + tolerance {
        broken.append("\(variable.name) = \(value) is above its upper bound \(upper)")
      }
      if variable.kind != .continuous && abs(value - value.rounded()) > tolerance {
        broken.append("\(variable.name) = \(value) is not integral")
      }
    }
    for row in 0..<constraintCount {
      let violation = violation(ofRow: row, at: values)
      if violation > tolerance { broken.append("\(constraintName(row)) is violated by \(violation)") }
    }
    return broken
  }
}
