using Apache.Arrow.Types;

namespace Yoda.Columnar.Types;

/// <summary>One column of a replicated table, as the storage and sync layers see it.</summary>
public sealed record ColumnDefinition(string Name, IArrowType Type, bool IsNullable)
{
    /// <summary>The Arrow field metadata key that carries a column's declared SQLite collation (absent: BINARY).</summary>
    public const string CollationMetadataKey = "yoda.collation";

    /// <summary>
    /// The Arrow field metadata key that marks a table's only key column, one row per value among the live rows
    /// (a single-column primary key of a table kept without history); the planner groups by it alone and fetches
    /// the columns it determines after the top-N (Planning/LateColumns).
    /// </summary>
    public const string UniqueKeyMetadataKey = "yoda.unique";

    /// <summary>The collating sequence SQLite declares for the column (NOCASE or RTRIM); null for BINARY.</summary>
    public string? Collation { get; init; }
}
