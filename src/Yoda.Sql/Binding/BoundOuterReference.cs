using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

/// <summary>A value of the enclosing query's current row, read inside a correlated subquery from slot <see cref="Slot"/> of its frame.</summary>
internal sealed record BoundOuterReference(CorrelationFrame Frame, int Slot, BoundExpr Outer) : BoundExpr(Outer.Kind)
{
    public override Affinity Affinity => Outer.Affinity;

    public override IReadOnlyList<BoundExpr> Children => [];

    public override string Text => $"outer({Outer.Text})";
}
