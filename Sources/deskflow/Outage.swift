import ArgumentParser
import DeskflowSimulation
import Foundation

/// Fault drills: makes the embedded payment gateway or warehouse time out or refuse calls for a while, on a running
/// server, to watch refunds, charges and shipments end failed with a way to retry, or succeed once.
struct Outage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make the simulated gateway or warehouse time out or fail for a while (fault drills).",
        discussion: """
            deskflow outage gateway timeout --seconds 60   calls go through but their answers are lost
            deskflow outage warehouse fail --seconds 30    calls are refused and nothing is done
            deskflow outage gateway off                    ends the gateway's outage
            deskflow outage                                lists the outages running now
            """)

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case timeout, fail, off
    }

    @OptionGroup var options: DatabaseOptions
    @Argument(help: ArgumentHelp("gateway or warehouse.", valueName: "service")) var service: String?
    @Argument(help: ArgumentHelp("timeout, fail or off.", valueName: "mode")) var mode: Mode?
    @Option(help: "How long the outage lasts.") var seconds: Int = 60

    func validate() throws {
        if let service, SimulatedService(rawValue: service) == nil {
            throw ValidationError("unknown service \(service); choose gateway or warehouse")
        }
        if service != nil, mode == nil { throw ValidationError("say how it fails: timeout, fail or off") }
        guard (1...86_400).contains(seconds) else { throw ValidationError("--seconds must be from 1 to 86400") }
    }

    func run() async throws {
        let now = Date()
        try await options.withDatabase { database in
            try await oneLineErrors { try await switchAndList(Simulation.setUp(on: database).outages, now: now) }
        }
    }

    private func switchAndList(_ outages: SimulatedOutages, now: Date) async throws {
        if let service = service.flatMap(SimulatedService.init(rawValue:)), let mode {
            if let outageMode = OutageMode(rawValue: mode.rawValue) {
                try await outages.start(service, mode: outageMode, until: now.addingTimeInterval(TimeInterval(seconds)))
            } else {
                try await outages.end(service)
            }
        }
        let running = try await outages.running(now: now)
        if running.isEmpty { print("No simulated outage is running.") }
        for outage in running {
            let behaviour = outage.mode == .timeout ? "loses the answer to every call" : "refuses every call"
            let left = Int(outage.until.timeIntervalSince(now).rounded())
            print("The simulated \(outage.service.rawValue) \(behaviour) for \(left) more seconds.")
        }
    }
}
