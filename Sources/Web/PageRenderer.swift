import Foundation
import Hummingbird
import Mustache

/// The Mustache templates of `Resources/Templates`, loaded once.
public struct PageRenderer: @unchecked Sendable {
    // MustacheLibrary is an immutable value once loaded; rendering only reads it.
    let library: MustacheLibrary

    public static let shared = PageRenderer()

    init() {
        var library = MustacheLibrary()
        if let directory = Bundle.module.url(forResource: "Templates", withExtension: nil),
            let files = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        {
            for file in files where file.pathExtension == "mustache" {
                if let text = try? String(contentsOf: file, encoding: .utf8) {
                    try? library.register(text, named: file.deletingPathExtension().lastPathComponent)
                }
            }
        }
        self.library = library
    }

    public func render(_ template: String, _ model: [String: Any]) -> String {
        library.render(Self.present(model) ?? [:], withTemplate: template) ?? "template \(template) missing"
    }

    /// The model without absent values: an optional that is `nil` is removed (Mustache would print "nil"
    /// for an optional boxed in `Any`), one that holds a value is unwrapped; dictionaries and arrays are
    /// cleaned all the way down.
    static func present(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return nil }
            return present(wrapped)
        }
        if let dictionary = value as? [String: Any] {
            var clean: [String: Any] = [:]
            for (key, item) in dictionary { if let kept = present(item) { clean[key] = kept } }
            return clean
        }
        if let array = value as? [Any] { return array.compactMap(present) }
        return value
    }

    /// An HTML response of a template.
    public func page(_ template: String, _ model: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: render(template, model))))
    }

    /// The stylesheet, served as is.
    public static let stylesheet: ByteBuffer = {
        guard let url = Bundle.module.url(forResource: "custodia", withExtension: "css", subdirectory: "static"),
            let data = try? Data(contentsOf: url)
        else { return ByteBuffer() }
        return ByteBuffer(bytes: data)
    }()
}
