/// The legal source of each rule id (docs/legal/peru-law.md).
enum Citations {
    static let table: [String: String] = [
        "R-CAL-1": "CPP art. 142.2", "R-CAL-2": "CPP art. 143.3-143.4",
        "R-CAL-3": "Cómputo de plazos de detención (Exp. Castillo, 2022)",
        "R-CAL-4": "Cómputo de la pena (doctrina)", "R-CAL-5": "[OPEN] mes sin el día de inicio",
        "R-CAL-6": "Descuento en días calendario", "PP-2": "CPP art. 272 (D.Leg. 1307)", "PP-3": "CPP art. 274.1",
        "PP-4": "CPP art. 274.2; Acuerdo Plenario Extraordinario 1-2017/CIJ-116", "PP-5": "CPP art. 274.5",
        "PP-6": "CPP art. 273", "PP-7": "CPP art. 275", "PP-8": "CPP art. 272; cómputo desde la detención",
        "PP-9": "CPP art. 274; prolongación desde el día siguiente", "PP-10": "CPP art. 290.7", "PP-12": "CPP art. 342",
        "PP-14": "CPP arts. 264, 266",
        "AB-1": "CP art. 47", "AB-2": "CPP art. 399.1-399.2", "AB-3": "CPP art. 399.1; STC 6201-2007-HC/TC",
        "AB-5": "CP art. 29", "RD-1": "CEP art. 44 (D.Leg. 1296)", "RD-2": "CEP arts. 44-45 (D.Leg. 1296)",
        "RD-3": "CEP art. 46 (Ley 30609, Ley 30838)", "RD-4": "CEP art. 46 (D.Leg. 1576)",
        "RD-5": "CEP arts. 46, 47-A (D.Leg. 1737)", "RD-6": "Ley 30077 art. 24", "RD-7": "CEP arts. 44-47",
        "RD-8": "[OPEN] redondeo de días redimidos", "RD-9": "[OPEN] concurrencia de tasas de redención",
        "BF-1": "CEP art. 48 (semilibertad)", "BF-2": "CEP art. 49 (liberación condicional)",
        "BF-3": "CEP art. 50; Leyes 30609, 30838; D.Leg. 1576, 1737", "BF-4": "[OPEN] ley aplicable en el tiempo",
    ]

    static func cite(_ id: String) -> String { table[id] ?? id }
}
