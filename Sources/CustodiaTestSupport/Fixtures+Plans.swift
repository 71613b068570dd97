import CustodiaCore

extension Fixtures {
    /// Admits `count` men to ep-norte with the fixture admission, each under a DNI of their own counting from
    /// `firstDNI`: the crowded establishment the transfer planner's tests relieve.
    public static func admitMen(_ count: Int, firstDNI: Int, into registry: any Registry) async throws {
        for index in 0..<count {
            guard
                case .done = try await registry.admit(
                    admission(subject: .new(newPerson(dni: String(firstDNI + index), given: "Persona \(index)"))),
                    asOf: asOf, actor: "test")
            else { throw CancellationError() }
        }
    }
}
