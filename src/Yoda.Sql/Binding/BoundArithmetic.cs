using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Sql.Binding;

/// <summary>
/// Arithmetic or bitwise operation on two operands of the same numeric kind, or (with a
/// <see cref="ValueKind.Dynamic"/> result kind) + - * / % whose result class SQLite decides per row.
/// </summary>
internal sealed record BoundArithmetic(ArithmeticOperator Operator, BoundExpr Left, BoundExpr Right, ValueKind? ResultKind = null) : BoundExpr(ResultKind ?? Left.Kind)
{
    public override IReadOnlyList<BoundExpr> Children => [Left, Right];

    public override string Text => $"({Left.Text} {Symbol} {Right.Text})";

    private string Symbol => Operator switch
    {
        ArithmeticOperator.Add => "+",
        ArithmeticOperator.Subtract => "-",
        ArithmeticOperator.Multiply => "*",
        ArithmeticOperator.Divide => "/",
        ArithmeticOperator.Modulo => "%",
        ArithmeticOperator.BitAnd => "&",
        ArithmeticOperator.BitOr => "|",
        ArithmeticOperator.ShiftLeft => "<<",
        _ => ">>",
    };
}
