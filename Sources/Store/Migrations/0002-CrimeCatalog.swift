import CustodiaCore

extension Migrations {
    /// The Código Penal articles the register knows, with their names.
    static func crimeCatalogRows() -> [String] {
        CrimeCatalog.standard.map { crime in
            "INSERT INTO crimes (article, name) VALUES ('\(crime.article.sqlEscaped)', '\(crime.name.sqlEscaped)')"
        }
    }
}
