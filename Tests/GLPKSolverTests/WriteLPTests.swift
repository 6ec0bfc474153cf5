import Foundation
import MIPModel
import Testing

@testable import GLPKSolver

/// `glpsol` on PATH, if any.
let glpsolPath: String? = {
  let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
  return directories.map { "\($0)/glpsol" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// Writing models in CPLEX LP format with their domain names.
@Suite struct WriteLPTests {
  /// Domain names with spaces, brackets, `=`, commas and a leading digit; two of them differ only in
  /// characters the LP format does not allow.
  static func namedModel() -> Model {
    var model = Model()
    let concurrent = model.addVariable("seats[elite, concurrent]", kind: .integer, lowerBound: 0, upperBound: 40)
    let named = model.addVariable("seats[elite,named]", kind: .integer, lowerBound: 0, upperBound: nil)
    let storage = model.addVariable("3 storage blocks", kind: .integer, lowerBound: 0, upperBound: 10)
    let first = model.addVariable("add on=a b", kind: .binary)
    let second = model.addVariable("add on=a=b", kind: .binary)
    model.add(2 * concurrent + named >= 50, named: "cover[group=Tier 1]")
    model.add(named - 4 * storage <= 0, named: "storage[group=Tier 1]")
    model.add(first + second >= 1, named: "cover[group=Tier_1]")
    model.objective = 90 * concurrent + 50 * named + 30 * storage + 5 * first + 7 * second
    return model
  }

  @Test func lpNamesAreSanitized() {
    #expect(GLPKLayout.lpName("seats[elite, concurrent]") == "seats[elite__concurrent]")
    #expect(GLPKLayout.lpName("cover[group=Tier 1]") == "cover[group_Tier_1]")
    #expect(GLPKLayout.lpName("3 storage blocks") == "_3_storage_blocks")
    #expect(GLPKLayout.lpName(".hidden") == "_.hidden")
    #expect(GLPKLayout.lpName("") == "_")
    #expect(GLPKLayout.lpName("préférence") == "pr_f_rence")
    #expect(GLPKLayout.lpName(String(repeating: "a", count: 300)).count == 255)
  }

  @Test func writesAFileWithSanitizedUniqueNames() throws {
    let path = temporaryPath(".lp")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try GLPKSolver().writeLP(Self.namedModel(), to: path)
    #expect(FileManager.default.fileExists(atPath: path))
    let text = try String(contentsOfFile: path, encoding: .utf8)
    // GLPK's writer turns brackets into parentheses.
    for name in [
      "seats(elite__concurrent)", "seats(elite_named)", "_3_storage_blocks", "cover(group_Tier_1)",
      "storage(group_Tier_1)",
    ] {
      #expect(text.contains(name), "\(name) missing from\n\(text)")
    }
    #expect(!text.contains("["))
    #expect(!text.contains("elite, concurrent"))
    #expect(!text.contains("Tier 1"))
    // No fake names (r_1, x_1): GLPK uses those for names it cannot write.
    let words = Set(text.split(whereSeparator: { " \n:+-<>=".contains($0) }).map(String.init))
    #expect(!words.contains("r_1"))
    #expect(!words.contains("x_1"))
    // "add on=a b" and "add on=a=b" both sanitize to add_on_a_b, as do the two cover rows: each
    // must still be its own variable and constraint in the file.
    let addOns = words.filter { $0.hasPrefix("add_on_a_b") }
    #expect(addOns.count == 2, "\(addOns)")
    let covers = words.filter { $0.hasPrefix("cover(group_Tier_1") }
    #expect(covers.count == 2, "\(covers)")
  }

  @Test func lpUniqueNamesAreStable() {
    #expect(GLPKLayout.uniqueLPNames(["a b", "a=b", "a_b", "c"]) == ["a_b", "a_b~2", "a_b~3", "c"])
    #expect(GLPKLayout.uniqueLPNames(["x", "x~2", "x"]) == ["x", "x_2", "x~2"])
    let long = String(repeating: "n", count: 300)
    let unique = GLPKLayout.uniqueLPNames([long, long + "!"])
    #expect(unique[0].count == 255)
    #expect(unique[1].count == 255)
    #expect(unique[0] != unique[1])
  }

  @Test func writeLPFailsCleanlyOnAnUnwritablePath() {
    let path = "/nonexistent-directory-\(UUID().uuidString)/model.lp"
    let error = #expect(throws: ModelError.self) {
      try GLPKSolver().writeLP(smallKnapsackModel(), to: path)
    }
    guard case .solverFailed(let solver, let message)? = error else {
      Issue.record("expected solverFailed, got \(String(describing: error))")
      return
    }
    #expect(solver == "GLPK")
    #expect(message.contains("model.lp"))
  }

  /// glpsol reads the file back and finds the same optimum. GLPK's LP writer keeps the objective's
  /// constant only as a comment, so glpsol's optimum lacks it.
  @Test(.enabled(if: glpsolPath != nil, "glpsol is not on PATH"))
  func glpsolReadsTheFileAndFindsTheSameOptimum() throws {
    var model = Self.namedModel()
    model.objective += 12.5
    let ours = try GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 5))
    #expect(ours.status == .optimal)
    let objective = try #require(ours.objective)

    let path = temporaryPath(".lp")
    let output = path + ".out"
    defer {
      try? FileManager.default.removeItem(atPath: path)
      try? FileManager.default.removeItem(atPath: output)
    }
    try GLPKSolver().writeLP(model, to: path)
    // The objective constant travels as a variable fixed at 1, since CPLEX LP has no constants.
    #expect(try String(contentsOfFile: path, encoding: .utf8).contains("objective_constant"))

    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(glpsolPath))
    process.arguments = ["--lp", path, "-o", output]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)

    let report = try String(contentsOfFile: output, encoding: .utf8)
    #expect(report.contains("Status:     INTEGER OPTIMAL"))
    let line = try #require(report.split(separator: "\n").first { $0.hasPrefix("Objective:") })
    // "Objective:  obj = 2665 (MINimum)"
    let value = try #require(line.split(separator: "=").last?.split(separator: "(").first)
    let glpsolObjective = try #require(Double(value.trimmingCharacters(in: .whitespaces)))
    #expect(glpsolObjective == objective)
    // The columns come back under their sanitized names.
    #expect(report.contains("seats(elite__concurrent)"))
  }
}
