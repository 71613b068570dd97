/// The national register of persons deprived of liberty, as the API and the pages see it: the union of one
/// protocol per area. One SQL implementation lives in `Store` (one file per area); there are no in-memory fakes.
/// A new area (classification, visits, order exchange …) adds its own protocol here and to this union.
public protocol Registry:
    PersonRegisterStore, CustodyStore, LegalRecordStore, RestrictedNotesStore, EventLogStore, ClassificationStore,
    OrganizationStore, KeepApartStore, TransferStore, OutingStore, IntakeStore, ContactStore, IsolationStore, VisitStore,
    IncidentStore, DisciplineStore, OrderExchangeStore, BenefitStore, PlanStore, SubscriptionStore, CensusStore
{}
