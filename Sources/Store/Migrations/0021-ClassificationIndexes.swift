import CustodiaCore

extension Migrations {
    /// The current classification of an episode and the persons held in one regime, read by index (the CL-13 alerts
    /// and the isolation board read them for every person of an establishment): without these, SQLite built an
    /// automatic index of every classification for each person it looked at, and a scoped alerts read of Lurigancho
    /// ran for minutes.
    static func classificationIndexes(_ engine: Database.Engine) -> [String] {
        [
            "CREATE INDEX classifications_episode ON classifications (episode_id, decided_on, id)",
            "CREATE INDEX classifications_regime ON classifications (regime, episode_id)",
        ]
    }
}
