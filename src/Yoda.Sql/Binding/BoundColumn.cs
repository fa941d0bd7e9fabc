using Apache.Arrow.Types;
using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

/// <summary>
/// A column of a FROM table, by its index in the joined row (table offset + schema index).
/// <see cref="Qualifier"/> names its table when the FROM clause has several, so that equal names stay apart.
/// </summary>
internal sealed record BoundColumn(int Index, string Name, IArrowType ArrowType, ValueKind ColumnKind, string? Qualifier = null) : BoundExpr(ColumnKind)
{
    /// <summary>The affinity of a derived table's column (a subquery in FROM, a CTE, a view): that of its defining expression.</summary>
    public Affinity? DeclaredAffinity { get; init; }

    /// <summary>The collation of a derived table's column: that of its defining expression (null: BINARY).</summary>
    public Collation? DeclaredCollation { get; init; }

    public override Affinity Affinity => DeclaredAffinity
        ?? ColumnKind switch
        {
            ValueKind.Text => Affinity.Text,
            ValueKind.Blob => Affinity.None,
            ValueKind.Real => Affinity.Real,
            _ => Affinity.Numeric,
        };

    public override IReadOnlyList<BoundExpr> Children => [];

    public override string Text => Qualifier is null ? Name : $"{Qualifier}.{Name}";
}
