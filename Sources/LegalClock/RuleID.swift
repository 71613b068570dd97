/// The id of a legal rule (docs/legal/peru-law.md). Every computed result names its rules by these ids, and
/// every id has its citation: the switch in `citation` is exhaustive, so an id without one does not build,
/// and a rule table naming an unknown id does not load.
public enum RuleID: String, Codable, Sendable, CaseIterable, Comparable {
    // Calendar (cómputo de plazos).
    case cal1 = "R-CAL-1", cal2 = "R-CAL-2", cal3 = "R-CAL-3", cal4 = "R-CAL-4", cal5 = "R-CAL-5", cal6 = "R-CAL-6"
    // Pretrial detention (prisión preventiva) and preliminary detention.
    case pp1 = "PP-1", pp2 = "PP-2", pp3 = "PP-3", pp4 = "PP-4", pp5 = "PP-5", pp6 = "PP-6", pp7 = "PP-7", pp8 = "PP-8", pp9 =
        "PP-9"
    case pp10 = "PP-10", pp12 = "PP-12", pp14 = "PP-14"
    // Crediting (abono) and sentence end.
    case ab1 = "AB-1", ab2 = "AB-2", ab3 = "AB-3", ab5 = "AB-5"
    // Redemption by work or study (redención).
    case rd1 = "RD-1", rd2 = "RD-2", rd3 = "RD-3", rd4 = "RD-4", rd5 = "RD-5", rd6 = "RD-6", rd7 = "RD-7", rd8 = "RD-8"
    case rd9 = "RD-9"
    // Prison benefits (semilibertad, liberación condicional).
    case bf1 = "BF-1", bf2 = "BF-2", bf3 = "BF-3", bf4 = "BF-4"
    // The benefit procedure, from eligibility to release (docs/legal/peru-relief.md).
    case bp2 = "BP-2", bp3 = "BP-3", bp4 = "BP-4", bp5 = "BP-5", bp6 = "BP-6", bp7 = "BP-7", bp8 = "BP-8", bp11 = "BP-11"
    case bp12 = "BP-12", bp15 = "BP-15"
    // Vigilancia electrónica and the other decongestion routes (docs/legal/peru-relief.md sections 2 and 3).
    case ve2 = "VE-2", ve3 = "VE-3", ve4 = "VE-4", ve5 = "VE-5", ve6 = "VE-6", ve7 = "VE-7", dr1 = "DR-1", dr2 = "DR-2"
    case dr4 = "DR-4"

    /// The legal source of the rule.
    public var citation: String {
        switch self {
        case .cal1: "CPP art. 142.2"
        case .cal2: "CPP art. 143.3-143.4"
        case .cal3: "Cómputo de plazos de detención (Exp. Castillo, 2022)"
        case .cal4: "Cómputo de la pena (doctrina)"
        case .cal5: "[OPEN] mes sin el día de inicio"
        case .cal6: "Descuento en días calendario"
        case .pp1: "CPP art. 268: prisión preventiva solo si la pena probable supera cinco años"
        case .pp2: "CPP art. 272 (D.Leg. 1307)"
        case .pp3: "CPP art. 274.1"
        case .pp4: "CPP art. 274.2; Acuerdo Plenario Extraordinario 1-2017/CIJ-116"
        case .pp5: "CPP art. 274.5"
        case .pp6: "CPP art. 273"
        case .pp7: "CPP art. 275"
        case .pp8: "CPP art. 272; cómputo desde la detención"
        case .pp9: "CPP art. 274; prolongación desde el día siguiente"
        case .pp10: "CPP art. 290.7"
        case .pp12: "CPP art. 342"
        case .pp14: "CPP arts. 264, 266"
        case .ab1: "CP art. 47"
        case .ab2: "CPP art. 399.1-399.2"
        case .ab3: "CPP art. 399.1; STC 6201-2007-HC/TC"
        case .ab5: "CP art. 29"
        case .rd1: "CEP art. 44 (D.Leg. 1296)"
        case .rd2: "CEP arts. 44-45 (D.Leg. 1296)"
        case .rd3: "CEP art. 46 (Ley 30609, Ley 30838)"
        case .rd4: "CEP art. 46 (D.Leg. 1576)"
        case .rd5: "CEP arts. 46, 47-A (D.Leg. 1737)"
        case .rd6: "Ley 30077 art. 24"
        case .rd7: "CEP arts. 44-47"
        case .rd8: "[OPEN] redondeo de días redimidos"
        case .rd9: "[OPEN] concurrencia de tasas de redención"
        case .bf1: "CEP art. 48 (semilibertad)"
        case .bf2: "CEP art. 49 (liberación condicional)"
        case .bf3: "CEP art. 50; Leyes 30609, 30838; D.Leg. 1576, 1737"
        case .bf4: "[OPEN] ley aplicable en el tiempo"
        case .bp2: "[OPEN] CEP: el Consejo Técnico Penitenciario de oficio o a pedido del interno"
        case .bp3: "[OPEN] CEP y Reglamento arts. 178-196: documentos del expediente"
        case .bp4: "[OPEN] CEP (texto anterior a 2016): 10 días hábiles para el expediente, 2 para remitirlo"
        case .bp5: "CPP arts. 28.5.a, 29.4: juzgado competente"
        case .bp6: "[OPEN] CEP: audiencia en 10 días hábiles, resolución en 2"
        case .bp7: "[OPEN] CEP: apelación en 3 días hábiles, sin efecto suspensivo de la concesión"
        case .bp8: "CPP art. 143.2-143.4: días hábiles desde el día siguiente"
        case .bp11: "CPP art. 399.3; [OPEN] tiempo en libertad no computado tras la revocación"
        case .bp12: "CP arts. 46-B, 46-C: sin semilibertad ni liberación condicional"
        case .bp15: "[OPEN] nueva solicitud tras una denegatoria"
        case .ve2: "CPP art. 287-A: comparecencia con vigilancia electrónica o cesación de la prisión preventiva"
        case .ve3: "CPP art. 268-A (D.Leg. 1585): vigilancia electrónica preferente hasta 7 años"
        case .ve4: "CP art. 52-B (D.Leg. 1514): conversión hasta 10 años; 10-12 con servicios o limitación de días"
        case .ve5: "CP arts. 29-A.3, 52-B.4: un día de vigilancia por un día de pena"
        case .ve6: "CP art. 29-A.4; [OPEN] exclusiones del D.Leg. 1322 art. 5"
        case .ve7: "CP art. 29-A.5: prioridad (mayores de 65, enfermedad grave, discapacidad, gestantes, madres)"
        case .dr1: "CP art. 52: conversión y expulsión de extranjeros, con su lista de exclusiones"
        case .dr2:
            "CP art. 52-A (D.Leg. 1300): siete días por jornada; [OPEN] redondeo; expulsión de extranjeros hasta 10 años (Ley 32372)"
        case .dr4: "D.Leg. 1459: conversión por omisión a la asistencia familiar al acreditar el pago"
        }
    }

    /// Ids sort by family, then by number (PP-2 before PP-10).
    public static func < (a: RuleID, b: RuleID) -> Bool {
        let all = RuleID.allCases
        return all.firstIndex(of: a)! < all.firstIndex(of: b)!
    }
}
