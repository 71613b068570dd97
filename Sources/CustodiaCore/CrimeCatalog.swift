/// The catalog of crimes by Código Penal article that charges are checked against.
///
/// Articles and names of the 20 most frequent specific crimes come from INPE's January 2026 statistics
/// (data/peru/crimes.csv); the others are frequent articles of the Código Penal (D.Leg. 635) that
/// the "Otros delitos" group of that table is made of.
public enum CrimeCatalog {
    /// Every article the register knows: the first catalogue and the articles added since, in that order.
    public static let standard: [Crime] = first + extremeSecurity

    /// The catalogue of migration 2 (never changed: a migration applied once must write the same rows again).
    public static let first: [Crime] = [
        Crime(article: "106", name: "Homicidio simple"),
        Crime(article: "108", name: "Homicidio calificado - asesinato"),
        Crime(article: "108-B", name: "Feminicidio"),
        Crime(article: "108-C", name: "Sicariato"),
        Crime(article: "111", name: "Homicidio culposo"),
        Crime(article: "121", name: "Lesiones graves"),
        Crime(article: "122", name: "Lesiones leves"),
        Crime(article: "122-B", name: "Agresiones contra la mujer o integrantes del grupo familiar"),
        Crime(article: "149", name: "Incumplimiento de la obligación alimentaria"),
        Crime(article: "152", name: "Secuestro"),
        Crime(article: "153", name: "Trata de personas"),
        Crime(article: "170", name: "Violación sexual"),
        Crime(article: "171", name: "Violación sexual de persona en estado de inconsciencia o en la imposibilidad de resistir"),
        Crime(article: "173", name: "Violación sexual de menor de edad"),
        Crime(article: "176-A", name: "Tocamientos, actos de connotación sexual o actos libidinosos en agravio de menores"),
        Crime(article: "185", name: "Hurto simple"),
        Crime(article: "186", name: "Hurto agravado"),
        Crime(article: "188", name: "Robo"),
        Crime(article: "189", name: "Robo agravado"),
        Crime(article: "194", name: "Receptación"),
        Crime(article: "196", name: "Estafa"),
        Crime(article: "200", name: "Extorsión"),
        Crime(article: "279", name: "Tenencia ilegal de armas"),
        Crime(article: "279-G", name: "Fabricación, comercialización, uso o porte de armas"),
        Crime(article: "296", name: "Tráfico ilícito de drogas"),
        Crime(article: "297", name: "Tráfico ilícito de drogas - formas agravadas"),
        Crime(article: "298", name: "Microcomercialización o microproducción de drogas"),
        Crime(article: "317", name: "Organización criminal"),
        Crime(article: "317-B", name: "Banda criminal"),
        Crime(article: "387", name: "Peculado"),
        Crime(article: "393", name: "Cohecho pasivo propio"),
    ]

    /// Added with classification (migration 11): criminalidad sistemática, one of the crimes that call for
    /// Extrema Seguridad under D.Leg. 1737 (docs/legal/peru-operations.md CL-6).
    public static let extremeSecurity: [Crime] = [
        Crime(article: "318-B", name: "Criminalidad sistemática")
    ]

    public static let articles: Set<String> = Set(standard.map(\.article))

    public static func name(of article: String) -> String? { standard.first(where: { $0.article == article })?.name }
}
