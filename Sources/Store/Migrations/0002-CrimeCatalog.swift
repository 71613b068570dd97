import CustodiaCore

extension Migrations {
    /// The Código Penal articles the register knows, with their names.
    static func crimeCatalogRows(_ crimes: [Crime] = CrimeCatalog.first) -> [String] {
        crimes.map { crime in
            "INSERT INTO crimes (article, name) VALUES ('\(crime.article.sqlEscaped)', '\(crime.name.sqlEscaped)')"
        }
    }
}
