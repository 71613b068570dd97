extension ValidationCatalog {
    /// The texts of visitors and visits (VI-*, CL-7, CL-9, CL-10).
    static let visitTable: [ValidationCode: (String, String)] = [
        .visitVisitorRequired: ("Indique al menos un visitante", "Name at least one visitor"),
        .visitorUnknown: ("Visitante no registrado", "Unknown visitor"),
        .visitInPast: ("La visita no puede reservarse en el pasado", "A visit cannot be booked in the past"),
        .visitOverlap: (
            "La persona ya tiene una visita a esa hora", "The person already has a visit at that time"
        ),
        .visitorBanned: (
            "El visitante tiene prohibido el ingreso (VI-5)", "The visitor is banned (VI-5)"
        ),
        .visitKeepApart: (
            "El visitante ya visita ese día a una persona de una organización rival (SEP-6)",
            "The visitor already visits a person of a rival organization that day (SEP-6)"
        ),
        .visitOutsideCalendar: (
            "Fuera de los días y horas de visita del establecimiento (VI-1, VI-8)",
            "Outside the establishment's visiting days and hours (VI-1, VI-8)"
        ),
        .visitMinorUnaccompanied: (
            "Un menor de edad solo visita acompañado de un adulto (VI-4)", "A minor visits only with an adult (VI-4)"
        ),
        .visitRelationship: (
            "El visitante no está registrado con ese vínculo para esta persona (VI-2)",
            "The visitor is not registered with that relationship to this person (VI-2)"
        ),
        .visitKinshipDegree: (
            "Solo parientes hasta el 4.º grado de consanguinidad, 2.º de afinidad, o cónyuge o conviviente (VI-3)",
            "Only relatives to the 4th degree of consanguinity, the 2nd of affinity, or a spouse or partner (VI-3)"
        ),
        .visitIntimateNotAvailable: (
            "La visita íntima no está disponible en este régimen o etapa (VI-7)",
            "Intimate visits are not available in this regime or stage (VI-7)"
        ),
        .visitVisitorCount: (
            "Más visitantes de los que permite la etapa (CL-7, CL-9)", "More visitors than the stage allows (CL-7, CL-9)"
        ),
        .visitDuration: (
            "La visita dura más de lo que permite la etapa (CL-9)", "The visit is longer than the stage allows (CL-9)"
        ),
        .visitMode: (
            "La etapa solo permite visita en locutorio (CL-9)", "The stage allows visits in the locutorio only (CL-9)"
        ),
        .visitQuota: (
            "Excede las visitas familiares que permite la etapa en el periodo (CL-7, CL-9, CL-10)",
            "More family visits in the period than the stage allows (CL-7, CL-9, CL-10)"
        ),
        .visitSlotFull: ("La sala de visitas está llena a esa hora (VI-1)", "The visiting room is full at that time (VI-1)"),
        .visitWrongState: ("La visita no está en un estado que lo permita", "The visit is not in a state that allows it"),
        .visitUnknown: ("Visita no registrada", "Unknown visit"),
        .visitReasonRequired: ("Indique el motivo", "State the reason"),
        .visitStepTime: (
            "La hora no corresponde a la visita (su día, no antes de una hora antes, ni en el futuro)",
            "The time does not fit the visit (its day, not more than an hour early, not in the future)"
        ),
        .visitDocumentMismatch: (
            "El documento presentado no es el del visitante registrado (VI-2)",
            "The document shown is not the registered visitor's (VI-2)"
        ),
        .visitorDocumentRequired: (
            "El visitante se registra con un documento de identidad (VI-2)",
            "A visitor registers with an identity document (VI-2)"
        ),
        .visitorAddressRequired: ("Indique el domicilio del visitante", "State the visitor's address"),
        .visitorAlreadyRegistered: (
            "Ya hay un visitante registrado con ese documento", "A visitor with that document is already registered"
        ),
    ]
}
