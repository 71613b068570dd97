import CustodiaCore
import Testing

@Suite struct AlertTests {
    let asOf = CivilDate(year: 2026, month: 11, day: 29)!

    func pretrial(endingIn days: Int) -> [AlertKind] {
        Alert.raised(
            by: StoredClock(
                personID: 1, establishmentID: 1, status: .pretrial, pretrialEndsOn: asOf.adding(days: days), sentenceEndsOn: nil,
                semilibertyFrom: nil, conditionalReleaseFrom: nil, needsReview: false), asOf: asOf
        ).map(\.kind)
    }

    func sentence(endingIn days: Int, semiliberty: Int? = nil) -> [AlertKind] {
        Alert.raised(
            by: StoredClock(
                personID: 1, establishmentID: 1, status: .sentenced, pretrialEndsOn: nil, sentenceEndsOn: asOf.adding(days: days),
                semilibertyFrom: semiliberty.map { asOf.adding(days: $0) }, conditionalReleaseFrom: nil, needsReview: false),
            asOf: asOf
        ).map(\.kind)
    }

    @Test func pretrialAlertsByDaysLeft() {
        #expect(pretrial(endingIn: -1) == [.unlawfulDetention])
        #expect(pretrial(endingIn: -400) == [.unlawfulDetention])
        #expect(pretrial(endingIn: 0) == [.pretrialEndsWithin1Day])
        #expect(pretrial(endingIn: 1) == [.pretrialEndsWithin1Day])
        #expect(pretrial(endingIn: 2) == [.pretrialEndsWithin7Days])
        #expect(pretrial(endingIn: 7) == [.pretrialEndsWithin7Days])
        #expect(pretrial(endingIn: 8) == [.pretrialEndsWithin30Days])
        #expect(pretrial(endingIn: 30) == [.pretrialEndsWithin30Days])
        #expect(pretrial(endingIn: 31).isEmpty)
    }

    @Test func sentenceAndBenefitAlerts() {
        // The release day is the day after the last day of the sentence.
        #expect(sentence(endingIn: -1) == [.releaseDue])
        #expect(sentence(endingIn: 0) == [.releaseDue])
        #expect(sentence(endingIn: 1).isEmpty)
        #expect(sentence(endingIn: -2) == [.sentenceOverdue])
        #expect(sentence(endingIn: 400, semiliberty: -3) == [.benefitEligible])
        #expect(sentence(endingIn: 400, semiliberty: -31).isEmpty)
        #expect(sentence(endingIn: 400, semiliberty: 2).isEmpty)
    }

    @Test func severitiesOrderTheInbox() {
        #expect(AlertKind.unlawfulDetention.severity == .critical)
        #expect(AlertKind.releaseDue.severity == .high)
        #expect(AlertSeverity.critical < .high && AlertSeverity.low < .info)
        let notComputable = Alert.raised(
            by: StoredClock(
                personID: 1, establishmentID: 1, status: .notComputable, pretrialEndsOn: nil, sentenceEndsOn: nil,
                semilibertyFrom: nil,
                conditionalReleaseFrom: nil, needsReview: false), asOf: asOf)
        #expect(notComputable.map(\.kind) == [.clockNotComputable])
    }
}
