import Foundation

/// Partial outputs to delete if the process is interrupted.
public final class TemporaryFiles: @unchecked Sendable {
  public static let shared = TemporaryFiles()
  private var paths: Set<String> = []
  private let lock = NSLock()

  func add(_ path: String) { lock.withLock { _ = paths.insert(path) } }
  func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }

  /// Deletes every partial output (for a Ctrl-C handler).
  public func removeAll() {
    lock.withLock {
      for path in paths { unlink(path) }
      paths.removeAll()
    }
  }
}
