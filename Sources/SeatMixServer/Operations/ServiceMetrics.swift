import Foundation
import Prometheus

/// The Prometheus metrics of one running service (its own registry, so tests can run several apps
/// in one process): requests by route and status, solve latency, the solve queue's depth.
final class ServiceMetrics: @unchecked Sendable {
  let registry = PrometheusCollectorRegistry()
  private let queueDepth: Gauge
  private let solvesRunning: Gauge
  /// The counters and histograms made so far, by their labels: the registry would find the same
  /// ones again, but only after building their names and label lists, on every request.
  private let lock = NSLock()
  private var requestCounters: [RequestLabels: Counter] = [:]
  private var requestDurations: [String: DurationHistogram] = [:]
  private var solveDurations: [String: DurationHistogram] = [:]

  private struct RequestLabels: Hashable {
    var method: String
    var route: String
    var status: Int
  }

  static let solveBuckets: [Duration] = [
    .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
    .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    .seconds(30),
  ]
  static let requestBuckets = solveBuckets

  init() {
    queueDepth = registry.makeGauge(
      descriptor: MetricNameDescriptor(
        namespace: "seatmix", metricName: "solve_queue", unitName: "depth",
        helpText: "Solves waiting for a worker."))
    solvesRunning = registry.makeGauge(
      descriptor: MetricNameDescriptor(
        namespace: "seatmix", metricName: "solves", unitName: "running", helpText: "Solves running now."))
  }

  /// One answered request; `route` is the route pattern (`/api/v1/deals/{id}`), not the path, so
  /// ids never become labels.
  func request(method: String, route: String, status: Int, duration: Duration) {
    let (counter, histogram) = lock.withLock {
      let labels = RequestLabels(method: method, route: route, status: status)
      let counter = requestCounters[labels] ?? makeRequestCounter(labels)
      requestCounters[labels] = counter
      let histogram = requestDurations[route] ?? makeRequestDuration(route: route)
      requestDurations[route] = histogram
      return (counter, histogram)
    }
    counter.increment()
    histogram.record(duration)
  }

  /// One solve (an optimize, a report, a deal's plan), by what it was for.
  func solve(_ kind: String, duration: Duration) {
    let histogram = lock.withLock {
      let histogram = solveDurations[kind] ?? makeSolveDuration(kind: kind)
      solveDurations[kind] = histogram
      return histogram
    }
    histogram.record(duration)
  }

  private func makeRequestCounter(_ labels: RequestLabels) -> Counter {
    registry.makeCounter(
      descriptor: MetricNameDescriptor(
        namespace: "seatmix", subsystem: "http", metricName: "requests", unitName: "total",
        helpText: "HTTP requests answered."),
      labels: [("method", labels.method), ("route", labels.route), ("status", "\(labels.status)")])
  }

  private func makeRequestDuration(route: String) -> DurationHistogram {
    registry.makeDurationHistogram(
      descriptor: MetricNameDescriptor(
        namespace: "seatmix", subsystem: "http", metricName: "request_duration", unitName: "seconds",
        helpText: "Time to answer a request."),
      labels: [("route", route)], buckets: Self.requestBuckets)
  }

  private func makeSolveDuration(kind: String) -> DurationHistogram {
    registry.makeDurationHistogram(
      descriptor: MetricNameDescriptor(
        namespace: "seatmix", metricName: "solve_duration", unitName: "seconds",
        helpText: "Time a solve took on its worker."),
      labels: [("kind", kind)], buckets: Self.solveBuckets)
  }

  func pool(queued: Int, running: Int) {
    queueDepth.set(Double(queued))
    solvesRunning.set(Double(running))
  }

  /// The text exposition format.
  func exposition() -> String { registry.emitToString() }
}
