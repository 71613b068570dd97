import API
import Foundation
import Testing

/// Issue 17, point 1 (TOTP): codes per RFC 6238 from the secret exactly as printed.
@Suite struct OneTimeCodeTests {
    /// RFC 6238, Appendix B: the SHA-1 seed "12345678901234567890", 8-digit codes.
    @Test func theRFCsTestVectors() {
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  // base32 of "12345678901234567890"
        #expect(OneTimeCode.base32Decode(secret) == Data("12345678901234567890".utf8))
        for (time, code) in [
            (59.0, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ] {
            let at = Date(timeIntervalSince1970: time)
            #expect(OneTimeCode.code(secret: secret, at: at, digits: 8) == code, "T = \(time)")
            // Six digits, as authenticator apps show them: the last six of the same number.
            #expect(OneTimeCode.code(secret: secret, at: at) == String(code.suffix(6)))
        }
        #expect(OneTimeCode.code(secret: secret.lowercased(), at: Date(timeIntervalSince1970: 59), digits: 8) == "94287082")
        #expect(OneTimeCode.code(secret: "not base32!", at: Date()) == nil)
    }

    /// The printed secret is what the server uses: a new secret decodes to 160 bits, and the otpauth address
    /// carries it unchanged with the parameters of the Key Uri Format.
    @Test func thePrintedSecretIsTheKey() throws {
        let secret = AccessControl.newTOTPSecret()
        #expect(secret.count == 32 && OneTimeCode.base32Decode(secret)?.count == 20)
        let url = try #require(URLComponents(string: AccessControl.totpURL(secret: secret, username: "director")))
        #expect(url.scheme == "otpauth" && url.host == "totp" && url.path == "/Custodia:director")
        let items = Dictionary(uniqueKeysWithValues: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(items == ["secret": secret, "issuer": "Custodia", "algorithm": "SHA1", "digits": "6", "period": "30"])
        let now = Date()
        #expect(AccessControl.totpCode(secret: secret, at: now) == OneTimeCode.code(secret: secret, at: now))
    }
}
