using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

internal sealed record BoundNot(BoundExpr Operand) : BoundExpr(ValueKind.Integer)
{
    public override IReadOnlyList<BoundExpr> Children => [Operand];

    public override string Text => $"(NOT {Operand.Text})";
}
