import Foundation

/// Headless Chromium, for `seatmix report --pdf` and the browser checks of the HTML report.
public enum Chromium {
  /// What to tell someone who has no Chromium.
  public static let installHint = """
    headless Chromium was not found (looked for $SEATMIX_CHROMIUM, then chromium, chromium-browser, \
    google-chrome, google-chrome-stable on PATH). Install it with `apt-get install chromium` (Debian, Ubuntu; \
    `snap install chromium` on Ubuntu without the deb), `brew install --cask chromium` (macOS), or point \
    SEATMIX_CHROMIUM at a Chrome or Chromium executable
    """

  static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

  /// The Chromium executable to run: `$SEATMIX_CHROMIUM`, else the first known name on `PATH`.
  public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
    if let explicit = environment["SEATMIX_CHROMIUM"], !explicit.isEmpty {
      return FileManager.default.isExecutableFile(atPath: explicit) ? explicit : nil
    }
    let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
    var candidates: [String] = []
    for name in names {
      for folder in folders { candidates.append((folder as NSString).appendingPathComponent(name)) }
    }
    #if os(macOS)
      candidates += [
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
      ]
    #endif
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// The flags every headless run takes: no GPU, no sandbox (CI containers run as root), no first
  /// run chores, a throwaway profile.
  public static func baseArguments(profile: String) -> [String] {
    [
      "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--no-default-browser-check",
      "--disable-extensions", "--hide-scrollbars", "--user-data-dir=\(profile)",
    ]
  }

  public struct Run: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// Runs Chromium headless with `arguments` (after the base flags) and waits for it.
  public static func run(_ executable: String, _ arguments: [String]) throws(SeatMixError) -> Run {
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-chromium-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-chromium-\(UUID().uuidString)")
    let outURL = output.appendingPathExtension("out")
    let errURL = output.appendingPathExtension("err")
    defer {
      try? FileManager.default.removeItem(at: outURL)
      try? FileManager.default.removeItem(at: errURL)
    }
    do {
      try Data().write(to: outURL)
      try Data().write(to: errURL)
      let out = try FileHandle(forWritingTo: outURL)
      let err = try FileHandle(forWritingTo: errURL)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = baseArguments(profile: profile.path) + arguments
      process.standardOutput = out
      process.standardError = err
      process.standardInput = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      try out.close()
      try err.close()
      return Run(
        status: process.terminationStatus,
        stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    } catch {
      throw .unreadable(file: executable, reason: "cannot run Chromium: \(error.localizedDescription)")
    }
  }

  /// Prints an HTML file to PDF (A4, as the page's print style sheet asks), with no header or footer.
  public static func printToPDF(html: String, pdf: String, executable: String) throws(SeatMixError) {
    let htmlURL = URL(fileURLWithPath: html).standardizedFileURL
    let pdfPath = URL(fileURLWithPath: pdf).standardizedFileURL.path
    try? FileManager.default.removeItem(atPath: pdfPath)
    let run = try run(
      executable, ["--no-pdf-header-footer", "--print-to-pdf=\(pdfPath)", htmlURL.absoluteString])
    guard run.status == 0, FileManager.default.fileExists(atPath: pdfPath) else {
      let detail = run.stderr.split(separator: "\n").suffix(3).joined(separator: " | ")
      throw .unreadable(file: pdf, reason: "Chromium did not write the PDF (exit \(run.status)): \(detail)")
    }
  }
}
