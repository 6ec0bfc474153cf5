import Foundation
import Testing

@testable import SeatMix

/// The reader's shortcuts give what Foundation and Yams give.
@Suite struct DocumentReaderShortcutTests {
  @Test(arguments: [
    "", " ", "\t", "plain", " lead", "trail ", "\tboth\t", "in side", "\u{A0}nbsp", "nbsp\u{A0}", "\u{3000}wide",
    "é", "ü ", " 東京", "\u{2003}em\u{2003}", "x\u{85}", "\u{1F600}",
  ])
  func trimmingIsFoundations(_ text: String) {
    #expect(Field.trimmingWhitespace(text) == text.trimmingCharacters(in: .whitespaces))
  }
}
