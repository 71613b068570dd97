import CustodiaCore
import Foundation

extension OpenData {
    /// A column of the open data: its type, what it holds in Spanish and English, and the values it may take.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var type: String
        public var es: String
        public var en: String
        public var values: String
    }

    /// Every column of every file, in the order the files print them (planning.md 4.2's data dictionary).
    public static func fields(_ file: File) -> [Field] {
        let cut = Field(
            name: "fecha_corte", type: "fecha", es: "Último día del mes (o del mes en curso) al que se refiere la cifra",
            en: "Last day of the month (or of the month so far) the figure refers to", values: "AAAA-MM-DD")
        let place = [
            cut,
            Field(
                name: "oficina_regional", type: "texto", es: "Oficina regional del INPE del establecimiento",
                en: "INPE regional office of the establishment", values: MonthlyReport.officeOrder.joined(separator: "; ")),
            Field(
                name: "departamento", type: "texto", es: "Departamento donde está el establecimiento",
                en: "Department the establishment is in", values: "nombre del departamento"),
            Field(
                name: "establecimiento_codigo", type: "texto", es: "Código del establecimiento penitenciario",
                en: "Code of the prison establishment", values: "código del registro"),
            Field(
                name: "establecimiento", type: "texto", es: "Nombre del establecimiento penitenciario",
                en: "Name of the prison establishment", values: "nombre"),
        ]
        let sex = Field(name: "sexo", type: "texto", es: "Sexo", en: "Sex", values: "H = hombre; M = mujer")
        let counted = [
            Field(
                name: "cantidad", type: "entero",
                es: "Número de personas; vacío cuando se suprime por ser menor que el umbral o para proteger otra celda",
                en: "Number of persons; empty when withheld as below the threshold or to protect another cell",
                values: "entero mayor o igual al umbral, o vacío"),
            Field(
                name: "suprimido", type: "texto", es: "SI cuando la cantidad se suprime", en: "SI when the count is withheld",
                values: "SI; NO"),
        ]
        switch file {
        case .population:
            return place + [
                sex,
                Field(
                    name: "situacion_juridica", type: "texto",
                    es: "Procesado (sin sentencia, incluida la prisión preventiva) o sentenciado",
                    en: "Unsentenced (including pretrial detention) or sentenced", values: "procesado; sentenciado"),
            ] + counted
        case .occupancy:
            return place + [
                Field(
                    name: "capacidad", type: "entero", es: "Capacidad de albergue certificada",
                    en: "Certified capacity", values: "entero"),
                Field(
                    name: "poblacion", type: "entero", es: "Personas privadas de libertad al cierre del día de corte",
                    en: "Persons held at the end of the cut-off day", values: "entero, o vacío si se suprime"),
                Field(
                    name: "ocupacion_pct", type: "decimal", es: "Población sobre capacidad, en por ciento (un decimal)",
                    en: "Population over capacity, per cent (one decimal)", values: "decimal, o vacío"),
                Field(
                    name: "hacinamiento", type: "texto", es: "SI cuando la sobrepoblación supera el 20 % de la capacidad",
                    en: "SI when overpopulation exceeds 20 % of capacity", values: "SI; NO; vacío"),
                Field(
                    name: "suprimido", type: "texto", es: "SI cuando la población se suprime",
                    en: "SI when the population is withheld", values: "SI; NO"),
            ]
        case .ages:
            return [
                cut,
                Field(
                    name: "rango_edad", type: "texto", es: "Rango de edad al día de corte",
                    en: "Age group on the cut-off day", values: MonthlyReport.ageGroups.joined(separator: "; ")),
                sex,
            ] + counted
        case .foreigners:
            return [
                cut,
                Field(
                    name: "nacionalidad", type: "texto", es: "Nacionalidad (código ISO 3166-1 alfa-3)",
                    en: "Nationality (ISO 3166-1 alpha-3 code)", values: "código de tres letras distinto de PER"),
                sex,
            ] + counted
        case .movements:
            return [
                Field(
                    name: "fecha_inicio", type: "fecha", es: "Primer día del mes", en: "First day of the month",
                    values: "AAAA-MM-DD"),
                cut,
                Field(
                    name: "movimiento", type: "texto", es: "Ingreso o egreso del mes", en: "Admission or release of the month",
                    values: "ingreso; egreso"),
                Field(
                    name: "categoria", type: "texto",
                    es: "Ingresos: situación jurídica al ingresar; egresos: motivo de la libertad",
                    en: "Admissions: legal status on admission; releases: ground of release",
                    values: "procesados; sentenciados; "
                        + ReleaseGround.allCases.map(releaseCategory).joined(separator: "; ")),
                sex,
            ] + counted
        }
    }

    /// The data dictionary as CSV: one row per file and column.
    public static func dictionaryCSV() -> String {
        var lines = [["archivo", "campo", "tipo", "descripcion_es", "descripcion_en", "valores"]]
        for file in File.allCases {
            lines += fields(file).map { [file.rawValue, $0.name, $0.type, $0.es, $0.en, $0.values] }
        }
        return lines.map { $0.map(MonthlyReport.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// What each file holds, for the package's resources.
    public static func describe(_ file: File) -> String {
        switch file {
        case .population: "Población penal por establecimiento, sexo y situación jurídica"
        case .occupancy: "Capacidad, población, ocupación y hacinamiento por establecimiento"
        case .ages: "Población penal por rango de edad y sexo"
        case .foreigners: "Población penal extranjera por nacionalidad y sexo"
        case .movements: "Ingresos del mes por situación jurídica y egresos por motivo, por sexo"
        }
    }

    /// A CKAN package (datosabiertos.gob.pe runs CKAN) describing the month's files: title, notes, tags, licence,
    /// the suppression rule and one resource per file and the dictionary. Keys sorted: the same month, the same bytes.
    public func packageJSON() -> String {
        let resources: [[String: Any]] =
            File.allCases.map { file in
                ["name": fileName(file), "format": "CSV", "description": Self.describe(file), "url": fileName(file)]
            } + [
                [
                    "name": "diccionario_datos.csv", "format": "CSV", "url": "diccionario_datos.csv",
                    "description": "Diccionario de datos: archivo, campo, tipo, descripción y valores",
                ]
            ]
        let package: [String: Any] = [
            "name": "custodia-poblacion-penitenciaria-\(month)",
            "title": "Población penitenciaria, \(month) (corte \(cutoff.description))",
            "notes":
                "Cifras agregadas del registro penitenciario al cierre del \(cutoff.description). Sin nombres, documentos "
                + "ni números de interno; edades en rangos. Las cantidades menores que \(minimumCell) se suprimen "
                + "(suprimido = SI), y una segunda cantidad del mismo grupo cuando la primera se deduciría del total.",
            "tags": ["poblacion penitenciaria", "INPE", "establecimientos penitenciarios", "hacinamiento"].map {
                ["name": $0]
            },
            "license_id": "cc-by-4.0",
            "extras": [
                ["key": "fecha_inicio", "value": from.description], ["key": "fecha_corte", "value": cutoff.description],
                ["key": "umbral_supresion", "value": String(minimumCell)],
                ["key": "celdas_suprimidas", "value": String(tables.reduce(0) { $0 + $1.withheld })],
            ],
            "resources": resources,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: package, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Every table as JSON records (column to value; withheld counts null), with the package, as one document.
    public func json() -> String {
        var tables: [String: Any] = [:]
        for table in self.tables {
            tables[table.file.rawValue] = table.rows.map { row -> [String: Any] in
                var record: [String: Any] = [:]
                for (column, value) in zip(table.columns, row) {
                    if value.isEmpty {
                        record[column] = NSNull()
                    } else if ["cantidad", "capacidad", "poblacion"].contains(column), let number = Int(value) {
                        record[column] = number
                    } else if column == "ocupacion_pct", let number = Double(value) {
                        record[column] = number
                    } else {
                        record[column] = value
                    }
                }
                return record
            }
        }
        let package = (try? JSONSerialization.jsonObject(with: Data(packageJSON().utf8))) ?? [:]
        let document: [String: Any] = [
            "mes": month, "fecha_corte": cutoff.description, "umbral_supresion": minimumCell, "paquete": package,
            "tablas": tables,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
