extension BenefitFile {
    /// The file as the register held it at the end of `day` (issue 26 point 4): replayed from the steps recorded by
    /// then. `nil` when the file was opened later. The state is the last recorded step's; each date, the court, the
    /// person's request, the decision's grounds and the documents stay only when the step that set them was recorded
    /// by the day.
    public func asOf(_ day: CivilDate) -> BenefitFile? {
        guard openedOn <= day else { return nil }
        let kept = history.filter { $0.registerDay <= day }
        guard let last = kept.last else { return nil }
        func step(_ name: String) -> Change? { kept.last { $0.step == name } }
        var file = self
        file.history = kept
        file.state = last.state
        file.version = kept.count
        if step("request") == nil {
            file.requestedOn = nil
            file.requestedBy = nil
        }
        if !kept.contains(where: { $0.state == .complete }) { file.completedOn = nil }
        if step("send") == nil {
            file.sentOn = nil
            file.court = nil
        }
        if step("acknowledge") == nil { file.acknowledgedOn = nil }
        file.hearingOn = step("hearing")?.on
        if let decision = kept.last(where: { $0.step == "grant" || $0.step == "deny" }) {
            let same = decision.on == decidedOn && (decision.step == "grant") == (grantedOn != nil)
            file.decidedOn = decision.on
            file.grantedOn = decision.step == "grant" ? decision.on : nil
            file.grounds = decision.step == "deny" ? (same ? grounds : decision.note) : nil
            if !same { file.mayRequestAgainOn = nil }
        } else {
            file.decidedOn = nil
            file.grantedOn = nil
            file.grounds = nil
            file.mayRequestAgainOn = nil
        }
        if step("appeal") == nil {
            file.appealedOn = nil
            file.appealedBy = nil
        }
        file.releasedOn = step("release")?.on
        file.revokedOn = step("revoke")?.on
        let recorded = kept.filter { $0.step == "document" || $0.step == "not_applicable" }.compactMap(\.note)
        file.documents = documents.filter { record in
            recorded.contains { $0 == record.document.rawValue || $0.hasPrefix(record.document.rawValue + ":") }
        }
        return file
    }
}
