using Yoda.Columnar.Storage;
using Yoda.Sql.Ast;

namespace Yoda.Sql.Binding;

/// <summary>
/// A table of the FROM clause: its snapshot, the name it answers to (alias, else table name), the
/// index of its first column in the joined row, and how it was joined to the tables on its left.
/// </summary>
internal sealed record ScopeTable(TableRef Ref, TableSnapshot Snapshot, int Offset)
{
    public string Name => Ref.Alias ?? Ref.Name;

    /// <summary>The columns of this table's USING list (for NATURAL, those it shares with the tables on its left), as SQLite keeps them.</summary>
    public HashSet<string> UsingColumns { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>This table's join keeps the left side's unmatched rows (LEFT or FULL).</summary>
    public bool LeftOuter { get; init; }

    /// <summary>This table's join keeps its own unmatched rows (RIGHT or FULL).</summary>
    public bool RightOuter { get; init; }

    /// <summary>Column affinities of a derived table; null for a stored table (affinity follows the column type).</summary>
    public IReadOnlyList<Affinity>? Affinities { get; init; }

    /// <summary>Column collations of a derived table (those of its defining expressions); null for a stored table.</summary>
    public IReadOnlyList<Collation>? Collations { get; init; }

    /// <summary>The rows of a subquery that reads an enclosing query's columns (null otherwise).</summary>
    public Planning.CorrelatedSource? Correlated { get; init; }
}
