namespace Yoda.Sql.Binding;

/// <summary>
/// <c>x COLLATE name</c>: the value of <see cref="Operand"/>, carrying the collating sequence that
/// comparisons, ORDER BY and window keys over it use (see <c>Binder.Collation.cs</c>).
/// </summary>
internal sealed record BoundCollate(BoundExpr Operand, Collation Collation) : BoundExpr(Operand.Kind)
{
    public override Affinity Affinity => Operand.Affinity;

    public override IReadOnlyList<BoundExpr> Children => [Operand];

    public override string Text => $"{Operand.Text} COLLATE {Collation.ToString().ToUpperInvariant()}";
}
