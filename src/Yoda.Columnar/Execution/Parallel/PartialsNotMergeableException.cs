namespace Yoda.Columnar.Execution.Parallel;

/// <summary>
/// Partial aggregate states cannot be combined into exactly the serial answer (a TOTAL or AVG of
/// integers whose running sum overflowed, which SQLite continues in floating point from that row):
/// the aggregation runs again serially.
/// </summary>
internal sealed class PartialsNotMergeableException() : Exception("partial aggregates cannot be merged exactly");
