using Apache.Arrow.Types;
using Yoda.Columnar.Storage;

namespace Yoda.Sql.Binding;

/// <summary>One result column: its name as SQLite would give it, its expression and its Arrow type.</summary>
internal sealed record OutputColumn(string Name, BoundExpr Expr, IArrowType ArrowType);

/// <summary>An ORDER BY key; <see cref="OutputIndex"/> is set when it is one of the result columns.</summary>
internal sealed record BoundOrdering(BoundExpr Expr, bool Descending, bool NullsFirst, int? OutputIndex);

/// <summary>
/// A FROM table joined to the ones before it: its columns start at <see cref="Offset"/> in the joined
/// row; <see cref="On"/> is its ON/USING/NATURAL condition (null for a comma or CROSS join).
/// </summary>
internal sealed record BoundTable(TableSnapshot Snapshot, int Offset, bool LeftOuter, BoundExpr? On)
{
    /// <summary>A RIGHT join (a FULL join is also <see cref="LeftOuter"/>): every row of this table is kept.</summary>
    public bool RightOuter { get; init; }

    /// <summary>The rows of a subquery in FROM that reads an enclosing query's columns, computed when scanned (the snapshot is then empty).</summary>
    public Planning.CorrelatedSource? Correlated { get; init; }
}

/// <summary>A SELECT with every name resolved and every expression typed; input to the planner.</summary>
internal sealed record BoundQuery(
    IReadOnlyList<BoundTable> Tables,
    bool Distinct,
    IReadOnlyList<OutputColumn> Columns,
    BoundExpr? Where,
    IReadOnlyList<BoundExpr> GroupBy,
    BoundExpr? Having,
    IReadOnlyList<BoundOrdering> OrderBy,
    long Limit,
    long Offset,
    bool IsAggregate);
