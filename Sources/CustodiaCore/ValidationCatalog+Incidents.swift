extension ValidationCatalog {
    /// The texts of incident reports (INC-*).
    static let incidentTable: [ValidationCode: (String, String)] = [
        .incidentUnknown: ("Incidencia no registrada", "Unknown incident"),
        .incidentItemsRequired: (
            "Un decomiso registra al menos un objeto incautado (INC-3)", "A seizure records at least one seized item (INC-3)"
        ),
        .incidentItemQuantity: (
            "La cantidad debe ser mayor que cero, y entera para objetos que se cuentan (INC-3)",
            "The quantity must be above zero, and whole for counted items (INC-3)"
        ),
        .incidentIMEIInvalid: (
            "El IMEI tiene 15 dígitos con dígito de control válido, y solo se registra para celulares",
            "An IMEI has 15 digits with a valid check digit, and is recorded for phones only"
        ),
        .incidentPersonRequired: (
            "Este tipo de incidencia nombra al menos a una persona privada de libertad",
            "This kind of incident names at least one person in custody"
        ),
        .incidentStaffRequired: (
            "Indique al menos un servidor del INPE que informa o interviene",
            "Name at least one member of staff who reports or responded"
        ),
        .incidentSearchKindRequired: (
            "Indique el tipo de requisa: ordinaria, megaoperativo o allanamiento (INC-2)",
            "State the kind of search: ordinary, large operation or court-ordered (INC-2)"
        ),
        .incidentInFuture: (
            "La incidencia no puede haber ocurrido en el futuro", "An incident cannot have happened in the future"
        ),
        .incidentTextRequired: ("Complete este dato", "Fill in this field"),
        .incidentWrongState: (
            "La incidencia no puede pasar a ese estado desde el actual",
            "The incident cannot move to that state from its current one"
        ),
        .incidentAppendOnly: (
            "El informe original no se modifica: registre una adenda", "The original report is never changed: add an addendum"
        ),
    ]
}
