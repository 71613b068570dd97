/// The id of an operations rule (docs/legal/peru-operations.md). As with the legal clock's `RuleID`, the
/// switch in `citation` is exhaustive: an id without its source does not build.
public enum OperationsRule: String, Sendable, CaseIterable, Codable {
    case op1 = "OP-1"
    case cl1 = "CL-1", cl2 = "CL-2", cl4 = "CL-4", cl5 = "CL-5", cl6 = "CL-6", cl8 = "CL-8", cl11 = "CL-11"
    case cl12 = "CL-12"

    /// The legal source of the rule, with the spec's tag when the default is ours pending legal review.
    public var citation: String {
        switch self {
        case .op1: "Const. art. 109; D.Leg. 1737 en vigor desde 2026-02-13"
        case .cl1: "D.Leg. 1737 (2026); INPE, SIP: regímenes y etapas"
        case .cl2: "Reglamento del CEP: Junta Técnica de Clasificación"
        case .cl4: "[OPEN] plazo de clasificación inicial: alerta día 20, vencido día 30"
        case .cl5: "Reglamento del CEP; Directiva 001-2010-INPE/P: evaluación semestral"
        case .cl6: "D.Leg. 1737: CP arts. 108-C, 152, 200, 318-B; cabecillas de los arts. 317, 317-B; 18 años"
        case .cl8: "D.Leg. 1737: permanencia mínima de 4 años, 5 para cabecillas"
        case .cl11: "Reglamento del CEP; D.S. 022-2025-JUS art. 5-A (16 y 17 años)"
        case .cl12: "CEP: regímenes semiabierto y abierto (sin reglas de ubicación)"
        }
    }
}
