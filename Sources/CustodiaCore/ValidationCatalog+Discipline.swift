extension ValidationCatalog {
    /// The texts of disciplinary cases (DS-1 … DS-11) and of the visit suspension they may impose.
    static let disciplineTable: [ValidationCode: (String, String)] = [
        .disciplineOffenceUnknown: ("Falta no prevista en el catálogo (DS-1)", "An offence not in the catalogue (DS-1)"),
        .disciplineCollective: (
            "Sanción colectiva prohibida: cada caso es de una persona (DS-6)",
            "Collective punishment is prohibited: each case is one person's (DS-6)"
        ),
        .disciplineDoubleSanction: (
            "Ese hecho ya fue sancionado: no hay dos sanciones por el mismo hecho (DS-10)",
            "That act was already sanctioned: no two sanctions for the same act (DS-10)"
        ),
        .disciplineFamilyContactBan: (
            "Prohibición total del contacto familiar: debe quedar al menos las visitas o las comunicaciones (DS-6, DS-11)",
            "A total ban on family contact: visits or communications must remain (DS-6, DS-11)"
        ),
        .disciplineDueProcess: (
            "Sin notificación escrita, oportunidad de descargo e informe no se puede sancionar (DS-7)",
            "No sanction without written notification, the opportunity of a descargo and the report (DS-7)"
        ),
        .disciplineWrongStep: ("El caso no está en una etapa que lo permita", "The case is not at a stage that allows it"),
        .disciplineStepDate: (
            "La fecha no puede ser anterior a la etapa previa ni futura",
            "The date cannot precede the previous step or be in the future"
        ),
        .disciplineDescargoNotDue: (
            "El plazo de descargo (3 días hábiles) aún no vence (DS-8)",
            "The descargo period (3 working days) has not run out (DS-8)"
        ),
        .disciplineAppealLate: (
            "Fuera del plazo de apelación (15 días hábiles, DS-9)", "Outside the appeal period (15 working days, DS-9)"
        ),
        .disciplineCaseUnknown: ("Caso disciplinario no registrado", "Unknown disciplinary case"),
        .disciplineTextRequired: ("Complete este dato", "Fill in this field"),
        .disciplineMeasures: (
            "Una sanción tiene al menos una medida con sus días; una absolución, ninguna (DS-2)",
            "A sanction has at least one measure with its days; an acquittal none (DS-2)"
        ),
        .isolationCheckByRequired: (
            "Indique quién hizo el control de salud (DS-5, Regla Mandela 46)",
            "State who made the health check (DS-5, Mandela Rule 46)"
        ),
        .visitInmateSuspended: (
            "La persona tiene suspendidas las visitas por una sanción (DS-11); los abogados sí pueden visitarla",
            "The person's visits are suspended by a sanction (DS-11); lawyers may still visit"
        ),
    ]
}
