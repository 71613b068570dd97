extension ValidationCatalog {
    /// The texts of benefit files (issue 26, docs/legal/peru-relief.md section 1).
    static let benefitTable: [ValidationCode: (String, String)] = [
        .benefitNotEligible: (
            "La persona no puede pedir ese beneficio todavía o la ley se lo excluye",
            "The person may not ask for that benefit yet, or the law excludes it"
        ),
        .benefitFileExists: (
            "La persona ya tiene un expediente abierto de ese beneficio", "The person already has an open file for that benefit"
        ),
        .benefitWrongState: (
            "El expediente no admite ese paso en su estado actual", "The file does not allow that step in its state"
        ),
        .benefitFileIncomplete: (
            "El expediente solo se remite completo: faltan documentos", "A file is sent only when complete: documents are missing"
        ),
        .benefitNotSent: (
            "El expediente aún no se remitió al juzgado", "The file has not been sent to the court yet"
        ),
        .benefitDateInFuture: ("La fecha no puede ser posterior a hoy", "The date cannot be after today"),
        .benefitDateOutOfOrder: (
            "La fecha es anterior al paso previo del expediente", "The date is before the file's previous step"
        ),
        .benefitTextRequired: ("Complete este dato", "Fill in this field"),
        .benefitDocumentRequired: (
            "Ese documento es obligatorio: no puede marcarse como no aplicable",
            "That document is required: it cannot be marked not applicable"
        ),
    ]
}
