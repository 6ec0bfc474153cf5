import Foundation

/// The files of a report, rendered in memory from one ``DealReport``: what `seatmix report`
/// writes, and what the golden tests compare with `Reports/<deal>/`.
public enum ReportFiles {
  public static let names = ["report.html", "report.md", "plan.csv", "plan.json"]

  /// File name → contents, in `names` order.
  public static func render(_ report: DealReport) -> [(name: String, contents: String)] {
    [
      ("report.html", ReportHTML.render(report)),
      ("report.md", ReportMarkdown.render(report)),
      ("plan.csv", ReportCSV.render(report)),
      ("plan.json", ReportJSON.render(report)),
    ]
  }

  /// Writes each file into `folder` (created if needed) through ``OutputFile``: all of them are
  /// written and synced before any replaces what was there; returns the paths written.
  @discardableResult
  public static func write(
    _ files: [(name: String, contents: String)], to folder: String
  ) throws(SeatMixError) -> [String] {
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw .unreadable(file: folder, reason: "cannot create the folder: \(error.localizedDescription)")
    }
    var outputs: [OutputFile] = []
    for file in files {
      let output: OutputFile
      do throws(SeatMixError) {
        output = try OutputFile(path: (folder as NSString).appendingPathComponent(file.name))
      } catch {
        for written in outputs { written.discard() }
        throw error
      }
      output.write(file.contents)
      outputs.append(output)
    }
    try OutputFile.commit(outputs)
    return outputs.map(\.name)
  }
}
