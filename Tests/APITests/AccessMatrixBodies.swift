import CustodiaCore
import CustodiaTestSupport
import Foundation

/// The forms and bodies of the authorisation matrix: each passes the scope check and is then refused without writing.
extension AccessMatrixTests {
    /// Forms that pass the scope check and are then refused without writing: a future admission, stale versions.
    static func form(for path: String, establishment: String) -> String {
        switch path {
        case "/admissions/new":
            return [
                "person.document.type=dni", "person.document.number=40000002", "person.given_names=Ana",
                "person.paternal_surname=Prueba", "person.sex=\(establishment == "ep-mujeres" ? "female" : "male")",
                "person.nationality=PER", "order.kind=pretrial_detention", "order.issuing_court=Juzgado",
                "order.issued_on=2026-03-02", "order.reference=R1", "order.months=9", "case.number=00123-2026-1-1801-JR-PE-01",
                "case.court=Juzgado", "case.judicial_district=Lima", "case.case_type=ordinary", "case.charges=189",
                "placement=\(establishment)%2FA", "admitted_on=2027-01-01", "admitted_at=10%3A00", "sending_authority=Juzgado",
            ].joined(separator: "&")
        case "/plans/transfers":
            return "moves_per_month=-1"
        case let p where p.hasSuffix("/move"):
            return "version=999&pavilion_code=B&moved_on=2026-03-05&reason=matriz"
        case let p where p.hasSuffix("/sensitive"):
            return "version=999&affiliation=Banda+de+la+matriz"
        case let p where p.hasSuffix("/keep-apart") && !p.hasPrefix("/api/"):
            return "second=P-0000000-0&scope=pavilion&reason=matriz&starts_on=2026-03-05"
        case let p where p.hasSuffix("/transfer"):
            return
                "version=999&establishment_code=ep-sur&pavilion_code=A&ground=hacinamiento&reason=matriz&requested_on=2026-03-05"
        case let p where p.hasSuffix("/isolation"):
            return "version=999&starts_on=2026-03-15&days=5&resolution=Acta&reason=matriz&medical_report=Informe"
        case let p where p.hasSuffix("/contact"):
            return "version=999&day=2026-03-05&minutes=30"
        case let p where p.hasSuffix("/intake"):
            return "version=999&next_of_kin.name=Ana&next_of_kin.relationship=madre&next_of_kin.contact=999"
        case "/visitors/new":
            return "document.type=dni&document.number=1&given_names=Ana&paternal_surname=Prueba&sex=female&address=Jr+1"
        case let p where p.hasSuffix("/link"):
            return "person_number=P-0000000-0&relationship=sibling&since=2026-03-05"
        case let p where p.hasSuffix("/ban"):
            return "reason=matriz&resolution=R-1&establishment_code=\(establishment)"
        case let p where p.hasSuffix("/visit"):
            return "kind=family&mode=locutorio&starts_at=2026-03-20+10%3A00&minutes=60&visitor_1=999"
        case let p where p.hasSuffix("/outing"):
            return
                "version=999&kind=court_hearing&destination=Sala&requested_by=Juzgado&order_reference=Of&scheduled_at=2026-03-14+09%3A00&return_due=2026-03-14+13%3A00"
        case let p where p.hasSuffix("/decision") || p.hasSuffix("/movement"):
            return "version=1&action=depart&depart.on=2026-03-05"
        case let p where p.hasSuffix("/membership"):
            return "version=999&organization_id=1&role=member&evidence_source=Parte&confidence=high&from=2026-03-05"
        case let p where p.hasSuffix("/classify"):
            return "version=999&regime=rco_mediana&decided_on=2026-03-05&body=JTC&resolution=R-1&leader=no"
        case "/login":
            return "username=&password="
        default:
            return "version=999&released_on=2026-03-10&released_at=18%3A00&ground=sentence_served"
        }
    }

    static func body(for path: String, establishment: String) -> String {
        switch path {
        case "/api/v1/admissions":
            var body = Bodies.admission(dni: "40000001")
            body["establishment_code"] = establishment
            body["admitted_on"] = "2027-01-01"  // after the fixtures' today: refused by the rules, after the scope check
            if establishment == "ep-mujeres" {
                var person = body["person"] as! [String: Any]
                person["sex"] = "female"
                body["person"] = person
            }
            return String(decoding: try! JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        case "/api/v1/auth/login":
            return "{}"
        case "/api/v1/incidents":
            // A seizure without items: refused by the rules, after the scope check.
            return
                #"{"establishment_code":"\#(establishment)","kind":"decomiso","relevance":"baja","occurred_at":"2026-03-14T10:00","place":"Patio","narrative":"matriz","participants":[{"staff_name":"Técnico","role":"informante"}]}"#
        case let p where p.hasSuffix("/discipline"):
            // An offence not in the catalogue: refused after the scope check.
            return #"{"offence_code":"X-99","act":"matriz","occurred_on":"2026-03-14"}"#
        case let p where p.hasSuffix("/visit-calendar"):
            // Hours that end before they begin: refused after the scope check.
            return
                #"{"family_days":[5,6],"family_from":"16:00","family_until":"09:00","professional_days":[0],"professional_from":"08:00","professional_until":"16:00"}"#
        case let p where p.hasSuffix("/checks"):
            return #"{"day":"2026-03-15","at":"2026-03-15T06:00","by":"Tópico"}"#
        case let p where p.hasSuffix("/benefit-files"):
            // The fixture person is not sentenced: refused by the rules after the scope check.
            return #"{"benefit":"semiliberty"}"#
        case let p where p.hasPrefix("/api/v1/benefit-files/") && p.hasSuffix("/steps"):
            return #"{"step":"acknowledge","on":"2026-03-15"}"#
        case "/api/v1/identity/candidates":
            return #"{"given_names":"José Luis","paternal_surname":"Ñahui","maternal_surname":"Quispe"}"#
        case "/api/v1/subscriptions":
            // A URL that is neither HTTPS nor loopback HTTP: refused after authorisation, nothing written.
            return #"{"url":"http://sistemas.example.pe/matriz"}"#
        case let p where p.hasPrefix("/api/v1/subscriptions/") && p.hasSuffix("/steps"):
            return #"{"action":"pause"}"#
        case let p where p.hasPrefix("/api/v1/orders/") && p.hasSuffix("/steps"):
            return #"{"action":"accept"}"#
        case "/api/v1/orders":
            // A case number that is not one: refused by the rules after authorisation.
            return
                #"{"kind":"release","court":"Juzgado","judge":"Juez","resolution":"R-1","issued_on":"2026-03-10","case":{"number":"x","judicial_district":"Lima"},"person":{"person_number":"P-0000001-9"},"release_reason":"acquittal","issuer_order_id":"matriz"}"#
        case let p where p.hasSuffix("/steps"):
            return #"{"step":"notify","on":"2026-03-15","text":"matriz"}"#
        case let p where p.hasPrefix("/api/v1/discipline/") && p.hasSuffix("/decisions"):
            return #"{"step":"decide","on":"2026-03-15","acta":"matriz","outcome":"acquitted"}"#
        case let p where p.hasSuffix("/addenda"):
            return #"{"text":"matriz"}"#
        case let p where p.hasSuffix("/state"):
            return #"{"state":"closed","note":"matriz"}"#
        case "/api/v1/plans/transfers":
            return #"{"establishments":["ep-de-la-matriz"]}"#
        case let p where p.hasPrefix("/api/v1/plans/transfers/") && p.hasSuffix("/requests"):
            // No plan 1: 404 after authorisation; nothing requested.
            return #"{"from":"\#(establishment)","to":"ep-sur","sex":"male","persons":1}"#
        case let p where p.hasSuffix("/transfers"):
            return #"{"establishment_code":"ep-sur","pavilion_code":"A","ground":"hacinamiento","reason":"matriz"}"#
        case let p where p.hasSuffix("/decisions"):
            return #"{"action":"approve","authority":"director_regional","resolution":"R-1"}"#
        case "/api/v1/visitors":
            return
                #"{"document":{"type":"dni","number":"1"},"given_names":"Ana","paternal_surname":"Prueba","sex":"female","address":"Jr. 1"}"#
        case let p where p.hasSuffix("/links"):
            return #"{"person_number":"P-0000000-0","relationship":"sibling"}"#
        case let p where p.hasSuffix("/bans"):
            return #"{"person_number":"P-0000000-0","reason":"matriz","resolution":"R-1"}"#
        case let p where p.hasSuffix("/visits"):
            return #"{"kind":"family","starts_at":"2026-03-20T10:00","minutes":60,"visitor_ids":[999]}"#
        case let p where p.hasPrefix("/api/v1/visits/") && p.hasSuffix("/movements"):
            return #"{"action":"check_in","documents":["40000001"]}"#
        case let p where p.hasPrefix("/api/v1/outings/") && p.hasSuffix("/movements"):
            return #"{"action":"leave"}"#
        case let p where p.hasSuffix("/lift"):
            return #"{"last_day":"2026-03-15","reason":"matriz"}"#
        case let p where p.hasSuffix("/isolations"):
            return
                #"{"starts_on":"2026-03-15","days":5,"resolution":"Acta 1","reason":"matriz","medical_report":{"reference":"Informe 1"}}"#
        case let p where p.hasSuffix("/contact"):
            return #"{"day":"2026-03-05","minutes":30}"#
        case let p where p.hasSuffix("/intake"):
            return #"{"next_of_kin":{"name":"Ana Prueba","relationship":"madre","contact":"999 000 111"}}"#
        case let p where p.hasSuffix("/outings"):
            return
                #"{"kind":"court_hearing","destination":"Sala 1","requested_by":"Juzgado","order_reference":"Oficio 1","scheduled_at":"2026-03-14T09:00","return_due":"2026-03-14T13:00"}"#
        case let p where p.hasSuffix("/movements"):
            return #"{"action":"depart"}"#
        case let p where p.hasSuffix("/moves"):
            return #"{"pavilion_code":"B","moved_on":"2026-03-05","reason":"matrix"}"#
        case let p where p.hasSuffix("/release"):
            return String(decoding: try! JSONSerialization.data(withJSONObject: Bodies.release), as: UTF8.self)
        case let p where p.hasSuffix("/sensitive"):
            return #"{"affiliation":"Banda de la matriz (ficticia)"}"#
        case "/api/v1/keep-apart":
            return
                #"{"first_organization_id":1,"second_organization_id":1,"scope":"pavilion","reason":"x","starts_on":"2026-03-05"}"#
        case let p where p.hasSuffix("/changes"):
            return #"{"action":"reopen","reason":"matriz"}"#
        case "/api/v1/organizations":
            return #"{"name":"  ","kind":"banda"}"#
        case let p where p.hasSuffix("/memberships"):
            return #"{"organization_id":1,"role":"member","evidence_source":"Informe","confidence":"high","from":"2026-03-05"}"#
        case let p where p.hasSuffix("/classifications"):
            return #"{"regime":"rco_mediana","decided_on":"2026-03-05","body":"JTC","resolution":"R-1"}"#
        case let p where p.hasSuffix("/redemption"):
            return #"{"activity":"work","from":"2026-03-03","to":"2026-03-10","days":6,"certified_by":"Área de Trabajo"}"#
        default:
            return #"{"from":"2026-03-03","to":"2026-03-10","resolution":"Resolución N.º 5"}"#
        }
    }
}
