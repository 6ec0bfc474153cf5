import Foundation
import Prometheus

/// The Prometheus metrics of one running service (its own registry, so tests can run several apps
/// in one process): requests by route and status, solve latency, the solve queue's depth.
final class ServiceMetrics: Sendable {
  let registry = PrometheusCollectorRegistry()
  private let queueDepth: Gauge
  private let solvesRunning: Gauge

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
    let labels = [("method", method), ("route", route), ("status", "\(status)")]
    registry.makeCounter(
      descriptor: MetricNameDescriptor(
        namespace: "seatmix", subsystem: "http", metricName: "requests", unitName: "total",
        helpText: "HTTP requests answered."),
      labels: labels
    ).increment()
    registry.makeDurationHistogram(
      descriptor: MetricNameDescriptor(
        namespace: "seatmix", subsystem: "http", metricName: "request_duration", unitName: "seconds",
        helpText: "Time to answer a request."),
      labels: [("route", route)], buckets: Self.requestBuckets
    ).record(duration)
  }

  /// One solve (an optimize, a report, a deal's plan), by what it was for.
  func solve(_ kind: String, duration: Duration) {
    registry.makeDurationHistogram(
      descriptor: MetricNameDescriptor(
        namespace: "seatmix", metricName: "solve_duration", unitName: "seconds",
        helpText: "Time a solve took on its worker."),
      labels: [("kind", kind)], buckets: Self.solveBuckets
    ).record(duration)
  }

  func pool(queued: Int, running: Int) {
    queueDepth.set(Double(queued))
    solvesRunning.set(Double(running))
  }

  /// The text exposition format.
  func exposition() -> String { registry.emitToString() }
}
