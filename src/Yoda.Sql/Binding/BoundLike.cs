using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

internal sealed record BoundLike(BoundExpr Operand, BoundExpr Pattern, BoundExpr? Escape, bool Negated) : BoundExpr(ValueKind.Integer)
{
    public override IReadOnlyList<BoundExpr> Children => Escape is null ? [Operand, Pattern] : [Operand, Pattern, Escape];

    public override string Text =>
        $"({Operand.Text} {(Negated ? "NOT " : string.Empty)}LIKE {Pattern.Text}{(Escape is null ? string.Empty : " ESCAPE " + Escape.Text)})";
}
