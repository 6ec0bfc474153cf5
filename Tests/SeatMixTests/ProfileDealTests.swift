import Foundation
import Testing

@testable import SeatMix

/// Deals with inline interval profiles: how they are read and checked.
@Suite struct ProfileDealTests {
  static func load(_ text: String) throws -> DealLoader.Loaded {
    let file = try writeTemporary(text, named: "deal.yaml")
    defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path) }
    return try DealLoader.load(file: file, library: CatalogLibrary(searchFolders: [repositoryFile("Catalogs")]))
  }

  static func problems(_ text: String) -> [String] {
    do {
      _ = try load(text)
      return []
    } catch let error as SeatMixError {
      return error.diagnostics.map { "\($0.line.map(String.init) ?? "-") \($0.field): \($0.message)" }
    } catch {
      return ["\(error)"]
    }
  }

  static let twoSites = """
    name: two sites
    catalog: zoom-contact-center
    concurrency: { grid: 60m, start: 2026-01-05T08:00:00+01:00 }
    groups:
      - name: east
        agents: 10
        features: [voice]
        signed_in: [8, 8, 2, 0]
      - name: west
        agents: 10
        features: [voice]
        signed_in: [0, 3, 9, 9]
      - name: back-office
        agents: 4
        peak_concurrent: 2
        features: [voice]

    """

  @Test func inlineProfilesAreReadOnTheDealsGrid() throws {
    let deal = try Self.load(Self.twoSites).deal
    let grid = try #require(deal.concurrency?.grid)
    #expect(grid.step == .minutes(60))
    #expect(grid.count == 4)
    #expect(grid.start == ISO8601DateFormatter().date(from: "2026-01-05T07:00:00Z"))
    #expect(deal.groups[0].profile?.counts == [8, 8, 2, 0])
    #expect(deal.groups[0].peakConcurrent == 8)
    // A group without a profile is signed in at its peak throughout.
    #expect(deal.groups[2].profile == nil)
    #expect(deal.groups[2].signedIn(on: grid) == [2, 2, 2, 2])
  }

  @Test func badProfilesAreLocated() {
    var text = Self.twoSites.replacingOccurrences(of: "[0, 3, 9, 9]", with: "[0, 3, 11]")
    #expect(
      Self.problems(text) == [
        "12 groups[1].signed_in: 3 values, but the deal's grid has 4 intervals (one value per interval)",
        "12 groups[1].signed_in[2]: 11 signed in is above the group's 10 agents",
      ])
    text = Self.twoSites.replacingOccurrences(of: "+01:00", with: "")
    #expect(
      Self.problems(text) == [
        "3 concurrency.start: '2026-01-05T08:00:00' has no time zone: write Z (UTC) or an offset such as +01:00"
      ])
    text = Self.twoSites.replacingOccurrences(of: "grid: 60m", with: "grid: 45m")
    #expect(Self.problems(text) == ["3 concurrency.grid: '45m' is not a grid step: write 15m, 30m, 60m or month"])
    text = Self.twoSites.replacingOccurrences(
      of: "concurrency: { grid: 60m, start: 2026-01-05T08:00:00+01:00 }\n", with: "")
    #expect(
      Self.problems(text) == [
        "7 groups[0].signed_in: signed_in needs the deal's grid: add concurrency: {grid: 30m, start: 2026-01-05T00:00:00Z}"
      ])
    text = Self.twoSites.replacingOccurrences(of: "08:00:00+01:00", with: "08:20:00+01:00")
    #expect(Self.problems(text) == ["3 concurrency: the grid starts at 2026-01-05T07:20:00Z, not on a 60m boundary"])
  }
}
