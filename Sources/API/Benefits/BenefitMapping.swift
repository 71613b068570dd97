import CustodiaCore
import LegalClock

extension Map {
    static func benefitFile(_ f: BenefitFile, rules: RuleSet, asOf: CivilDate) -> Components.Schemas.BenefitFile {
        let terms = rules.benefitTerms.terms(version: f.termsVersion) ?? rules.benefitTerms.terms(on: f.openedOn)
        let dates = BenefitProcedure.schedule(of: f, terms: terms)
        let documents = BenefitFile.Document.allCases.map { document in
            let record = f.record(document)
            return Components.Schemas.BenefitDocument(
                document: .init(rawValue: document.rawValue)!, author: .init(rawValue: document.author.rawValue)!,
                state: .init(rawValue: record?.state.rawValue ?? "pending")!, issuedOn: record?.issuedOn?.description,
                issuer: record?.issuer, reference: record?.reference, recordedBy: record?.recordedBy,
                recordedAt: record?.recordedAt.map(Map.instant))
        }
        return Components.Schemas.BenefitFile(
            id: f.id.rawValue, personNumber: f.personNumber.description, establishmentCode: f.establishmentCode,
            benefit: .init(rawValue: f.benefit.rawValue)!, state: .init(rawValue: f.state.rawValue)!,
            eligibleFrom: f.eligibleFrom.description, termsVersion: f.termsVersion, openedOn: f.openedOn.description,
            requestedOn: f.requestedOn?.description, requestedBy: f.requestedBy, court: f.court,
            completedOn: f.completedOn?.description, sentOn: f.sentOn?.description,
            acknowledgedOn: f.acknowledgedOn?.description, hearingOn: f.hearingOn?.description,
            decidedOn: f.decidedOn?.description, grantedOn: f.grantedOn?.description, grounds: f.grounds,
            mayRequestAgainOn: f.mayRequestAgainOn?.description, appealedOn: f.appealedOn?.description,
            appealedBy: f.appealedBy, releasedOn: f.releasedOn?.description, revokedOn: f.revokedOn?.description,
            documents: documents, missing: f.missing.map { .init(rawValue: $0.rawValue)! },
            schedule: .init(
                opensOn: dates.opensOn.description, completeBy: dates.completeBy.description, sendBy: dates.sendBy.description,
                hearingBy: dates.hearingBy.description, decisionBy: dates.decisionBy.description,
                appealBy: dates.appealBy.description),
            late: BenefitProcedure.late(f, terms: terms, asOf: asOf).map { .init(rawValue: $0.rawValue)! },
            history: f.history.map {
                .init(
                    step: $0.step, state: .init(rawValue: $0.state.rawValue)!, on: $0.on.description, at: Map.instant($0.at),
                    by: $0.by, note: $0.note)
            },
            version: Int64(f.version))
    }

    static func benefitBoard(_ board: BenefitBoard, limit: Int) -> Components.Schemas.BenefitBoard {
        Components.Schemas.BenefitBoard(
            asOf: board.asOf.description, termsVersion: board.terms.version, needsLegalReview: board.terms.needsLegalReview,
            counts: .init(additionalProperties: board.counts),
            items: board.entries.prefix(limit).map { entry in
                Components.Schemas.BenefitCandidate(
                    personNumber: PersonNumber(id: entry.candidate.personID).description,
                    name: entry.candidate.name.registerForm, establishmentCode: entry.candidate.establishmentCode,
                    benefit: .init(rawValue: entry.candidate.benefit.rawValue)!,
                    eligibleFrom: entry.candidate.eligibleFrom.description,
                    state: .init(rawValue: entry.state?.rawValue ?? "not_started")!, fileId: entry.candidate.file?.id.rawValue,
                    dueBy: entry.dueBy.description, late: entry.late.map { .init(rawValue: $0.rawValue)! })
            })
    }
}

extension Map {
    static func reliefCandidates(_ list: ReliefCandidateList) -> Components.Schemas.ReliefCandidateList {
        Components.Schemas.ReliefCandidateList(
            list: .init(rawValue: list.kind.rawValue)!, asOf: list.asOf.description,
            penaltiesVersion: list.penaltiesVersion, penaltiesNeedLegalReview: list.penaltiesNeedLegalReview,
            withinDays: list.withinDays, examined: list.examined,
            items: list.rows.map { row in
                let s = row.subject
                return Components.Schemas.ReliefCandidate(
                    personNumber: PersonNumber(id: s.personID).description, name: s.name.displayForm,
                    establishment: s.establishmentCode, status: .init(rawValue: s.status.rawValue)!,
                    pretrialEndsOn: s.pretrialEndsOn?.description, sentenceEndsOn: s.sentenceEndsOn?.description,
                    sentenceMonths: s.sentenceMonths, lifeSentence: s.lifeSentence, articles: s.articles,
                    qualifies: row.qualifies, priority: row.priority, needsLegalReview: row.needsLegalReview,
                    reasons: row.reasons.map {
                        Components.Schemas.ReliefReason(
                            rule: $0.rule.rawValue, citation: $0.rule.citation, code: $0.code, qualifies: $0.qualifies,
                            detail: $0.detail)
                    })
            })
    }
}
