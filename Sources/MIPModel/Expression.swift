/// A decision variable: a handle into the ``Model`` that created it.
public struct Variable: Hashable, Sendable, Comparable {
  public let index: Int
  public init(index: Int) { self.index = index }
  public static func < (a: Variable, b: Variable) -> Bool { a.index < b.index }
}

/// `coefficient × variable`. (A struct, not a tuple: arrays of tuples cost a runtime type lookup on
/// every allocation, which showed up in batch profiles.)
public struct Term: Sendable, Equatable {
  public var variable: Variable
  public var coefficient: Double

  public init(variable: Variable, coefficient: Double) {
    self.variable = variable
    self.coefficient = coefficient
  }
}

/// `Σ coefficient × variable + constant`. Built with ordinary operators, so formulations read like
/// the mathematics: `2 * x + y - 3`.
public struct LinearExpression: Sendable {
  /// Terms in the order they were added; a variable may repeat until ``merged()``.
  public private(set) var terms: [Term]
  public private(set) var constant: Double

  public init(terms: [Term] = [], constant: Double = 0) {
    self.terms = terms
    self.constant = constant
  }

  public init(_ variable: Variable) { self.init(terms: [Term(variable: variable, coefficient: 1)]) }
  public init(constant: Double) { self.init(terms: [], constant: constant) }

  public mutating func add(_ coefficient: Double, _ variable: Variable) {
    terms.append(Term(variable: variable, coefficient: coefficient))
  }

  public mutating func add(_ other: LinearExpression, times factor: Double = 1) {
    for term in other.terms { terms.append(Term(variable: term.variable, coefficient: term.coefficient * factor)) }
    constant += other.constant * factor
  }

  public mutating func addConstant(_ value: Double) { constant += value }

  /// Empties the expression, keeping its storage, so that one expression can build many rows.
  public mutating func removeAll() {
    terms.removeAll(keepingCapacity: true)
    constant = 0
  }

  /// Makes room for `count` terms ahead.
  public mutating func reserveCapacity(_ count: Int) { terms.reserveCapacity(count) }

  /// One term per variable, in variable order, zero coefficients dropped.
  public func merged() -> LinearExpression {
    var sorted = terms
    sorted.sort { $0.variable < $1.variable }
    var result: [Term] = []
    result.reserveCapacity(sorted.count)
    for term in sorted {
      if let last = result.last, last.variable == term.variable {
        result[result.count - 1].coefficient += term.coefficient
      } else {
        result.append(term)
      }
    }
    result.removeAll { $0.coefficient == 0 }
    return LinearExpression(terms: result, constant: constant)
  }

  /// The value at a point given as one number per variable index.
  public func value(at values: [Double]) -> Double {
    terms.reduce(constant) { $0 + $1.coefficient * values[$1.variable.index] }
  }
}

extension LinearExpression: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
  public init(integerLiteral value: Int) { self.init(constant: Double(value)) }
  public init(floatLiteral value: Double) { self.init(constant: value) }
}

/// Sums of expressions: `variables.map { price * $0 }.sum()`.
extension Sequence where Element == LinearExpression {
  public func sum() -> LinearExpression {
    var total = LinearExpression()
    for expression in self { total.add(expression) }
    return total
  }
}

// MARK: - Operators

public func + (a: LinearExpression, b: LinearExpression) -> LinearExpression {
  var result = a
  result.add(b)
  return result
}

public func - (a: LinearExpression, b: LinearExpression) -> LinearExpression {
  var result = a
  result.add(b, times: -1)
  return result
}

public prefix func - (a: LinearExpression) -> LinearExpression { LinearExpression() - a }

public func * (factor: Double, expression: LinearExpression) -> LinearExpression {
  var result = LinearExpression()
  result.add(expression, times: factor)
  return result
}

public func * (factor: Double, variable: Variable) -> LinearExpression {
  LinearExpression(terms: [Term(variable: variable, coefficient: factor)])
}

public func + (a: Variable, b: Variable) -> LinearExpression { LinearExpression(a) + LinearExpression(b) }
public func + (a: LinearExpression, b: Variable) -> LinearExpression { a + LinearExpression(b) }
public func + (a: Variable, b: LinearExpression) -> LinearExpression { LinearExpression(a) + b }
public func - (a: LinearExpression, b: Variable) -> LinearExpression { a - LinearExpression(b) }
public func - (a: Variable, b: LinearExpression) -> LinearExpression { LinearExpression(a) - b }
public func - (a: Variable, b: Variable) -> LinearExpression { LinearExpression(a) - LinearExpression(b) }

public func += (a: inout LinearExpression, b: LinearExpression) { a.add(b) }
public func += (a: inout LinearExpression, b: Variable) { a.add(1, b) }
public func -= (a: inout LinearExpression, b: LinearExpression) { a.add(b, times: -1) }
