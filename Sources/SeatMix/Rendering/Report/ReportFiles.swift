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

  /// Writes each file into `folder` (created if needed), each through a temporary file renamed into
  /// place; returns the paths written.
  @discardableResult
  public static func write(
    _ files: [(name: String, contents: String)], to folder: String
  ) throws(SeatMixError) -> [String] {
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw .unreadable(file: folder, reason: "cannot create the folder: \(error.localizedDescription)")
    }
    var written: [String] = []
    for file in files {
      let path = (folder as NSString).appendingPathComponent(file.name)
      let output = try AtomicOutput(path: path)
      output.write(file.contents)
      try output.commit()
      written.append(path)
    }
    return written
  }
}
