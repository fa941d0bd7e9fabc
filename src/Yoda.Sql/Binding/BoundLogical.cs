using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

/// <summary>AND / OR.</summary>
internal sealed record BoundLogical(bool IsAnd, BoundExpr Left, BoundExpr Right) : BoundExpr(ValueKind.Integer)
{
    public override IReadOnlyList<BoundExpr> Children => [Left, Right];

    public override string Text => $"({Left.Text} {(IsAnd ? "AND" : "OR")} {Right.Text})";
}
