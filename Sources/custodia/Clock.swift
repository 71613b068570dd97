import ArgumentParser
import Foundation
import LegalClock

/// `custodia clock --input FILE.json`: one case in, its clock out (docs/legal/clock-format.md).
struct Clock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute one legal clock from a JSON document and print the result as JSON.")

    @Option(help: "The input document (the `input` of a scenario file, or a whole scenario file); - for standard input.")
    var input: String

    func run() async throws {
        let data: Data
        do {
            data =
                input == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: input))
        } catch {
            throw ValidationError("cannot read \(input): \(error.localizedDescription)")
        }
        // A scenario file holds the input under "input"; a bare input document is accepted too.
        var document = data
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let inner = object["input"] {
            document = try JSONSerialization.data(withJSONObject: inner)
        }
        let clockInput: ClockInput
        do {
            clockInput = try JSONDecoder().decode(ClockInput.self, from: document)
        } catch {
            throw ValidationError("\(input) is not a clock input: \(error)")
        }
        let result = LegalClock.compute(clockInput, rules: try RuleSet.bundled())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
        if result.status == .notComputable { throw ExitCode(2) }
    }
}
