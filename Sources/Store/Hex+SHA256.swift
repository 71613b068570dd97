import Crypto
import CustodiaCore

extension Hex {
    /// SHA-256 of the text's UTF-8, in hex.
    public static func sha256(_ text: String) -> String { encode(SHA256.hash(data: Array(text.utf8))) }
}
