/// What values a variable may take.
public enum VariableKind: String, Sendable {
  case continuous
  case integer
  case binary
}

public struct VariableDefinition: Sendable {
  public let name: String
  public let kind: VariableKind
  public let lowerBound: Double?
  public let upperBound: Double?
}

/// A mixed-integer linear program that knows no solver: named variables, named constraints and an
/// objective to minimize. Names come from the domain (`seats[elite,concurrent]`,
/// `cover[group=Tier 1]`) so that results and diagnostics point back at requirements.
public struct Model: Sendable {
  public private(set) var variables: [VariableDefinition] = []
  public private(set) var constraints: [Constraint] = []
  /// Minimized.
  public var objective = LinearExpression()
  /// Whether the domain names are kept. High-volume callers (batch runs) turn this off to skip
  /// building name strings; variables and constraints are then called `x1…`, `r1…`.
  public let keepsNames: Bool

  public init(keepsNames: Bool = true) { self.keepsNames = keepsNames }

  @discardableResult
  public mutating func addVariable(
    _ name: @autoclosure () -> String, kind: VariableKind, lowerBound: Double? = 0, upperBound: Double? = nil
  ) -> Variable {
    let isBinary = kind == .binary
    variables.append(
      VariableDefinition(
        name: keepsNames ? name() : "x\(variables.count + 1)", kind: kind,
        lowerBound: isBinary ? 0 : lowerBound,
        upperBound: isBinary ? 1 : upperBound))
    return Variable(index: variables.count - 1)
  }

  public mutating func add(_ comparison: Comparison, named name: @autoclosure () -> String) {
    constraints.append(Constraint(name: keepsNames ? name() : "r\(constraints.count + 1)", comparison: comparison))
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
      for (label, bound) in [("lower", variable.lowerBound), ("upper", variable.upperBound)] {
        guard let bound else { continue }
        if !bound.isFinite {
          problems.append("variable \(variable.name) has a non-finite \(label) bound \(bound)")
        } else if variable.kind != .continuous && bound != bound.rounded() {
          problems.append("integer variable \(variable.name) has a fractional \(label) bound \(bound)")
        }
      }
      if let lower = variable.lowerBound, let upper = variable.upperBound, lower > upper {
        problems.append("variable \(variable.name) has lower bound \(lower) above upper bound \(upper)")
      }
    }
    var seenConstraints = Set<String>()
    for constraint in constraints {
      if keepsNames && !seenConstraints.insert(constraint.name).inserted {
        problems.append("constraint \(constraint.name) is defined twice")
      }
      if !constraint.bound.isFinite {
        problems.append("constraint \(constraint.name) has a non-finite bound \(constraint.bound)")
      }
      for term in constraint.terms {
        if term.variable.index < 0 || term.variable.index >= variables.count {
          problems.append("constraint \(constraint.name) uses a variable of another model")
        } else if !term.coefficient.isFinite {
          problems.append(
            "constraint \(constraint.name) has coefficient \(term.coefficient) on \(name(of: term.variable))")
        }
      }
    }
    let objective = objective.merged()
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
    for constraint in constraints where constraint.violation(at: values) > tolerance {
      broken.append("\(constraint.name) is violated by \(constraint.violation(at: values))")
    }
    return broken
  }
}
