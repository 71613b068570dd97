/// The string table of validation texts, Spanish (es-PE) first, English second.
public enum ValidationCatalog {
    public struct Text: Sendable {
        public let spanish: String
        public let english: String
    }

    public static func text(for code: ValidationCode) -> Text {
        let pair =
            table[code] ?? visitTable[code] ?? incidentTable[code] ?? disciplineTable[code] ?? orderTable[code] ?? benefitTable[
                code] ?? (
                "Dato no válido", "Invalid value"
            )
        return Text(spanish: pair.0, english: pair.1)
    }

    private static let table: [ValidationCode: (String, String)] = [
        .dniInvalid: ("El DNI debe tener exactamente 8 dígitos", "A DNI must be exactly 8 digits"),
        .foreignerCardInvalid: (
            "El carné de extranjería debe tener de 6 a 12 letras o dígitos",
            "A foreigner card number must have 6 to 12 letters or digits"
        ),
        .passportInvalid: (
            "El pasaporte debe tener de 5 a 15 letras o dígitos", "A passport number must have 5 to 15 letters or digits"
        ),
        .givenNamesRequired: ("Los nombres son obligatorios", "Given names are required"),
        .surnameRequired: ("Se requiere al menos un apellido", "At least one surname is required"),
        .nameTooLong: ("El nombre es demasiado largo (máximo 80 caracteres)", "The name is too long (80 characters at most)"),
        .birthDateInFuture: (
            "La fecha de nacimiento no puede ser posterior a la fecha de referencia",
            "The birth date cannot be after the as-of date"
        ),
        .birthDateImplausible: (
            "La fecha de nacimiento no es plausible para una persona privada de libertad",
            "The birth date is not plausible for a person deprived of liberty"
        ),
        .nationalityInvalid: (
            "La nacionalidad debe ser un código ISO 3166-1 alfa-3", "Nationality must be an ISO 3166-1 alpha-3 code"
        ),
        .personUnknown: ("Persona no registrada", "Unknown person"),
        .documentAlreadyRegistered: (
            "El documento ya pertenece a otra persona registrada", "The document already belongs to another registered person"
        ),
        .orderRequired: (
            "No hay ingreso sin un mandato que lo autorice", "No admission without an order that authorises it"
        ),
        .orderDoesNotAuthorize: (
            "Esta resolución no autoriza la privación de libertad", "This order does not authorise deprivation of liberty"
        ),
        .alreadyInCustody: (
            "La persona ya tiene un internamiento abierto", "The person already has an open custody episode"
        ),
        .admissionInFuture: (
            "La fecha de ingreso no puede ser posterior a la fecha de referencia",
            "The admission date cannot be after the as-of date"
        ),
        .orderAfterAdmission: (
            "El mandato no puede ser posterior al ingreso", "The order cannot be dated after the admission"
        ),
        .arrestAfterAdmission: (
            "La detención no puede ser posterior al ingreso", "The arrest cannot be after the admission"
        ),
        .timeInvalid: ("La hora debe tener el formato HH:MM", "The time must be HH:MM"),
        .authorityRequired: (
            "Indique la autoridad que pone a disposición", "State the authority that sent the person"
        ),
        .dateInvalid: ("La fecha debe tener el formato AAAA-MM-DD", "The date must be YYYY-MM-DD"),
        .numberInvalid: ("Debe ser un número entero", "Must be a whole number"),
        .valueNotAllowed: ("El valor no es una de las opciones", "The value is not one of the choices"),
        .valueOutOfRange: ("Valor fuera del rango permitido", "Value out of the allowed range"),
        .lengthOutOfRange: (
            "El texto es vacío o más largo de lo permitido", "The text is empty or longer than allowed"
        ),
        .establishmentUnknown: ("Establecimiento penitenciario desconocido", "Unknown establishment"),
        .pavilionUnknown: ("Pabellón desconocido en este establecimiento", "Unknown pavilion in this establishment"),
        .cellUnknown: ("Celda desconocida en este pabellón", "Unknown cell in this pavilion"),
        .establishmentSexMismatch: (
            "El establecimiento no alberga personas de este sexo", "The establishment does not house persons of this sex"
        ),
        .pavilionSexMismatch: (
            "El pabellón no alberga personas de este sexo", "The pavilion does not house persons of this sex"
        ),
        .pavilionStatusMismatch: (
            "Procesados y sentenciados deben estar en pabellones separados (Regla Mandela 11)",
            "Unsentenced and sentenced persons must be held in separate pavilions (Mandela Rule 11)"
        ),
        .samePavilion: ("La persona ya se encuentra en ese pabellón", "The person is already in that pavilion"),
        .moveBeforePlacement: (
            "El traslado no puede ser anterior a la ubicación actual", "The move cannot be before the current placement"
        ),
        .moveInFuture: (
            "La fecha del traslado no puede ser posterior a la fecha de referencia",
            "The move date cannot be after the as-of date"
        ),
        .notInCustody: ("La persona no está privada de libertad", "The person is not in custody"),
        .releaseOrderRequired: (
            "La excarcelación requiere una resolución de libertad", "The release needs a release order"
        ),
        .releaseBeforeAdmission: (
            "La excarcelación no puede ser anterior al ingreso", "The release cannot be before the admission"
        ),
        .releaseInFuture: (
            "La fecha de excarcelación no puede ser posterior a la fecha de referencia",
            "The release date cannot be after the as-of date"
        ),
        .releaseGroundNotApplicable: (
            "El fundamento legal invocado no se aplica a esta persona", "The legal ground given does not apply to this person"
        ),
        .releaseOrderKindInvalid: (
            "La resolución indicada no es una resolución de libertad", "The order given is not a release order"
        ),
        .caseNumberInvalid: (
            "Número de expediente no válido (formato 00123-2024-1-1801-JR-PE-01)",
            "Invalid case number (format 00123-2024-1-1801-JR-PE-01)"
        ),
        .courtRequired: ("Indique el juzgado que emite la resolución", "State the issuing court"),
        .referenceRequired: ("Indique el número de la resolución", "State the order reference"),
        .orderIssuedInFuture: (
            "La resolución no puede tener fecha posterior a la fecha de referencia",
            "The order cannot be dated after the as-of date"
        ),
        .pretrialMonthsOutOfRange: (
            "El plazo de prisión preventiva excede el máximo legal (CPP art. 272: 9, 18 o 36 meses)",
            "The pretrial term exceeds the legal maximum (CPP art. 272: 9, 18 or 36 months)"
        ),
        .pretrialStartAfterIssue: (
            "El inicio del cómputo no puede ser posterior a la resolución", "The term cannot start after the order was issued"
        ),
        .sentenceOutOfRange: (
            "La pena privativa de libertad temporal va de 2 días a 35 años (CP art. 29)",
            "A temporary prison sentence runs from 2 days to 35 years (CP art. 29)"
        ),
        .chargesRequired: ("Se requiere al menos un delito imputado", "At least one charge is required"),
        .crimeArticleUnknown: (
            "Artículo del Código Penal no registrado en el catálogo de delitos", "Penal Code article not in the crime catalog"
        ),
        .judicialDistrictRequired: ("Indique el distrito judicial", "State the judicial district"),
        .textTooLong: ("El texto es demasiado largo", "The text is too long"),
        .recidivismNotSentence: (
            "Solo una sentencia declara la reincidencia o la habitualidad (CP arts. 46-B y 46-C)",
            "Only a sentence declares recidivism or habituality (CP arts. 46-B and 46-C)"
        ),
        .redemptionDaysOutOfRange: (
            "Los días deben ser al menos 1 y no más que los días del periodo",
            "Days must be at least 1 and no more than the days of the period"
        ),
        .certifierRequired: ("Indique quién certifica el trabajo o estudio", "State who certifies the work or study"),
        .suspensionNotPretrial: (
            "Solo se suspende el plazo de una persona en prisión preventiva (CPP art. 275)",
            "Only the term of a person in pretrial detention can be suspended (CPP art. 275)"
        ),
        .periodEndsBeforeStart: ("El periodo termina antes de empezar", "The period ends before it starts"),
        .periodInFuture: (
            "El periodo no puede terminar después de la fecha de referencia", "The period cannot end after the as-of date"
        ),
        .periodBeforeCustody: (
            "El periodo no puede empezar antes de la privación de libertad", "The period cannot start before the custody"
        ),
        .classificationInFuture: (
            "La clasificación no puede ser posterior a la fecha de referencia",
            "The classification cannot be dated after the as-of date"
        ),
        .classificationBeforeCustody: (
            "La clasificación no puede ser anterior a la privación de libertad",
            "The classification cannot be dated before the custody"
        ),
        .classificationBeforeCurrent: (
            "La clasificación no puede ser anterior a la clasificación vigente",
            "The classification cannot be dated before the current one"
        ),
        .classificationBodyRequired: (
            "Indique el órgano que clasifica (Junta Técnica de Clasificación)",
            "State the deciding body (Junta Técnica de Clasificación)"
        ),
        .classificationResolutionRequired: ("Indique el número de la resolución", "State the resolution number"),
        .regimeNotInForce: (
            "La etapa de Extrema Seguridad rige desde el 13-02-2026 (D.Leg. 1737)",
            "The Extreme Security stage applies from 2026-02-13 (D.Leg. 1737)"
        ),
        .extremeSecurityMinor: (
            "Extrema Seguridad solo para quienes tenían 18 años o más a la fecha de los hechos (CL-6)",
            "Extreme Security only for those aged 18 or over at the time of the facts (CL-6)"
        ),
        .oneStageAtATime: (
            "La progresión o regresión es de una etapa a la vez (CL-11)",
            "Progression or regression moves one stage at a time (CL-11)"
        ),
        .extremeSecurityOnlyToA: (
            "Desde Extrema Seguridad solo se progresa a la etapa A (CL-11)",
            "From Extreme Security the only progression is to stage A (CL-11)"
        ),
        .organizationNameRequired: ("Indique el nombre de la organización", "State the organization's name"),
        .organizationNameTaken: (
            "Ya hay una organización con ese nombre en el catálogo", "The catalogue already has an organization of that name"
        ),
        .organizationUnknown: ("Organización no registrada en el catálogo", "Organization not in the catalogue"),
        .planEstablishmentUnknown: (
            "No hay un establecimiento con ese código a su alcance", "No establishment with that code within your scope"
        ),
        .planRouteUnknown: ("El plan no tiene ese traslado (origen, destino y sexo)", "The plan has no such route"),
        .planRouteExceeded: (
            "Son más personas de las que el plan traslada por esa ruta", "More persons than the plan moves on that route"
        ),
        .membershipInFuture: (
            "La pertenencia no puede empezar después de la fecha de referencia",
            "The membership cannot start after the as-of date"
        ),
        .membershipEvidenceRequired: (
            "Indique la fuente de la información (informe, sentencia, parte policial)",
            "State the source of the evidence (report, judgment, police record)"
        ),
        .membershipOverlapping: (
            "Ya hay una pertenencia a esa organización en esas fechas",
            "There is already a membership of that organization over those dates"
        ),
        .keepApartSameParty: ("No se separa a nadie de sí mismo", "Nobody is kept apart from themselves"),
        .keepApartReasonRequired: ("Indique el motivo", "State the reason"),
        .keepApartInFuture: (
            "La fecha no puede ser posterior a la fecha de referencia", "The date cannot be after the as-of date"
        ),
        .keepApartDuplicate: (
            "Ya hay una separación vigente entre ambos con ese alcance",
            "There is already an open keep-apart record between both at that scope"
        ),
        .keepApartAlreadyClosed: ("La separación ya está cerrada", "The keep-apart record is already closed"),
        .keepApartNotClosed: ("Solo se reabre una separación cerrada", "Only a closed keep-apart record can be reopened"),
        .minorWithAdults: (
            "Un menor de 18 años solo puede ubicarse en un espacio diferenciado para adolescentes (SEP-3)",
            "A person under 18 can only be placed in a separate area for adolescents (SEP-3)"
        ),
        .adultWithMinors: (
            "El pabellón es un espacio para adolescentes: no recibe mayores de 18 años (SEP-3)",
            "The pavilion is an area for adolescents: it takes nobody aged 18 or over (SEP-3)"
        ),
        .extremeSecurityArea: (
            "Extrema Seguridad no comparte pabellón con otras etapas (SEP-5)",
            "Extreme Security shares no pavilion with other stages (SEP-5)"
        ),
        .regimeMismatch: (
            "El pabellón no alberga el régimen y etapa de la persona (SEP-5); solo el director puede autorizarlo",
            "The pavilion does not hold the person's regime and stage (SEP-5); only the warden may authorise it"
        ),
        .keepApartConflict: (
            "Hay una separación vigente con alguien en ese lugar (SEP-6); solo el director puede autorizarlo",
            "A keep-apart record names someone in that place (SEP-6); only the warden may authorise it"
        ),
        .overrideForbidden: (
            "Solo el director del establecimiento puede autorizar una ubicación en conflicto (OP-3)",
            "Only the warden may authorise a placement in conflict (OP-3)"
        ),
        .overrideResolutionRequired: ("Indique la resolución que autoriza la ubicación", "State the authorising resolution"),
        .overrideReasonRequired: ("Indique por escrito el motivo de la autorización", "State the reason in writing"),
        .transferAlreadyOpen: (
            "La persona ya tiene un traslado en curso (solicitado, aprobado o en tránsito)",
            "The person already has a transfer under way (requested, approved or in transit)"
        ),
        .transferSameEstablishment: (
            "El destino es el establecimiento donde ya está; use el cambio de pabellón",
            "The destination is the establishment the person is in; use a move"
        ),
        .transferReasonRequired: ("Indique el motivo", "State the reason"),
        .transferInFuture: (
            "La fecha no puede ser posterior a la fecha de referencia", "The date cannot be after the as-of date"
        ),
        .transferWrongState: (
            "Ese paso no corresponde al estado del traslado", "That step does not follow from the transfer's state"
        ),
        .transferResolutionRequired: (
            "Indique la resolución que decide el traslado (TR-2)", "State the resolution that decides the transfer (TR-2)"
        ),
        .transferAuthorityRequired: ("Indique la autoridad que decide", "State the deciding authority"),
        .transferSecurityAuthority: (
            "Un traslado por seguridad lo decide el Director de la Oficina Regional por resolución (TR-2)",
            "A security transfer is decided by the Director of the Regional Office by resolution (TR-2)"
        ),
        .transferUnknown: ("Traslado no registrado", "Unknown transfer"),
        .transferCourtProduction: (
            "La persona tiene una diligencia judicial programada y el destino está en otro departamento (TR-6)",
            "The person has a court hearing scheduled and the destination is in another department (TR-6)"
        ),
        .outingWrongState: (
            "Ese paso no corresponde al estado de la salida", "That step does not follow from the exit's state"
        ),
        .outingDestinationRequired: (
            "Indique el destino (juzgado o sala, hospital)", "State the destination (court or room, hospital)"
        ),
        .outingRequesterRequired: ("Indique quién la solicita", "State who asks for it"),
        .outingOrderRequired: (
            "Indique la notificación o el oficio del juzgado que pide la diligencia",
            "State the court's notice or letter asking for the hearing"
        ),
        .outingReturnBeforeDeparture: (
            "El retorno debe ser posterior a la salida", "The return must come after the departure"
        ),
        .outingAlreadyOut: (
            "La persona ya tiene otra salida en curso", "The person is already out on another exit"
        ),
        .outingInTransit: (
            "La persona está en tránsito por un traslado: no tiene pabellón del que salir",
            "The person is in transit on a transfer: there is no pavilion to leave from"
        ),
        .outingInFuture: (
            "La hora no puede ser posterior a la hora actual", "The time cannot be later than the present time"
        ),
        .outingReasonRequired: ("Indique el motivo de la anulación", "State why it is cancelled"),
        .outingUnknown: ("Salida no registrada", "Unknown exit"),
        .isolationMaximum: (
            "El aislamiento no puede superar 15 días consecutivos, sumando los aislamientos contiguos (DS-3; Regla Mandela 43)",
            "Isolation cannot exceed 15 consecutive days, adjacent isolations added up (DS-3; Mandela Rule 43)"
        ),
        .isolationProtected: (
            "No se aísla a gestantes, madres con sus hijos, mayores de 60 años, menores ni a quien el aislamiento agravaría (DS-4; Regla Mandela 45)",
            "No isolation for pregnant women, mothers with their children, persons over 60, minors or anyone it would harm (DS-4; Mandela Rule 45)"
        ),
        .isolationMedicalClearance: (
            "El aislamiento requiere antes un informe médico (DS-5; Regla Mandela 46)",
            "Isolation requires a medical report first (DS-5; Mandela Rule 46)"
        ),
        .isolationResolutionRequired: (
            "Indique el acta motivada del Consejo Técnico Penitenciario (DS-7)",
            "State the reasoned record of the Consejo Técnico Penitenciario (DS-7)"
        ),
        .isolationUnknown: ("Aislamiento no registrado para esta persona", "No such isolation of this person"),
        .isolationAlreadyLifted: ("El aislamiento ya fue levantado", "The isolation was already lifted"),
        .isolationOverlap: (
            "La persona ya tiene un aislamiento en esas fechas", "The person is already isolated on those days"
        ),
        .intakeBeforeAdmission: (
            "La hora no puede ser anterior al ingreso", "The time cannot be before the admission"
        ),
        .intakeExaminerRequired: (
            "Indique quién hizo el examen médico (IN-1)", "State who made the medical examination (IN-1)"
        ),
        .intakeNoticeMeansRequired: (
            "Indique cómo se comunicó a la familia (IN-2)", "State how the family was told (IN-2)"
        ),
        .intakeIdentificationMeansRequired: (
            "Indique cómo se estableció la identidad (RENIEC, Migraciones o declarada) (IN-4)",
            "State how the identity was established (RENIEC, Migraciones or declared) (IN-4)"
        ),
        .intakeNotForeign: (
            "La comunicación consular es para personas extranjeras (IN-6)", "The consular notice is for foreign nationals (IN-6)"
        ),
        .intakeConsulateRequired: (
            "Indique el consulado comunicado, o que la persona no desea que se le comunique (IN-6)",
            "State the consulate told, or that the person does not wish it told (IN-6)"
        ),
        .intakeNextOfKinRequired: (
            "Indique el nombre y un teléfono o dirección de la persona a comunicar (IN-2)",
            "State the name and a telephone or address of the person to tell (IN-2)"
        ),
        .extremeSecurityMinimumStay: (
            "No se cumple la permanencia mínima en Extrema Seguridad: 4 años, 5 para cabecillas (CL-8)",
            "The minimum stay in Extreme Security is not met: 4 years, 5 for leaders (CL-8)"
        ),
    ]
}
