extension Fixtures {
    /// The fixture admission as the API's JSON body (the default admission of `admission()`, by another DNI when given).
    public static func admissionBody(dni: String = "41234567", pavilion: String = "A", months: Int = 9) -> [String: Any] {
        [
            "person": [
                "document": ["type": "dni", "number": dni], "given_names": "José Luis", "paternal_surname": "Ñahui",
                "maternal_surname": "Quispe", "aliases": ["Chato"], "sex": "male", "birth_date": "1990-05-04",
                "nationality": "PER",
            ],
            "establishment_code": "ep-norte", "pavilion_code": pavilion, "admitted_on": "2026-03-02", "admitted_at": "10:30",
            "sending_authority": "Juzgado de Investigación Preparatoria N.º 1 de Lima", "arrested_on": "2026-03-01",
            "arrest_place": "Lima",
            "case": [
                "number": "00123-2026-1-1801-JR-PE-01", "court": "Juzgado de Investigación Preparatoria N.º 1 de Lima",
                "judicial_district": "Corte Superior de Justicia de Lima", "case_type": "ordinary", "charges": ["189"],
            ],
            "order": [
                "kind": "pretrial_detention", "issuing_court": "Juzgado de Investigación Preparatoria N.º 1 de Lima",
                "issued_on": "2026-03-02", "reference": "Resolución N.º 2", "months": months, "starts_on": "2026-03-01",
            ],
            // Intake done at the admission minute (IN-1, IN-2, IN-4): no intake alert among the ones a test looks for.
            "intake": [
                "medical_exam_at": "2026-03-02T10:30", "medical_exam_by": "Tópico del establecimiento",
                "next_of_kin": ["name": "María Quispe", "relationship": "madre", "contact": "999 000 000"],
                "family_notified_at": "2026-03-02T10:30", "family_notified_how": "Llamada telefónica",
                "identified_at": "2026-03-02T10:30", "identified_how": "Consulta RENIEC; fotografías, huellas y odontograma",
            ],
        ]
    }
}
