import API
import Foundation
import Logging
import ServiceLifecycle

/// Writes the summary rows of anonymous refusals every minute while `serve` runs, and once more as it stops
/// (ADR 0012): a flood that stops, with no later refusal to carry its summary, still leaves its count in the
/// audit trail.
struct RefusalSummaries: Service {
    let access: AccessControl
    let logger: Logger
    var interval: Duration = .seconds(60)

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
            await write(closing: false)
        }
        await write(closing: true)
    }

    private func write(closing: Bool) async {
        do {
            try await access.writeRefusalSummaries(closing: closing)
        } catch {
            logger.error("refusal summaries not written", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
