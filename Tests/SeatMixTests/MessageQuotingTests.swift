import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// One problem, one line, whatever the input holds (issue 8, item 7): values are quoted with their
/// control characters escaped, in deal files and in batch cells alike.
@Suite struct MessageQuotingTests {
  @Test(arguments: [
    ("Tier 1 voice", "'Tier 1 voice'"),
    ("Café ☕ 東京", "'Café ☕ 東京'"),
    (#"C:\deals"#, #"'C:\deals'"#),
    ("a\nb", #"'a\nb'"#),
    ("a\r\nb\tc", #"'a\r\nb\tc'"#),
    ("\u{1B}[31mred", #"'\u{1B}[31mred'"#),
    ("\u{1B}]0;title\u{07}", #"'\u{1B}]0;title\u{7}'"#),
    ("\u{9B}31m", #"'\u{9B}31m'"#),
    ("\u{0}\u{7F}", #"'\u{0}\u{7F}'"#),
    ("left\u{202E}thgir", #"'left\u{202E}thgir'"#),
    ("line\u{2028}separator", #"'line\u{2028}separator'"#),
    // Once anything is escaped, backslashes are doubled, so the text reads back to the value.
    ("\\n\n", #"'\\n\n'"#),
  ])
  func quotedEscapesControlCharacters(_ value: String, _ expected: String) {
    #expect(quoted(value) == expected)
    #expect(escaped(escaped(value)) == escaped(value))
    #expect(!quoted(value).unicodeScalars.contains { $0.properties.generalCategory == .control })
  }

  @Test func aDiagnosticIsOneLineWhateverItsPartsHold() {
    let diagnostic = Diagnostic(
      file: "deal\n.yaml", line: 3, field: "groups[0].\u{1B}]0;x\u{7}", message: "bad\nforged.yaml:1: error: x")
    #expect(diagnostic.description == #"deal\n.yaml:3: error: groups[0].\u{1B}]0;x\u{7}: bad\nforged.yaml:1: error: x"#)
  }

  /// Every byte `seatmix` writes for the fixture, from the command line: one line per problem, no
  /// control character but the line ends.
  @Test func validateOfADealWithEscapesInItsValuesPrintsOneLineEach() throws {
    let fixture = fixturePath("deals/bad-control-characters-in-names.yaml")
    let run = try CLITests().seatmix("validate", fixture)
    #expect(run.status == 1)
    let problems = run.stderrLines.filter { $0.contains(": error: ") }
    #expect(problems.count == 3)
    #expect(problems.allSatisfy { $0.hasPrefix(fixture + ":") })
    #expect(!run.stderr.contains("forged.yaml:1: error:") || run.stderr.contains(#"\nforged.yaml:1: error:"#))
    #expect(!run.stderr.unicodeScalars.contains { $0 != "\n" && $0.properties.generalCategory == .control })
  }

  /// A batch whose cells hold a newline (a quoted CSV field) and terminal escapes.
  @Test func batchMessagesEscapeCellValues() throws {
    let csv = """
      scenario,group,agents,features,tier,licensing
      "Plan\u{1B}]0;owned\u{07}",Agents,10,voice,,
      "Plan\u{1B}]0;owned\u{07}","Agents
      forged.csv:1: error: x",5,voice,,
      "Plan\u{1B}]0;owned\u{07}","Agents
      forged.csv:1: error: x",5,voice,"\u{1B}[31melite",
      Other,Agents,abc\u{1B}[2J,voice,,"any\u{9B}"

      """
    let input = try writeTemporary(csv, named: "in.csv")
    let folder = URL(fileURLWithPath: input).deletingLastPathComponent()
    defer { try? FileManager.default.removeItem(at: folder) }
    var options = BatchOptions(solver: GLPKSolver(), catalog: "zoom-contact-center")
    options.jobs = 1
    let summary = try BatchRunner.run(
      input: input, output: folder.appendingPathComponent("results.csv").path, options: options)
    let lines = summary.errorLines
    #expect(
      lines == [
        #"\#(input):4: error: scenario 'Plan\u{1B}]0;owned\u{7}': row 4, group: group 'Agents\nforged.csv:1: error: x' is listed twice"#,
        #"\#(input):4: error: scenario 'Plan\u{1B}]0;owned\u{7}': row 4, tier: unknown tier '\u{1B}[31melite'; known: elite, essentials, premium"#,
        #"\#(input):5: error: scenario 'Other': row 5, agents: 'abc\u{1B}[2J' is not a whole number"#,
        #"\#(input):5: error: scenario 'Other': row 5, licensing: 'any\u{9B}' is not one of any, named, concurrent"#,
      ])
    for line in lines {
      #expect(!line.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(line)")
    }
    // The results file's error cells are one line too (its scenario cells are the input's data).
    let results = try CSVReader(file: folder.appendingPathComponent("results.csv").path)
    let header = try #require(try results.next()).fields
    let errorColumn = try #require(header.firstIndex(of: "error"))
    var errors: [String] = []
    while let record = try results.next() { errors.append(record.fields[errorColumn]) }
    #expect(errors.count == 2)
    for error in errors {
      #expect(!error.isEmpty)
      #expect(!error.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(error)")
    }
  }
}
