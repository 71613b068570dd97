import CustodiaCore
import Hummingbird
import Placement

extension Pages {
    /// The month's open data (issue 15 point 3, ADR 0040) for the reader's establishments: what is published and what
    /// is withheld; `file=…` downloads one file as CSV (`diccionario_datos` the dictionary), `format=json` every table
    /// and the package, `format=package` the CKAN package alone.
    func openDataPage(_ web: WebRequest) async throws -> Response {
        let t = web.strings
        let today = services.today()
        let (text, day, error) = reportMonth(web, today: today)
        guard
            let data = try await services.registry.openData(
                year: day.year, month: day.month, through: today, establishmentCodes: web.principal?.establishments)
        else { return CustodiaWeb.notFound(web) }
        if error == nil, let download = Self.openDataDownload(data, file: web.query("file"), format: web.query("format")) {
            return download
        }
        let language = web.language == .en
        let base = "/reports/open-data?month=\(data.month)"
        let heading = t["open_data_title"]
        return web.page(
            "open_data",
            OpenDataModel(
                layout: web.layout(title: heading, current: "/reports/monthly"), heading: heading,
                month: error == nil ? data.month : text, monthError: error, cutoff: data.cutoff.description,
                rule: t["open_data_rule"].replacingOccurrences(of: "{minimum}", with: String(data.minimumCell)),
                files: data.tables.map {
                    .init(
                        name: data.fileName($0.file), description: OpenData.describe($0.file),
                        href: "\(base)&file=\($0.file.rawValue)", rows: String($0.rows.count), withheld: String($0.withheld))
                },
                fields: OpenData.File.allCases.flatMap { file in
                    OpenData.fields(file).map {
                        .init(
                            file: file.rawValue, name: $0.name, type: $0.type, description: language ? $0.en : $0.es,
                            values: $0.values)
                    }
                }, dictionaryHref: "\(base)&file=diccionario_datos", packageHref: "\(base)&format=package",
                jsonHref: "\(base)&format=json"),
            status: error == nil ? .ok : .unprocessableContent)
    }

    /// One file of the month as a download, or nil to show the page.
    static func openDataDownload(_ data: OpenData, file: String?, format: String?) -> Response? {
        let name: String
        let body: String
        let type: String
        if let file, let table = OpenData.File(rawValue: file) {
            (name, body, type) = (data.fileName(table), data.csv(table), "text/csv; charset=utf-8")
        } else if file == "diccionario_datos" {
            (name, body, type) = ("diccionario_datos.csv", OpenData.dictionaryCSV(), "text/csv; charset=utf-8")
        } else if format == "json" {
            (name, body, type) = ("datos_\(data.month).json", data.json(), "application/json; charset=utf-8")
        } else if format == "package" {
            (name, body, type) = ("paquete_\(data.month).json", data.packageJSON(), "application/json; charset=utf-8")
        } else {
            return nil
        }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
