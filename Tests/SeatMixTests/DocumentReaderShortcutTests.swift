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

  /// Decoding a file's bytes on their contiguous storage gives what the same checks give made
  /// through `Data`'s indices (``dataIndexDecoding(_:)``, the decoder as it was before; the text,
  /// or the same problem on the same line), on seeded random files made of the bytes
  /// that matter: byte-order marks (UTF-8 and both UTF-16 ones), NUL, newlines, ASCII, valid
  /// multi-byte sequences, and bytes that are not UTF-8 (a lone continuation byte, a truncated
  /// lead, an overlong form, a surrogate); and on a Data that is a slice of a larger one.
  @Test func decodingAtOnceIsByteByByte() {
    let pieces: [[UInt8]] = [
      [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0x00], [0x0A], [0x0D, 0x0A], Array("deal: x".utf8),
      Array("é".utf8), Array("東京".utf8), Array("\u{1F600}".utf8), [0x80], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80],
      [0x41, 0x00], [0xE9],
    ]
    var random = SplitMix64(seed: 20_261_202)
    var checked = 0
    var valid = 0
    for _ in 0..<5_000 {
      var bytes: [UInt8] = []
      for _ in 0..<random.int(0...6) { bytes += random.pick(pieces) }
      let whole = Data(bytes)
      // The same bytes in the middle of a larger Data, whose indices do not start at 0.
      let sliced = Data([0x58, 0x59] + bytes + [0x5A]).dropFirst(2).dropLast()
      for data in [whole, sliced] {
        let atOnce = TextDecoding.decodeUTF8(data)
        #expect(atOnce == Self.dataIndexDecoding(data), "\(Array(data))")
        if case .success = atOnce { valid += 1 }
        checked += 1
      }
    }
    // Both answers come up often.
    #expect(valid > 1_000 && checked - valid > 1_000)
  }

  /// `TextDecoding.decodeUTF8` as it was before it read the contiguous bytes: each check through
  /// `Data`'s indices. The reference of ``decodingAtOnceIsByteByByte()``.
  static func dataIndexDecoding(_ data: Data) -> Result<String, TextDecoding.Problem> {
    typealias Problem = TextDecoding.Problem
    var bytes = data[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      return .failure(Problem(line: 1, message: "the file is UTF-16 text; save it as UTF-8"))
    }
    if let nul = bytes.firstIndex(of: 0) {
      let line = 1 + bytes[..<nul].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
      if TextDecoding.looksLikeUTF16(bytes) {
        return .failure(
          Problem(line: line, message: "the file looks like UTF-16 text without a byte-order mark; save it as UTF-8"))
      }
      return .failure(
        Problem(line: line, message: "the file holds a NUL byte (0x00), which text never does; is it a binary file?"))
    }
    if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
    var line = 1
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = bytes.startIndex
    while true {
      let before = offset
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        if scalar == "\n" { line += 1 }
        offset += String(scalar).utf8.count
      case .emptyInput:
        return .failure(Problem(line: line, message: "the file is not UTF-8 text; save it as UTF-8"))
      case .error:
        return .failure(
          Problem(
            line: line,
            message: String(
              format:
                "the file is not UTF-8 text: byte 0x%02X is not valid UTF-8 (was it saved as Windows-1252 or Latin-1?); save it as UTF-8",
              bytes[before]),
            messageWithoutContent: "the file is not UTF-8 text; save it as UTF-8"))
      }
    }
  }
}
