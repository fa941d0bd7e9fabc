using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

internal sealed record BoundIsNull(BoundExpr Operand, bool Negated) : BoundExpr(ValueKind.Integer)
{
    public override IReadOnlyList<BoundExpr> Children => [Operand];

    public override string Text => $"({Operand.Text} IS {(Negated ? "NOT " : string.Empty)}NULL)";
}
