using Yoda.Columnar.Storage;
using Yoda.Sql.Ast;

namespace Yoda.Sql.Binding;

/// <summary>
/// A table of the FROM clause: its snapshot, the name it answers to (alias, else table name), the
/// index of its first column in the joined row, and the columns its USING/NATURAL join merged into a
/// table on the left (hidden from unqualified names and from <c>*</c>, as in SQLite).
/// </summary>
internal sealed record ScopeTable(TableRef Ref, TableSnapshot Snapshot, int Offset)
{
    public string Name => Ref.Alias ?? Ref.Name;

    public HashSet<string> MergedColumns { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// This table's columns that a RIGHT or FULL join's USING/NATURAL merged with a table on its right:
    /// an unqualified name or <c>*</c> reads them as <c>coalesce(left, right)</c>, as in SQLite.
    /// </summary>
    public Dictionary<string, ScopeTable> CoalescedWith { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Column affinities of a derived table; null for a stored table (affinity follows the column type).</summary>
    public IReadOnlyList<Affinity>? Affinities { get; init; }

    /// <summary>Column collations of a derived table (those of its defining expressions); null for a stored table.</summary>
    public IReadOnlyList<Collation>? Collations { get; init; }

    /// <summary>The rows of a subquery that reads an enclosing query's columns (null otherwise).</summary>
    public Planning.CorrelatedSource? Correlated { get; init; }
}
