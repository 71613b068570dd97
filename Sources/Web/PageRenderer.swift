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

    func render(_ template: String, _ context: PageContext) -> String {
        library.render(context, withTemplate: template) ?? "template \(template) missing"
    }

    /// An HTML response of a template over a typed page model.
    func page(_ template: String, _ context: PageContext, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: render(template, context))))
    }

    /// The stylesheet, served as is.
    public static let stylesheet: ByteBuffer = {
        guard let url = Bundle.module.url(forResource: "custodia", withExtension: "css", subdirectory: "static"),
            let data = try? Data(contentsOf: url)
        else { return ByteBuffer() }
        return ByteBuffer(bytes: data)
    }()
}
