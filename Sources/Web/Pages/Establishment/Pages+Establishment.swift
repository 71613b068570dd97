import CustodiaCore
import Foundation
import Hummingbird
import Placement

extension Pages {
    func establishment(_ web: WebRequest, code: String) async throws -> Response {
        guard let detail = try await services.registry.establishment(code: code) else { return CustodiaWeb.notFound(web) }
        let today = services.today()
        let movements = try await services.registry.movements(establishmentCode: code, on: today)
        var crossTab: [String: Int] = [:]
        let pavilions = detail.pavilions.map { p in
            crossTab["\(p.pavilion.proceduralStatus.rawValue)-\(p.pavilion.housedSex.rawValue)", default: 0] += p.population
            let percent = p.occupancy.occupancyPercent ?? 0
            return EstablishmentModel.PavilionRow(
                code: p.pavilion.code, name: p.pavilion.name,
                sex: web.strings[p.pavilion.housedSex == .female ? "sex.female" : "sex.male"],
                status: web.strings[p.pavilion.proceduralStatus == .sentenced ? "sentenced" : "unsentenced"],
                regimes: p.regimes.map { web.language == .es ? $0.shortSpanishName : $0.shortEnglishName }
                    .joined(separator: ", "),
                capacity: OccupancyChart.grouped(p.pavilion.certifiedCapacity),
                population: OccupancyChart.grouped(p.population),
                occupancy: OccupancyChart.format(percent), class: OccupancyChart.cssClass(percent))
        }
        func cell(_ status: String, _ sex: String) -> String { OccupancyChart.grouped(crossTab["\(status)-\(sex)"] ?? 0) }
        func entries(_ list: [DailyMovements.Entry]) -> [EstablishmentModel.MovementEntry] {
            list.map {
                EstablishmentModel.MovementEntry(
                    number: PersonNumber(id: $0.personID).description, name: $0.name.registerForm,
                    pavilion: $0.pavilionCode ?? "")
            }
        }
        var alerts: [AlertRow] = []
        if web.principal?.may(.listAlerts) == true,
            let page = try await services.registry.alerts(
                asOf: today, establishmentCode: code, within: nil, severity: nil, kind: nil, after: nil, limit: 50)
        {
            alerts = page.items.map { alertRow($0, web) }
        }
        var transfers: [TransferRow] = []
        if web.principal?.may(.readTransfers) == true {
            transfers = try await services.registry.transfers(
                establishmentCodes: [code], states: [.requested, .approved, .inTransit], limit: 100
            ).map { transferRow($0, web) }
        }
        var outings: [OutingRow] = []
        let now = minute()
        if web.principal?.may(.readOutings) == true {
            outings = try await services.registry.outings(establishmentCodes: [code], on: today, limit: 200).map {
                outingRow($0, web, at: now)
            }
        }
        var isolated: [IsolationRow] = []
        if web.principal?.may(.readIsolations) == true {
            isolated = try await services.registry.isolationBoard(establishmentCodes: [code], on: today).map { entry in
                let i = entry.isolation
                return IsolationRow(
                    person: PersonNumber(id: i.personID).description, period: "\(i.startsOn) – \(i.endOn)",
                    days: "\(entry.streakDay) / 15", resolution: i.resolution, medical: i.medicalReport, reason: i.reason)
            }
        }
        let o = detail.overview.occupancy
        let (admissions, releases, moves) = (
            entries(movements?.admissions ?? []), entries(movements?.releases ?? []), entries(movements?.moves ?? [])
        )
        return web.page(
            "establishment",
            EstablishmentModel(
                layout: web.layout(title: detail.overview.establishment.name), name: detail.overview.establishment.name,
                code: code, office: detail.overview.regionalOffice.name, today: today.description,
                capacity: OccupancyChart.grouped(o.capacity), population: OccupancyChart.grouped(o.population),
                occupancy: OccupancyChart.format(o.occupancyPercent ?? 0),
                class: OccupancyChart.cssClass(o.occupancyPercent ?? 0),
                pavilions: pavilions, unsentencedMen: cell("unsentenced", "male"),
                unsentencedWomen: cell("unsentenced", "female"), sentencedMen: cell("sentenced", "male"),
                sentencedWomen: cell("sentenced", "female"), admissions: admissions, releases: releases, moves: moves,
                hasAdmissions: !admissions.isEmpty, hasReleases: !releases.isEmpty, hasMoves: !moves.isEmpty, rows: alerts,
                hasRows: !alerts.isEmpty, transfers: transfers, hasTransfers: !transfers.isEmpty,
                roll: try await rollModel(web, code: code), outings: outings, hasOutings: !outings.isEmpty,
                isolated: isolated, hasIsolated: !isolated.isEmpty,
                canReadIsolations: web.principal?.may(.readIsolations) == true,
                canReadVisits: web.principal?.may(.readVisits) == true,
                canReadIncidents: web.principal?.may(.readIncidents) == true,
                canReadDiscipline: web.principal?.may(.readDiscipline) == true,
                canReadOrders: web.principal?.may(.readOrders) == true,
                canReadBenefits: web.principal?.may(.readBenefits) == true))
    }

    /// The roll at the minute the page asks for (`at`), or now; a minute that is not one is said so.
    func rollModel(_ web: WebRequest, code: String) async throws -> EstablishmentModel.RollModel {
        let asked = web.query("at").flatMap { $0.isEmpty ? nil : $0 }
        let parsed = asked.flatMap { LocalTime(text: $0) }
        let at = parsed ?? minute()
        let roll = try await services.registry.roll(establishmentCode: code, at: at)
        typealias Line = EstablishmentModel.RollModel.Line
        func line(_ name: String, _ assigned: Int, _ present: Int, _ out: (Outing.Kind) -> Int) -> Line {
            Line(
                pavilion: name, assigned: String(assigned), present: String(present), court: String(out(.courtHearing)),
                hospital: String(out(.hospital)), other: String(out(.other)))
        }
        let lines = (roll?.lines ?? []).map { l in
            line("\(l.pavilionName) (\(l.pavilionCode))", l.assigned, l.present) { l.out[$0] ?? 0 }
        }
        return EstablishmentModel.RollModel(
            at: Self.minuteText(at), error: asked != nil && parsed == nil ? web.strings["invalid_minute"] : nil, lines: lines,
            total: line(web.strings["total"], roll?.assigned ?? 0, roll?.present ?? 0) { roll?.out($0) ?? 0 },
            inTransitOut: String(roll?.inTransitOut ?? 0), inTransitIn: String(roll?.inTransitIn ?? 0))
    }

    func alertRow(_ entry: AlertEntry, _ web: WebRequest) -> AlertRow {
        var row = AlertRow(
            kind: web.strings["alert.\(entry.alert.kind.rawValue)"],
            severity: web.strings["severity.\(entry.alert.severity.rawValue)"],
            severityCode: entry.alert.severity.rawValue, number: PersonNumber(id: entry.alert.personID).description,
            name: entry.personName.registerForm, establishment: web.names.establishment(code: entry.establishmentCode),
            date: entry.alert.date?.description ?? "", days: entry.alert.days.map(String.init) ?? "")
        if let order = entry.alert.orderID, let hours = entry.alert.hours {
            row.orderHref = "/orders/\(order)"
            row.orderText = "\(web.strings["order_heading"]) #\(order) · \(hours) \(web.strings["hours_waiting"])"
        }
        if let file = entry.alert.benefitFileID, let late = entry.alert.benefitLate {
            row.orderHref = "/benefit-files/\(file)"
            row.orderText = "\(web.strings["benefit_file_heading"]) #\(file) · \(web.strings["benefit_late.\(late)"])"
        }
        return row
    }
}
