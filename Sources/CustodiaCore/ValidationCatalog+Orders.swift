extension ValidationCatalog {
    /// The texts of orders received electronically from courts, prosecutors and the police (issue 13).
    static let orderTable: [ValidationCode: (String, String)] = [
        .orderJudgeRequired: ("Indique el juez que firma la resolución", "State the judge who signed the resolution"),
        .orderCaseUnknown: (
            "La persona no tiene ese expediente en el registro", "The person has no such case in the register"
        ),
        .orderTermsRequired: (
            "Faltan los términos que la orden de este tipo debe indicar", "The terms an order of this kind must state are missing"
        ),
        .orderReleaseReasonRequired: (
            "Indique el motivo de la libertad (absolución, plazo vencido, beneficio, pena cumplida, comparecencia u otro)",
            "State why the person is freed (acquittal, expired term, benefit, sentence served, comparecencia or other)"
        ),
        .orderBeyondLegalLimit: ("La orden excede lo que la ley permite", "The order goes beyond what the law allows"),
        .orderKeyRequired: (
            "Envíe la cabecera Idempotency-Key o el identificador de la orden del emisor (issuer_order_id)",
            "Send the Idempotency-Key header or the issuer's order id (issuer_order_id)"
        ),
        .orderKeyReused: (
            "Esa clave ya se usó con otra orden: un reintento debe repetir el mismo cuerpo",
            "That key was already used for another order: a retry must repeat the same body"
        ),
        .orderWrongState: ("La orden no admite ese paso en su estado actual", "The order does not allow that step in its state"),
        .orderLegalCheckPending: (
            "La persona tiene otro expediente con mandato de detención: el área legal debe revisarlo antes de ejecutar la libertad",
            "The person has another case with detention: a legal officer must check it before the release is executed"
        ),
        .orderExecutedByAdmission: (
            "Una orden de detención se ejecuta con el ingreso de la persona",
            "A detention order is executed by admitting the person"
        ),
        .orderNotCandidate: (
            "Esa persona no es una de las que la identidad de la orden puede ser",
            "That person is not one the order's identity may be"
        ),
        .orderReasonRequired: ("Indique el motivo", "State the reason"),
        .subscriptionURLInvalid: (
            "La dirección de entrega debe ser HTTPS (HTTP solo hacia este mismo equipo)",
            "The delivery address must be HTTPS (HTTP only to this same machine)"
        ),
        .subscriptionTypeUnknown: ("Tipo de evento desconocido", "Unknown event type"),
        .subscriptionClientUnknown: ("Cliente institucional no registrado", "No such institutional client"),
        .subscriptionEventsNotGranted: (
            "Sin permiso para leer el registro de eventos, solo puede suscribirse a los estados de sus órdenes",
            "Without leave to read the event log, only your orders' states may be subscribed to"
        ),
    ]
}
