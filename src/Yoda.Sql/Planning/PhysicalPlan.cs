using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Execution;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>A result column of a plan: its name, Arrow type, SQLite affinity, and whether it is the NULL constant (which takes any type in a compound).</summary>
internal sealed record PlannedColumn(string Name, IArrowType ArrowType, Affinity Affinity, bool AlwaysNull)
{
    /// <summary>The collation of the column's expression (a compound select's comparisons, or a query over this one as a derived table, use it).</summary>
    public Collation Collation { get; init; }

    /// <summary>
    /// The collation SQLite's sqlite3ExprCollSeq finds for the column's expression (a column reference
    /// has one, BINARY unless declared; a constant or a function call has none): a compound select's
    /// column takes the left-most select's that has one.
    /// </summary>
    public Collation? ExpressionCollation { get; init; }

    /// <summary>The collation of a COLLATE in the column's expression (SQLite's EP_Collate), if any.</summary>
    public Collation? ExplicitCollation { get; init; }

    /// <summary>A compound select's (or VALUES list's) column as its last select (row) gives it, which <c>x IN (…)</c> compares with, as SQLite does; else null.</summary>
    public PlannedColumn? LastTermColumn { get; init; }

    /// <summary>
    /// REAL when a compound select's column has REAL affinity while its rows mix
    /// INTEGERs and REALs: read through a subquery, SQLite gives the INTEGERs as REALs.
    /// </summary>
    public ValueKind? SubqueryAffinityClass { get; init; }

    /// <summary>
    /// The column's expression is a CAST: a compound select whose first select's column is one converts
    /// nothing on reading under numeric affinity (SQLite's FLEXNUM affinity), even REAL affinity.
    /// </summary>
    public bool IsCast { get; init; }

    public bool Collated => Collation is Collation.NoCase or Collation.RTrim;
}

/// <summary>An executable plan: the root operator, its result columns, and the memory its operators count against (null: no limit).</summary>
internal sealed record PhysicalPlan(PhysicalOperator Root, IReadOnlyList<PlannedColumn> Columns, QueryMemory? Memory = null)
{
    public Schema Schema { get; } = new(Columns.Select(c => new Field(c.Name, c.ArrowType, nullable: true)), null);

    public IReadOnlyList<ValueKind> Kinds => Root.OutputKinds;

    /// <summary>
    /// One run of the plan (or of <paramref name="root"/>, an operator over the plan's root): what its
    /// operators counted against <see cref="Memory"/> is given back when the run ends or is abandoned, so
    /// that the runs of a subquery, a correlated source or a recursive step do not add up.
    /// </summary>
    public IEnumerable<Chunk> Run(CancellationToken ct, PhysicalOperator? root = null)
    {
        try
        {
            foreach (var chunk in (root ?? Root).Execute(ct))
            {
                yield return chunk;
            }
        }
        finally
        {
            Memory?.ReleaseAll();
        }
    }
}
