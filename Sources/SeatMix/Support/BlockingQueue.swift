import Foundation

/// A bounded FIFO between threads; `take` returns nil once closed and drained.
final class BlockingQueue<Element>: @unchecked Sendable {
  private var items: [Element] = []
  private var head = 0
  private var closed = false
  private let capacity: Int
  private let condition = NSCondition()

  init(capacity: Int) { self.capacity = capacity }

  func put(_ item: Element) {
    condition.lock()
    while items.count - head >= capacity && !closed { condition.wait() }
    items.append(item)
    condition.broadcast()
    condition.unlock()
  }

  func take() -> Element? {
    condition.lock()
    defer { condition.unlock() }
    while head == items.count && !closed { condition.wait() }
    guard head < items.count else { return nil }
    let item = items[head]
    head += 1
    if head > 1024 && head * 2 > items.count {
      items.removeFirst(head)
      head = 0
    }
    condition.broadcast()
    return item
  }

  func close() {
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
  }
}
