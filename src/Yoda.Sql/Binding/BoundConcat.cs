using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

internal sealed record BoundConcat(BoundExpr Left, BoundExpr Right) : BoundExpr(ValueKind.Text)
{
    public override IReadOnlyList<BoundExpr> Children => [Left, Right];

    public override string Text => $"({Left.Text} || {Right.Text})";
}
