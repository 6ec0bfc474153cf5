import Foundation
import GLPKSolver
import Testing

@testable import SeatMix

/// The seed document's worked example must come out exactly.
@Suite struct SeedExampleTests {
  @Test func seedExampleBuysSeventyFiveWFMAndQMAndNoExpertAssist() throws {
    let loaded = try DealLoader.load(file: repositoryFile("Examples/seed-100-agents.yaml"))
    let analysis = try Optimizer(solver: GLPKSolver()).analyze(loaded.deal, catalog: loaded.catalog)
    let plan = try #require(analysis.plan)
    #expect(plan.status == .optimal)
    #expect(plan.quantity(of: .license(TierID("elite"), .concurrent)) == 25)
    #expect(plan.quantity(of: .addOn(AddOnID("wfm"))) == 75)
    #expect(plan.quantity(of: .addOn(AddOnID("qm"))) == 75)
    #expect(plan.quantity(of: .addOn(AddOnID("ai-expert-assist"))) == 0)
  }
}

/// A file of the repository, found from this source file's location.
func repositoryFile(_ path: String) -> String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent(path).path
}
