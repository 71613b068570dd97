import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the tests that start `custodia serve` share: a free port, and the checkpoint key serve needs.
extension CLITests {
    /// A TCP port on 127.0.0.1 nobody listens on now (the kernel's choice for port 0), for a server a test starts.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw CancellationError() }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw CancellationError() }
        var chosen = sockaddr_in()
        let named = withUnsafeMutablePointer(to: &chosen) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw CancellationError() }
        return Int(UInt16(bigEndian: chosen.sin_port))
    }

    /// A new directory holding a checkpoint key made by `custodia audit keygen` (ADR 0028): what `serve` needs. The
    /// environment for a served process names it.
    static func auditKey() throws -> (directory: String, environment: [String: String]) {
        let directory = temporaryPath("audit")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let key = directory + "/checkpoint.key"
        let made = try run(["audit", "keygen", "--out", key])
        guard made.status == 0 else { throw CancellationError() }
        var environment = ProcessInfo.processInfo.environment
        environment["CUSTODIA_AUDIT_KEY"] = key
        return (directory, environment)
    }
}
