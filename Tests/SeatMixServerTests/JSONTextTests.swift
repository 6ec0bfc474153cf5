import Foundation
import Testing

@testable import SeatMixServer

@Suite struct JSONTextTests {
  /// The number grammar as JSON states it, in a regex: the reference the hand-written scanner must match.
  static func referenceIsNumber(_ text: String) -> Bool {
    text.wholeMatch(of: /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/) != nil
  }

  @Test func theNumberScannerAgreesWithJSONsGrammar() {
    let fixed = [
      "", "0", "-0", "00", "01", "-", "1", "12", "1.", ".5", "1.5", "1.50", "-1.5e3", "1e", "1e+", "1e-7", "1E7",
      "1.5E+07", "0.0", "0x1F", "+1", "1_000", "١", "1 ", " 1", "1.2.3", "1e5e5", "Infinity", "NaN", "true",
    ]
    for text in fixed {
      #expect(JSONText.isJSONNumber(text) == Self.referenceIsNumber(text), "\(text.debugDescription)")
    }
    // Every string of up to four characters over the grammar's alphabet and a stranger.
    let alphabet: [Character] = ["0", "1", "9", "-", "+", ".", "e", "E", "x"]
    var texts = [""]
    var checked = 0
    for _ in 1...4 {
      texts = texts.flatMap { text in alphabet.map { text + String($0) } }
      for text in texts {
        #expect(JSONText.isJSONNumber(text) == Self.referenceIsNumber(text), "\(text.debugDescription)")
        checked += 1
      }
    }
    #expect(checked == 9 + 81 + 729 + 6561)
  }
}
