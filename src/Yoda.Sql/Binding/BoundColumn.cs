using Apache.Arrow.Types;
using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

/// <summary>A column of the FROM table, by its index in the table schema.</summary>
internal sealed record BoundColumn(int Index, string Name, IArrowType ArrowType, ValueKind ColumnKind) : BoundExpr(ColumnKind)
{
    public override Affinity Affinity => ColumnKind is ValueKind.Text ? Affinity.Text : ColumnKind is ValueKind.Blob ? Affinity.None : Affinity.Numeric;

    public override IReadOnlyList<BoundExpr> Children => [];

    public override string Text => Name;
}
