import Crypto
import CustodiaCore
import Foundation

/// Standard Webhooks signatures (https://www.standardwebhooks.com): `v1,` and the base64 HMAC-SHA256, keyed with the
/// secret's bytes, of `webhook-id.webhook-timestamp.body`. A secret is `whsec_` and base64 of 32 random bytes.
public enum WebhookSignature {
    public static func newSecret() -> String {
        Subscription.newSecret()
    }

    /// The signature of one delivery with one secret; `nil` for a secret that is not `whsec_` and base64.
    public static func sign(secret: String, id: String, timestamp: Int64, body: Data) -> String? {
        guard secret.hasPrefix("whsec_"), let key = Data(base64Encoded: String(secret.dropFirst("whsec_".count))) else {
            return nil
        }
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The `webhook-signature` header: one signature per valid secret, space-separated (two during a rotation).
    public static func header(secrets: [String], id: String, timestamp: Int64, body: Data) -> String {
        secrets.compactMap { sign(secret: $0, id: id, timestamp: timestamp, body: body) }.joined(separator: " ")
    }

    /// A receiver's check: the header holds a signature made with `secret`, and the timestamp is within `tolerance`
    /// seconds of `now` (a replayed old delivery is refused). Compared in constant time.
    public static func verify(
        secret: String, id: String, timestamp: Int64, body: Data, header: String, now: Date, tolerance: Int64 = 300
    ) -> Bool {
        guard abs(Int64(now.timeIntervalSince1970) - timestamp) <= tolerance,
            let expected = sign(secret: secret, id: id, timestamp: timestamp, body: body)
        else { return false }
        let wanted = Array(expected.utf8)
        return header.split(separator: " ").contains { candidate in
            let given = Array(candidate.utf8)
            guard given.count == wanted.count else { return false }
            return zip(given, wanted).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}
