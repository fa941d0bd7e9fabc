using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Sql.Binding;

/// <summary>Unary minus, ~ or abs() of a numeric operand.</summary>
internal sealed record BoundNegate(NegateExpression.Mode Mode, BoundExpr Operand) : BoundExpr(Operand.Kind)
{
    public override IReadOnlyList<BoundExpr> Children => [Operand];

    public override string Text => Mode switch
    {
        NegateExpression.Mode.Negate => $"(- {Operand.Text})",
        NegateExpression.Mode.BitNot => $"(~ {Operand.Text})",
        _ => $"abs({Operand.Text})",
    };
}
