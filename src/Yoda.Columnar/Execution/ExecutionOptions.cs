namespace Yoda.Columnar.Execution;

/// <summary>
/// How one query is planned and run. <see cref="Optimizations"/> false gives the plain reference
/// plan (no scan pushdown or zone-map pruning, a full sort before LIMIT, the generic group table),
/// which must give the same answers; <see cref="MemoryLimitBytes"/> caps what a query may hold in
/// hash tables, sort buffers and join build sides (null: no cap).
/// </summary>
public sealed record ExecutionOptions(bool Optimizations = true, long? MemoryLimitBytes = null)
{
    public static ExecutionOptions Default { get; } = new();
}
