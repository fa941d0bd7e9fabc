using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Sql.Binding;

/// <summary>
/// A comparison whose operands already had affinity applied; <see cref="TextAsNumber"/> when the
/// TEXT operand still gets numeric affinity per row (number-like text compares as a number).
/// </summary>
internal sealed record BoundComparison(ComparisonOperator Operator, BoundExpr Left, BoundExpr Right, bool TextAsNumber = false) : BoundExpr(ValueKind.Integer)
{
    public override IReadOnlyList<BoundExpr> Children => [Left, Right];

    public override string Text => $"({Left.Text} {Symbol} {Right.Text})";

    private string Symbol => Operator switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "<>",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Is => "IS",
        _ => "IS NOT",
    };
}
