extension Duration {
    /// The duration in seconds, for the figures commands print. Elapsed times come from `ContinuousClock`, never
    /// from the wall clock, which only `App`'s environment reads.
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
