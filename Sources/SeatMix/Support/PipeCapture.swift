import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a writer that only takes a file name writes, in memory: it is given a path to a pipe that a
/// thread of this process drains. For the LP writer (GLPK writes only to a named file), so that the
/// LP text then goes through ``OutputFile`` like every other output; no disk is touched and no
/// file-size limit applies on the way.
enum PipeCapture {
  static func bytes(
    written write: (String) throws(SeatMixError) -> Void, for destination: String
  ) throws(SeatMixError) -> [UInt8] {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else {
      throw .unreadable(file: destination, reason: "cannot write: \(OutputFile.errnoText())")
    }
    let (readEnd, writeEnd) = (ends[0], ends[1])
    let drain = PipeDrain(readEnd)
    #if canImport(Glibc)
      let path = "/proc/self/fd/\(writeEnd)"
    #else
      let path = "/dev/fd/\(writeEnd)"
    #endif
    let written = Result { () throws(SeatMixError) in try write(path) }
    close(writeEnd)  // the writer has closed its own descriptor: the drain now sees the end
    let bytes = drain.wait()
    close(readEnd)
    try written.get()
    return bytes
  }
}

/// Reads a pipe to its end on a thread of its own (a writer on the calling thread would block on a
/// full pipe otherwise).
private final class PipeDrain: @unchecked Sendable {
  private var bytes: [UInt8] = []
  private let done = DispatchSemaphore(value: 0)

  init(_ descriptor: Int32) {
    let thread = Thread { [self] in
      var buffer = [UInt8](repeating: 0, count: 1 << 16)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
          bytes += buffer[..<count]
        } else if count < 0 && errno == EINTR {
          continue
        } else {
          break
        }
      }
      done.signal()
    }
    thread.start()
  }

  func wait() -> [UInt8] {
    done.wait()
    return bytes
  }
}
