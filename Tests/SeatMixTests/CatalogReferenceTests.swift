import Foundation
import Testing

@testable import SeatMix

/// Where a catalog reference may point, and what a file that is not a catalog gets: one line that
/// quotes none of its content (issue 8, item 3).
@Suite struct CatalogReferenceTests {
  /// Files that are not catalogs, holding what must never be echoed.
  static let notCatalogs: [(name: String, text: String)] = [
    ("settings.yaml", "database_password: hunter2\napi_token: s3cr3t-t0ken\n"),
    (
      "shadow-like.yaml",
      "root:$6$s3cr3tsalt$hashhashhash:19000:0:99999:7:::\nalice:$6$pepper$hash2:19000:0:99999:7:::\n"
    ),
    ("settings.ini", "[database]\npassword = hunter2\n"),
    ("list.json", "[\"hunter2\", \"s3cr3t-t0ken\"]\n"),
    ("duplicate-keys.yaml", "hunter2: 1\nhunter2: 2\n"),
  ]
  static let secrets = ["hunter2", "s3cr3t", "pepper", "database", "password", "api_token", "root"]

  /// A fresh folder holding a deal that names `catalog`, and `files`; removed after `body`.
  func withDeal<T>(
    catalog: String, files: [(name: String, text: String)] = [], _ body: (_ folder: URL, _ deal: String) throws -> T
  ) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-ref-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for file in files { try Data(file.text.utf8).write(to: folder.appendingPathComponent(file.name)) }
    let deal = folder.appendingPathComponent("deal.yaml").path
    let text = "name: x\ncatalog: \(catalog)\ngroups:\n  - {name: a, agents: 1, features: [voice]}\n"
    try Data(text.utf8).write(to: URL(fileURLWithPath: deal))
    return try body(folder, deal)
  }

  func library() -> CatalogLibrary { CatalogLibrary(searchFolders: [repositoryFile("Catalogs")]) }

  @Test(arguments: notCatalogs.map(\.name))
  func aDealWhoseCatalogIsNoCatalogGetsOneLineQuotingNothingOfIt(_ name: String) throws {
    try withDeal(catalog: "./\(name)", files: Self.notCatalogs) { _, deal in
      let error = #expect(throws: SeatMixError.self) { try DealLoader.load(file: deal, library: library()) }
      let diagnostics = error?.diagnostics ?? []
      #expect(diagnostics.count == 1)
      #expect(diagnostics.first?.file == deal)
      #expect(diagnostics.first?.line == 2)
      #expect(diagnostics.first?.field == "catalog")
      let message = diagnostics.first?.message ?? ""
      #expect(message.hasPrefix("catalog file './\(name)'"))
      for secret in Self.secrets { #expect(!message.contains(secret), "\(message)") }
    }
  }

  @Test func theMessageSaysItIsNotASeatMixCatalog() throws {
    try withDeal(catalog: "./settings.yaml", files: Self.notCatalogs) { _, deal in
      let error = #expect(throws: SeatMixError.self) { try DealLoader.load(file: deal, library: library()) }
      #expect(
        error?.diagnostics.map(\.message) == [
          "catalog file './settings.yaml' is not a SeatMix catalog (it has no top-level 'tiers')"
        ])
    }
  }

  @Test func aCatalogThatIsAFolderNamesTheDealsCatalogLine() throws {
    try withDeal(catalog: "./sub") { folder, deal in
      try FileManager.default.createDirectory(
        at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
      let error = #expect(throws: SeatMixError.self) { try DealLoader.load(file: deal, library: library()) }
      #expect(
        error?.diagnostics == [
          Diagnostic(file: deal, line: 2, field: "catalog", message: "catalog file './sub' is a folder, not a file")
        ])
    }
  }

  @Test func aCatalogFoundByIdThatIsAFolderNamesTheDealsCatalogLine() throws {
    try withDeal(catalog: "my-vendor") { folder, deal in
      let catalogs = folder.appendingPathComponent("Catalogs")
      try FileManager.default.createDirectory(
        at: catalogs.appendingPathComponent("my-vendor.yaml"), withIntermediateDirectories: true)
      let error = #expect(throws: SeatMixError.self) {
        try DealLoader.load(file: deal, library: CatalogLibrary(searchFolders: [catalogs.path]))
      }
      #expect(
        error?.diagnostics.map(\.description) == [
          "\(deal):2: error: catalog: catalog 'my-vendor' (\(catalogs.path)/my-vendor.yaml) is a folder, not a file"
        ])
    }
  }

  @Test func aCatalogThatIsAFIFONamesTheDealsCatalogLineAndDoesNotWait() throws {
    try withDeal(catalog: "./pipe.yaml") { folder, deal in
      #expect(mkfifo(folder.appendingPathComponent("pipe.yaml").path, 0o600) == 0)
      let error = #expect(throws: SeatMixError.self) { try DealLoader.load(file: deal, library: library()) }
      #expect(
        error?.diagnostics.map(\.message) == ["catalog file './pipe.yaml' is a FIFO (named pipe), not a regular file"])
      #expect(error?.diagnostics.map(\.line) == [2])
    }
  }

  @Test func aCatalogWithAYAMLMistakeNamesTheDealsLineAndTheCatalogsLine() throws {
    try withDeal(catalog: "./broken.yaml", files: [("broken.yaml", "id: x\ntiers: [\n")]) { _, deal in
      let error = #expect(throws: SeatMixError.self) { try DealLoader.load(file: deal, library: library()) }
      #expect(error?.diagnostics.map(\.line) == [2])
      #expect(
        error?.diagnostics.first?.message.hasPrefix("catalog file './broken.yaml', line 3: not valid YAML or JSON: ")
          == true)
    }
  }

  /// Not even the byte or character that is wrong is quoted.
  @Test func aCatalogThatIsNoTextSaysSoWithoutItsBytes() throws {
    let windows1252 = fixturePath("catalogs/bad-encoding-windows-1252.yaml")
    try withDeal(catalog: windows1252, files: [("escape.yaml", "id: x\ntiers: \u{1B}\n")]) { folder, deal in
      let error = #expect(throws: SeatMixError.self) { try DealLoader.load(file: deal, library: library()) }
      #expect(
        error?.diagnostics.map(\.message) == [
          "catalog file '\(windows1252)', line 4: the file is not UTF-8 text; save it as UTF-8"
        ])
      let other = folder.appendingPathComponent("other.yaml").path
      let text = "name: x\ncatalog: ./escape.yaml\ngroups:\n  - {name: a, agents: 1, features: [voice]}\n"
      try Data(text.utf8).write(to: URL(fileURLWithPath: other))
      let escape = #expect(throws: SeatMixError.self) { try DealLoader.load(file: other, library: library()) }
      #expect(
        escape?.diagnostics.map(\.message) == [
          "catalog file './escape.yaml', line 2: a control character is not allowed in YAML or JSON text; remove it, or write it as an escape in a double-quoted string"
        ])
    }
  }

  @Test func aSeatMixCatalogWithMistakesStillListsThemInTheCatalogFile() throws {
    let catalog = fixturePath("catalogs/bad-negative-price.yaml")
    try withDeal(catalog: catalog) { _, deal in
      let error = #expect(throws: SeatMixError.self) { try DealLoader.load(file: deal, library: library()) }
      #expect(
        error?.diagnostics == [
          Diagnostic(file: catalog, line: 27, field: "tiers[1].licenses.named.price.annual", message: "-20 is negative")
        ])
    }
  }

  // MARK: - The path policy of batch cells

  /// The problem `resolve` throws, or nil when it returned a catalog.
  func resolveProblem(
    _ reference: String, from file: String, library: CatalogLibrary, allowedRoots: [String] = []
  ) -> String? {
    do {
      _ = try library.resolve(reference: reference, relativeTo: file, allowedRoots: allowedRoots)
      return nil
    } catch {
      guard case .catalogReference(let named, let problem) = error else {
        Issue.record("resolve threw \(error), not .catalogReference")
        return "\(error)"
      }
      #expect(named == reference)
      return problem
    }
  }

  static func refusal(_ reference: String) -> String {
    "catalog file '\(reference)' is outside the folders a batch may name catalogs in (the batch file's folder and the catalog search path); name the catalog by id, or allow its folder with --catalog-path DIR"
  }

  @Test func batchCellsNameCatalogsByIdAnywhereOnTheSearchPath() throws {
    let batch = try writeTemporary("scenario,group,agents,features\n", named: "in.csv")
    defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: batch).deletingLastPathComponent().path) }
    #expect(resolveProblem("zoom-contact-center", from: batch, library: library()) == nil)
    #expect(
      resolveProblem("zoom-contact-centre", from: batch, library: library())
        == "unknown catalog 'zoom-contact-centre' (did you mean 'zoom-contact-center'?)")
  }

  @Test func batchCellsNamePathsOnlyInsideTheBatchFolderOrTheSearchPath() throws {
    let zoom = try String(contentsOfFile: repositoryFile("Catalogs/zoom-contact-center.yaml"), encoding: .utf8)
    try withDeal(catalog: "unused", files: [("mine.yaml", zoom)]) { folder, _ in
      let batch = folder.appendingPathComponent("in.csv").path
      let sub = folder.appendingPathComponent("sub")
      try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
      try Data(zoom.utf8).write(to: sub.appendingPathComponent("nested.yaml"))
      let outside = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-out-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: outside) }
      try Data(zoom.utf8).write(to: outside.appendingPathComponent("elsewhere.yaml"))
      try Data("password: hunter2\n".utf8).write(to: outside.appendingPathComponent("secret.yaml"))
      let library = library()

      // Inside the batch file's folder, below it, and on the search path: allowed.
      #expect(resolveProblem("mine.yaml", from: batch, library: library) == nil)
      #expect(resolveProblem("./sub/nested.yaml", from: batch, library: library) == nil)
      #expect(resolveProblem(repositoryFile("Catalogs/zoom-contact-center.yaml"), from: batch, library: library) == nil)
      // Outside: refused, whether the file exists or not, and whatever it holds.
      let secret = outside.appendingPathComponent("secret.yaml").path
      #expect(resolveProblem(secret, from: batch, library: library) == Self.refusal(secret))
      #expect(resolveProblem("/etc/shadow.yaml", from: batch, library: library) == Self.refusal("/etc/shadow.yaml"))
      #expect(resolveProblem("/etc/passwd", from: batch, library: library) == Self.refusal("/etc/passwd"))
      #expect(
        resolveProblem("../x/../../etc/passwd", from: batch, library: library) == Self.refusal("../x/../../etc/passwd"))
      // A symbolic link inside that points outside is outside.
      try FileManager.default.createSymbolicLink(
        atPath: folder.appendingPathComponent("link.yaml").path, withDestinationPath: secret)
      #expect(resolveProblem("link.yaml", from: batch, library: library) == Self.refusal("link.yaml"))
      // The command line widens it.
      let elsewhere = outside.appendingPathComponent("elsewhere.yaml").path
      #expect(resolveProblem(elsewhere, from: batch, library: library) == Self.refusal(elsewhere))
      #expect(resolveProblem(elsewhere, from: batch, library: library, allowedRoots: [outside.path]) == nil)
      // What one run allowed is not allowed to the next without it (decisions are kept per roots).
      #expect(resolveProblem(elsewhere, from: batch, library: library) == Self.refusal(elsewhere))
      // Allowed but not a catalog: one line, none of its content.
      #expect(
        resolveProblem(secret, from: batch, library: library, allowedRoots: [outside.path])
          == "catalog file '\(secret)' is not a SeatMix catalog (it has no top-level 'tiers')")
      // Not there.
      #expect(resolveProblem("./missing.yaml", from: batch, library: library)?.contains("not found") == true)
    }
  }
}
