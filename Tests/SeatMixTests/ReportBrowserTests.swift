import Foundation
import Testing

@testable import SeatMix

/// Whether headless Chromium is here; without it the browser checks are skipped, visibly.
let chromiumInstalled = Chromium.find() != nil

/// The sample pages in a real browser: every example's report.html and sweep.html load without a
/// console message, their charts are drawn with the style sheet applied and their text legible
/// (inside the chart, no two labels on top of each other, at least 10 px high at 1100 px wide),
/// and a report prints to PDF. Screenshots land in `.build/report-screenshots/` for a human look.
@Suite(.enabled(if: chromiumInstalled, "headless Chromium is not installed: apt-get install chromium"))
struct ReportBrowserTests {
  static let pages: [String] = Examples.deals.flatMap { deal -> [String] in
    let slug = (try? Examples.report(deal).slug) ?? "missing"
    return ["Reports/\(slug)/report.html", "Reports/\(slug)/sweep.html"]
  }

  var chromium: String { Chromium.find() ?? "chromium" }

  /// Console lines Chromium logs for a page: `[…:INFO:CONSOLE:1] "message", source: …`.
  static func consoleMessages(_ stderr: String) -> [String] {
    stderr.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") }
  }

  func dumpDOM(_ file: String) throws -> Chromium.Run {
    try Chromium.run(
      chromium,
      [
        "--enable-logging=stderr", "--v=0", "--window-size=1100,900", "--dump-dom",
        URL(fileURLWithPath: file).absoluteString,
      ])
  }

  @Test(arguments: pages)
  func pageLoadsWithoutConsoleMessages(page: String) throws {
    let run = try dumpDOM(repositoryFile(page))
    #expect(run.status == 0, "\(run.stderr.suffix(500))")
    #expect(Self.consoleMessages(run.stderr).isEmpty, "\(Self.consoleMessages(run.stderr))")
    #expect(run.stdout.contains("<svg") && run.stdout.contains("</footer>"), "the DOM Chromium built is incomplete")
  }

  @Test func theConsoleCheckCatchesAScriptError() throws {
    // The check above must be able to fail: a page with a script error trips it.
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-bad-\(UUID().uuidString).html")
    try "<!DOCTYPE html><html><body><script>console.error('boom'); missingFunction();</script></body></html>"
      .write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let messages = Self.consoleMessages(try dumpDOM(file.path).stderr)
    #expect(messages.contains { $0.contains("boom") })
    #expect(messages.contains { $0.contains("missingFunction is not defined") })
  }

  /// Measures every chart in the browser's own layout and writes the figures into the page.
  static let layoutProbe = """
    <script>
    (function () {
      const charts = [];
      for (const svg of document.querySelectorAll('svg.chart')) {
        const box = svg.getBoundingClientRect();
        const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '');
        const boxes = texts.map(t => { const r = t.getBoundingClientRect();
          return { text: t.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom, height: r.height }; });
        const overlaps = [];
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (x > 1 && y > 1) overlaps.push(a.text + ' / ' + b.text);
          }
        }
        const outside = boxes.filter(b => b.left < box.left - 1 || b.right > box.right + 1 ||
          b.top < box.top - 1 || b.bottom > box.bottom + 1).map(b => b.text);
        const colours = new Set();
        for (const shape of svg.querySelectorAll('rect, path, circle, line')) {
          const style = getComputedStyle(shape);
          if (style.fill && style.fill !== 'none' && style.fill !== 'rgb(0, 0, 0)') colours.add(style.fill);
          if (style.stroke && style.stroke !== 'none') colours.add(style.stroke);
        }
        charts.push({ title: svg.getAttribute('aria-label'), width: box.width, height: box.height,
          texts: boxes.length, overlaps, outside, smallestText: Math.min(...boxes.map(b => b.height)),
          colours: colours.size, axes: svg.querySelectorAll('line.axis').length,
          legend: svg.querySelectorAll('text.legend').length });
      }
      const out = document.createElement('pre');
      out.id = 'seatmix-layout';
      out.textContent = JSON.stringify(charts);
      document.body.appendChild(out);
    })();
    </script>
    """

  struct ChartLayout: Decodable {
    var title: String
    var width: Double
    var height: Double
    var texts: Int
    var overlaps: [String]
    var outside: [String]
    var smallestText: Double
    var colours: Int
    var axes: Int
    var legend: Int
  }

  func layout(of page: String) throws -> [ChartLayout] {
    let html = try String(contentsOfFile: repositoryFile(page), encoding: .utf8)
    let probed = html.replacingOccurrences(of: "</body>", with: Self.layoutProbe + "\n</body>")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-probe-\(UUID().uuidString).html")
    try probed.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let run = try dumpDOM(file.path)
    let start = try #require(run.stdout.range(of: "<pre id=\"seatmix-layout\">"), "the probe did not run")
    let end = try #require(run.stdout.range(of: "</pre>", range: start.upperBound..<run.stdout.endIndex))
    let json = run.stdout[start.upperBound..<end.lowerBound]
      .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&amp;", with: "&")
    return try JSONDecoder().decode([ChartLayout].self, from: Data(json.utf8))
  }

  @Test(arguments: pages)
  func chartsAreDrawnWithLegibleAxesLabelsAndLegends(page: String) throws {
    let charts = try layout(of: page)
    // A report with pools over time has a chart per pool after the line items.
    let slug = page.split(separator: "/").dropFirst().first.map(String.init) ?? ""
    let pools =
      Examples.deals.compactMap { try? Examples.report($0) }.first { $0.slug == slug }?
      .plan?.concurrency?.pools.count ?? 0
    #expect(charts.count == (page.hasSuffix("report.html") ? 3 + pools : 1))
    for chart in charts {
      #expect(chart.width > 900 && chart.height > 150, "\(chart.title): drawn \(chart.width)×\(chart.height)")
      #expect(chart.texts >= 8, "\(chart.title): \(chart.texts) labels")
      #expect(chart.overlaps.isEmpty, "\(chart.title): labels on top of each other: \(chart.overlaps)")
      #expect(chart.outside.isEmpty, "\(chart.title): labels cut off: \(chart.outside)")
      #expect(chart.smallestText >= 10, "\(chart.title): text \(chart.smallestText) px high")
      let heatmap = chart.title.hasPrefix("Winning mix")
      // A heatmap of a deal where one mix wins everywhere has one fill, plus today's outline.
      #expect(chart.colours >= (heatmap ? 2 : 3), "\(chart.title): the style sheet did not colour the chart")
      if !heatmap {
        #expect(chart.axes >= 1, "\(chart.title): no axis")
        #expect(chart.legend >= 2, "\(chart.title): no legend")
      }
    }
  }

  @Test(arguments: pages)
  func screenshotIsTakenAtTheRequestedSize(page: String) throws {
    let folder = repositoryFile(".build/report-screenshots")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let name = page.replacingOccurrences(of: "Reports/", with: "").replacingOccurrences(of: "/", with: "-")
    let png = "\(folder)/\(name).png"
    try? FileManager.default.removeItem(atPath: png)
    let height = page.hasSuffix("report.html") ? 7000 : 1000
    let run = try Chromium.run(
      chromium,
      [
        "--screenshot=\(png)", "--window-size=1100,\(height)",
        URL(fileURLWithPath: repositoryFile(page)).absoluteString,
      ])
    #expect(run.status == 0, "\(run.stderr.suffix(500))")
    let data = try Data(contentsOf: URL(fileURLWithPath: png))
    #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG")
    func bigEndian(_ offset: Int) -> Int { data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
    #expect(bigEndian(16) == 1100 && bigEndian(20) == height)
    #expect(data.count > 50_000, "a near-empty screenshot (\(data.count) bytes)")
  }

  @Test func reportPrintsToPDF() throws {
    let deal = try Examples.report("Examples/mixed-center.yaml")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-pdf-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let written = try ReportFiles.write(ReportFiles.render(deal), to: folder)
    try Chromium.printToPDF(html: written[0], pdf: "\(folder)/report.pdf", executable: chromium)
    let pdf = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/report.pdf"))
    #expect(pdf.starts(with: Data("%PDF-".utf8)))
    let text = String(decoding: pdf, as: UTF8.self)
    // The page tree's `/Count N`.
    let count = try #require(text.firstMatch(of: /\/Count (\d+)/)).1
    #expect(try #require(Int(count)) >= 4, "\(count) pages")
    #expect(text.contains("SeatMix report: Mixed contact center"), "the PDF's title")
  }
}
