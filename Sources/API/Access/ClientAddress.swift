import Foundation
import HTTPTypes

/// The network address a request comes from (issue 17, point 8): the peer of the connection, unless the peer is one of
/// the configured load balancers or reverse proxies; then the last address of `X-Forwarded-For` that is not itself a
/// trusted proxy (each proxy appends the address it heard from, so only the entries right of the first untrusted one
/// were written by proxies we trust). An entry that is not an IP address stops the walk at the proxy that passed it on:
/// a caller cannot make itself any other address by writing the header.
public enum ClientAddress {
    public static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    public static func resolve(peer: String?, headers: HTTPFields, trusting proxies: Set<String>) -> String? {
        guard let peer, proxies.contains(peer) else { return peer }
        let entries = headers[values: forwardedFor].flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var caller = peer
        for entry in entries.reversed() {
            guard isAddress(entry) else { return caller }
            caller = entry
            if !proxies.contains(entry) { return entry }
        }
        return caller
    }

    /// An IPv4 or IPv6 address as text, as the system reads one (no port, no zone, no name).
    public static func isAddress(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 45 else { return false }
        var bytes = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, text, &bytes) == 1 || inet_pton(AF_INET6, text, &bytes) == 1
    }
}
