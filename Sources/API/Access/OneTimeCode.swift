import Crypto
import Foundation

/// Time-based one-time codes (RFC 6238 over RFC 4226's HOTP, HMAC-SHA1, 30-second steps), with the shared secret
/// in base32 exactly as it is printed and put in the otpauth address (Google Authenticator's Key Uri Format), so
/// an authenticator app enrolled from either shows the codes the server expects.
public enum OneTimeCode {
    public static let period: TimeInterval = 30

    /// The code at an instant, `digits` long; nil when the secret is not base32.
    public static func code(secret: String, at date: Date, digits: Int = 6) -> String? {
        guard let key = base32Decode(secret), !key.isEmpty else { return nil }
        let step = UInt64(max(0, floor(date.timeIntervalSince1970 / period)))
        let counter = withUnsafeBytes(of: step.bigEndian) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: counter, using: SymmetricKey(data: key)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let truncated =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(truncated % modulus)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// RFC 4648 base32, upper or lower case, spaces and padding ignored; nil on any other character.
    public static func base32Decode(_ text: String) -> Data? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
        var bytes = Data()
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased().utf8 where character != UInt8(ascii: "=") && character != UInt8(ascii: " ") {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8((buffer >> UInt32(bits)) & 0xff))
            }
        }
        return bytes
    }

    /// A new secret: 160 random bits (RFC 4226's recommended length), 32 base32 characters.
    public static func newSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// The otpauth:// address to enrol the secret (Key Uri Format): issuer in the label and as a parameter.
    public static func enrolmentURL(secret: String, username: String, issuer: String = "Custodia") -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        return "otpauth://totp/\(encode(issuer)):\(encode(username))?secret=\(secret)&issuer=\(encode(issuer))"
            + "&algorithm=SHA1&digits=6&period=30"
    }
}
