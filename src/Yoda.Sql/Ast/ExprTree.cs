namespace Yoda.Sql.Ast;

/// <summary>Walks a parsed expression tree.</summary>
public static class ExprTree
{
    public static IEnumerable<Expr> Children(Expr e) => e switch
    {
        UnaryExpr u => [u.Operand],
        BinaryExpr b => [b.Left, b.Right],
        IsNullExpr n => [n.Operand],
        BetweenExpr b => [b.Operand, b.Low, b.High],
        LikeExpr l => l.Escape is null ? [l.Operand, l.Pattern] : [l.Operand, l.Pattern, l.Escape],
        InListExpr i => [i.Operand, .. i.Items],
        InSubqueryExpr i => [i.Operand],
        CastExpr c => [c.Operand],
        CaseExpr c => [.. (c.Operand is null ? [] : new[] { c.Operand }), .. c.Whens.SelectMany(w => new[] { w.When, w.Then }), .. (c.Else is null ? [] : new[] { c.Else })],
        FunctionCallExpr f => f.Arguments,
        CollateExpr c => [c.Operand],
        RowValueExpr r => r.Items,
        _ => [],
    };

    public static bool Any(Expr e, Func<Expr, bool> predicate) => predicate(e) || Children(e).Any(c => Any(c, predicate));
}
