using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution;

/// <summary>
/// How one query is planned and run. <see cref="Optimizations"/> false gives the plain reference
/// plan (no scan pushdown or zone-map pruning, a full sort before LIMIT, the generic group table,
/// serial execution), which must give the same answers; <see cref="MemoryLimitBytes"/> caps what a
/// query may hold in hash tables, sort buffers and join build sides (null: no cap).
/// </summary>
public sealed record ExecutionOptions(bool Optimizations = true, long? MemoryLimitBytes = null)
{
    private readonly int _parallelism = Environment.ProcessorCount;

    public static ExecutionOptions Default { get; } = new();

    /// <summary>
    /// Most threads one query runs its morsels (table segments) on, the calling thread included;
    /// 1 runs serially. Answers do not depend on it. Defaults to <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    public int Parallelism
    {
        get => _parallelism;
        init => _parallelism = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Parallelism), value, "Parallelism must be at least 1");
    }

    /// <summary>The version of the SQLite library the engine writes with, which sqlite_version() gives (null: not known, and sqlite_version() fails).</summary>
    public string? SqliteVersion { get; init; }

    /// <summary>
    /// Where the statement's operators rent their large arrays, given back when it ends; set per
    /// statement by whoever runs it (SqlEngine). Null: every array is allocated.
    /// </summary>
    public QueryBuffers? Buffers { get; init; }

    /// <summary>
    /// The statement's memory (its limit is <see cref="MemoryLimitBytes"/>), which all its queries
    /// count against; set per statement, with <see cref="Buffers"/>, by whoever runs it (SqlEngine).
    /// Null: each planned query makes its own.
    /// </summary>
    public QueryMemory? Memory { get; init; }

    /// <summary>The degree operators use: <see cref="Parallelism"/>, or 1 for the reference plan.</summary>
    public int EffectiveParallelism => Optimizations ? Parallelism : 1;
}
