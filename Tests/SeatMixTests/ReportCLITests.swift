import Foundation
import Testing

@testable import SeatMix

/// `seatmix report`, `compare` and `sweep`, end to end through the built executable.
@Suite struct ReportCLITests {
  /// Runs `seatmix` from the repository root with extra environment variables.
  func seatmix(_ arguments: [String], environment extra: [String: String] = [:]) throws -> CLITests.Run {
    try CLITests().seatmix(arguments, environment: extra)
  }

  func temporaryFolder() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-out-\(UUID().uuidString)").path
  }

  @Test func reportWritesTheFourFilesTheSamplesHold() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try seatmix(["report", "Examples/seed-100-agents.yaml", "--out", folder])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.split(separator: "\n").map { ($0 as NSString).lastPathComponent } == ReportFiles.names)
    #expect(run.stderr.hasPrefix("report: ") && run.stderr.contains(" solves in "))
    for name in ReportFiles.names {
      let written = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
      let sample = try String(
        contentsOfFile: repositoryFile("Reports/seed-example-100-agents-on-elite-concurrent/\(name)"), encoding: .utf8)
      #expect(written == sample, "\(name)")
    }
    #expect(!FileManager.default.fileExists(atPath: "\(folder)/report.pdf"))
  }

  @Test func pdfWithoutChromiumSaysHowToInstallItAndKeepsTheOtherFiles() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try seatmix(
      ["report", "Examples/seed-100-agents.yaml", "--out", folder, "--pdf", "--quiet"],
      environment: ["SEATMIX_CHROMIUM": "/nonexistent/chromium"])
    #expect(run.status == 1)
    #expect(run.stderr.hasPrefix("error: --pdf: report.pdf not written: headless Chromium was not found"))
    #expect(run.stderr.contains("apt-get install chromium"))
    #expect(run.stderr.split(separator: "\n").count == 1, "one line: \(run.stderr)")
    #expect(FileManager.default.fileExists(atPath: "\(folder)/report.html"))
  }

  @Test func reportOfABadDealIsOneLineAndExitCode1() throws {
    let run = try seatmix(["report", "Examples/no-such-deal.yaml", "--out", temporaryFolder()])
    #expect(run.status == 1)
    #expect(run.stderr.contains("no-such-deal.yaml") && !run.stderr.contains("Fatal error"))
  }

  @Test func compareListsEveryPlanOfEveryTermAligned() throws {
    let run = try seatmix(["compare", "Examples/mixed-center.yaml"])
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.first == "Plan comparison: Mixed contact center")
    for plan in ["Essentials named", "Premium concurrent", "Elite named", "Elite concurrent"] {
      #expect(lines.filter { $0.hasPrefix("  \(plan) ") }.count == 2, "\(plan) once per term")
    }
    #expect(lines.contains("Billed annually, 12 months (the deal's term)"))
    #expect(lines.contains("Billed monthly, 1 month"))
    // Aligned: every row's Monthly column ends where its header does.
    let header = try #require(lines.first { $0.hasPrefix("  Plan ") })
    let monthlyEnd = header.distance(from: header.startIndex, to: try #require(header.range(of: "Monthly")).upperBound)
    let premium = try #require(lines.first { $0.hasPrefix("  Premium concurrent ") })
    #expect(String(premium.prefix(monthlyEnd)).hasSuffix(" $14,678.00"))
    #expect(
      lines.contains(
        "  [1] group 'Omnichannel' needs Email Contact Channel (email), which Essentials lacks and no add-on provides there"
      ))
    #expect(
      lines.last(where: { !$0.isEmpty })
        == "The optimum saves $2,380.00/month (16.2%), $28,560.00/year, against the best single plan, Premium concurrent."
    )
  }

  @Test func sweepWritesOneCSVRowPerCellAndAHeatmap() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try seatmix([
      "sweep", "Examples/mixed-center.yaml", "--agents", "100%..150%", "--concurrency", "40%..80%", "--steps", "3",
      "--out", folder, "--jobs", "2",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let rows = try csvRows(try String(contentsOfFile: "\(folder)/sweep.csv", encoding: .utf8))
    #expect(rows.count == 1 + 9)
    #expect(rows.dropFirst().map { "\($0[0])/\($0[1])" }.first == "100/40")
    #expect(rows.dropFirst().map { "\($0[0])/\($0[1])" }.last == "150/80")
    let html = try String(contentsOfFile: "\(folder)/sweep.html", encoding: .utf8)
    #expect(html.contains("Which plan wins where") && html.components(separatedBy: "<rect x=").count - 1 == 9)
  }

  @Test(arguments: [
    (["--agents", "200%..50%"], "Error: --agents: give a range"),
    (["--agents", "lots"], "Error: --agents: give a range"),
    (["--concurrency", "20%..120%"], "Error: --concurrency: give a range of whole percentages within 1%..100%"),
    (["--steps", "0"], "Error: --steps: give N or AxC"),
    (["--steps", "200x200"], "Error: --steps: give N or AxC"),
  ])
  func sweepRejectsBadRangesAsUsageErrors(arguments: [String], message: String) throws {
    let run = try seatmix(["sweep", "Examples/mixed-center.yaml", "--out", temporaryFolder()] + arguments)
    #expect(run.status == 64)
    #expect(run.stderr.hasPrefix(message), "\(run.stderr)")
    #expect(run.stderrLines.dropFirst().first?.hasPrefix("Usage: seatmix sweep ") == true, "\(run.stderr)")
  }
}
