/// A moment read from an ISO 8601 time with its time zone offset (`2026-03-02T08:30:00Z`,
/// `2026-03-02 08:30:00+01:00`): the moment itself, in seconds since 1970-01-01T00:00:00Z, and the
/// clock as written (local date and minute of the day), which is what the grid's alignment is
/// checked on.
///
/// SeatMix refuses a time without a zone (`2026-03-02T08:30:00`) rather than assume one: the
/// profiles and sessions of a deal often come from sites in different time zones, and a wrong
/// assumption would shift one site's peak onto another's quiet hours without a sign. The message
/// says how to write the zone (`Z` for UTC, or an offset such as `+01:00`).
public struct ISOTime: Sendable, Equatable, Comparable {
  /// Seconds since 1970-01-01T00:00:00Z.
  public var seconds: Int64
  /// The date and time as written, before the offset is applied.
  public var year: Int
  public var month: Int
  public var day: Int
  /// Minutes since the written day's midnight.
  public var minuteOfDay: Int
  /// The offset as written, in minutes east of UTC.
  public var offsetMinutes: Int

  /// Whole minutes since 1970-01-01T00:00Z, rounded down.
  public var minute: Int64 { seconds >= 0 ? seconds / 60 : (seconds - 59) / 60 }

  public static func < (lhs: ISOTime, rhs: ISOTime) -> Bool { lhs.seconds < rhs.seconds }

  /// Why a text is not a time SeatMix reads.
  public enum Problem: Error, Equatable, Sendable {
    /// Not an ISO 8601 date and time at all (or a field out of range, such as month 13).
    case unparsable
    /// A date and time without `Z` or an offset.
    case noTimeZone

    /// The message after the cell's location, quoting the cell.
    public func message(_ text: some StringProtocol) -> String {
      switch self {
      case .unparsable:
        return "\(quoted(String(text))) is not an ISO 8601 date and time (write it like 2026-03-02T08:30:00Z)"
      case .noTimeZone:
        return
          "\(quoted(String(text))) has no time zone; SeatMix assumes none: add Z for UTC or the site's offset, such as +01:00"
      }
    }
  }

  /// Reads `YYYY-MM-DD(T| )HH:MM[:SS[.fraction]](Z|±HH:MM|±HHMM|±HH)`; surrounding blanks are ignored.
  /// Fractions of a second are dropped (SeatMix counts whole minutes).
  public static func parse(_ text: some StringProtocol) -> Result<ISOTime, Problem> {
    if let result = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: $0) }) { return result }
    var copy = String(text)
    return copy.withUTF8 { parse(bytes: $0) }
  }

  /// ``parse(_:)`` on UTF-8 bytes, without building a string (the session reader's hot path: the
  /// fixed positions of the format are read directly).
  public static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Result<ISOTime, Problem> {
    var start = 0
    var end = bytes.count
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
    // YYYY-MM-DDTHH:MM is 16 bytes.
    guard end - start >= 16, bytes[start + 4] == 0x2D, bytes[start + 7] == 0x2D, bytes[start + 13] == 0x3A,
      bytes[start + 10] == 0x54 || bytes[start + 10] == 0x74 || bytes[start + 10] == 0x20,
      let century = twoDigits(bytes, start), let yearInCentury = twoDigits(bytes, start + 2),
      let month = twoDigits(bytes, start + 5), let day = twoDigits(bytes, start + 8),
      let hour = twoDigits(bytes, start + 11), let minute = twoDigits(bytes, start + 14)
    else { return .failure(.unparsable) }
    let year = century * 100 + yearInCentury
    var index = start + 16
    var second = 0
    if index < end, bytes[index] == 0x3A {
      guard index + 3 <= end, let value = twoDigits(bytes, index + 1) else { return .failure(.unparsable) }
      second = value
      index += 3
      if index < end, bytes[index] == 0x2E || bytes[index] == 0x2C {
        index += 1
        let fractionStart = index
        while index < end, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
        guard index > fractionStart else { return .failure(.unparsable) }
      }
    }
    guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 23, minute <= 59,
      second <= 59
    else { return .failure(.unparsable) }
    guard index < end else { return .failure(.noTimeZone) }
    var offset = 0
    switch bytes[index] {
    case 0x5A, 0x7A:  // Z
      index += 1
    case 0x2B, 0x2D:  // + -
      let sign = bytes[index] == 0x2D ? -1 : 1
      guard index + 3 <= end, let hours = twoDigits(bytes, index + 1), hours <= 23 else { return .failure(.unparsable) }
      index += 3
      var minutes = 0
      if index < end {
        if bytes[index] == 0x3A { index += 1 }
        guard index + 2 <= end, let value = twoDigits(bytes, index), value <= 59 else { return .failure(.unparsable) }
        minutes = value
        index += 2
      }
      offset = sign * (hours * 60 + minutes)
    default:
      return .failure(.unparsable)
    }
    guard index == end else { return .failure(.unparsable) }
    let days = daysFromCivil(year: year, month: month, day: day)
    let minuteOfDay = hour * 60 + minute
    let seconds = (Int64(days) * 1440 + Int64(minuteOfDay - offset)) * 60 + Int64(second)
    return .success(
      ISOTime(
        seconds: seconds, year: year, month: month, day: day, minuteOfDay: minuteOfDay, offsetMinutes: offset))
  }

  /// The two ASCII digits at `index`, or nil.
  @inline(__always)
  private static func twoDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int? {
    let (high, low) = (bytes[index] &- 0x30, bytes[index + 1] &- 0x30)
    guard high <= 9, low <= 9 else { return nil }
    return Int(high) * 10 + Int(low)
  }

  /// The moment at a whole minute since 1970, written in UTC.
  public init(minute: Int64) {
    let days = minute >= 0 ? minute / 1440 : (minute - 1439) / 1440
    let (year, month, day) = Self.civil(fromDays: days)
    self.init(
      seconds: minute * 60, year: year, month: month, day: day, minuteOfDay: Int(minute - days * 1440),
      offsetMinutes: 0)
  }

  init(seconds: Int64, year: Int, month: Int, day: Int, minuteOfDay: Int, offsetMinutes: Int) {
    self.seconds = seconds
    self.year = year
    self.month = month
    self.day = day
    self.minuteOfDay = minuteOfDay
    self.offsetMinutes = offsetMinutes
  }

  /// `2026-03-02T08:30:00Z` (UTC), or with the written offset when it has one: `…+01:00`.
  public var text: String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(25)
    func two(_ value: Int) {
      bytes.append(UInt8(0x30 + value / 10))
      bytes.append(UInt8(0x30 + value % 10))
    }
    if (0...9999).contains(year) {
      two(year / 100)
      two(year % 100)
    } else {
      bytes += Array(String(year).utf8)
    }
    bytes.append(0x2D)
    two(month)
    bytes.append(0x2D)
    two(day)
    bytes.append(0x54)
    two(minuteOfDay / 60)
    bytes.append(0x3A)
    two(minuteOfDay % 60)
    bytes += [0x3A, 0x30, 0x30]
    if offsetMinutes == 0 {
      bytes.append(0x5A)
    } else {
      let magnitude = abs(offsetMinutes)
      bytes.append(offsetMinutes < 0 ? 0x2D : 0x2B)
      two(magnitude / 60)
      bytes.append(0x3A)
      two(magnitude % 60)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The first minute (since 1970, UTC) of a month; a month outside 1…12 carries into the year.
  public static func monthStart(year: Int, month: Int) -> Int64 {
    let total = year * 12 + (month - 1)
    let (y, m) = (total / 12, total % 12 + 1)
    return Int64(daysFromCivil(year: y, month: m, day: 1)) * 1440
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The date of a day since 1970-01-01 (`civil_from_days`).
  static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
    let z = Int(days) + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
