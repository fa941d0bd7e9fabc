using Yoda.Sql.Ast;

namespace Yoda.Sql.Binding;

/// <summary>
/// Whether a GROUP BY / ORDER BY term is a column ordinal, judged as SQLite judges it
/// (sqlite3ExprIsInteger on the tree its parser builds): an integer literal that fits 32 bits, under
/// any <c>+</c>/<c>-</c> signs and parentheses; a literal's <c>IS [NOT] NULL</c>, which the parser
/// turns into 0 or 1 (sqlite3PExprIsNull); and an <c>AND</c> with a literal 0 side and no function call,
/// which the parser turns into 0 (sqlite3ExprAnd). Any other constant (<c>4294967296</c>, <c>1.0</c>,
/// <c>TRUE</c>, <c>1 + 0</c>) is an expression with the same value on every row.
/// </summary>
internal static class OrdinalTerm
{
    public static long? Value(Expr e) => e switch
    {
        LiteralExpr { Value: long v, IsKeyword: false } when v is >= 0 and <= int.MaxValue => v,
        UnaryExpr { Operator: UnaryOperator.Plus } u => Value(u.Operand),
        UnaryExpr { Operator: UnaryOperator.Negate } u => -Value(u.Operand),
        _ => ParsedInteger(e),
    };

    /// <summary>The value of an expression SQLite's parser replaces with an integer literal, else null.</summary>
    private static long? ParsedInteger(Expr e)
    {
        if (IsNullTest(e) is var (operand, negated) && IsParsedLiteral(Unsigned(operand)))
        {
            return negated ? 1 : 0;
        }

        return e is BinaryExpr { Operator: BinaryOperator.And } and
            && (IsFalse(and.Left) || IsFalse(and.Right))
            && !HasFunction(and.Left) && !HasFunction(and.Right)
            ? 0
            : null;
    }

    private static (Expr Operand, bool Negated)? IsNullTest(Expr e) => e switch
    {
        IsNullExpr n => (n.Operand, n.Negated),
        BinaryExpr { Operator: BinaryOperator.Is or BinaryOperator.IsNot, Right: LiteralExpr { Value: null } } b => (b.Left, b.Operator == BinaryOperator.IsNot),
        _ => null,
    };

    private static bool IsParsedLiteral(Expr e) => e is LiteralExpr { Value: not null, IsKeyword: false } || ParsedInteger(e) is not null;

    /// <summary>SQLite's EP_IsFalse: the node itself is the integer 0 (a literal or a parser fold), not a signed one.</summary>
    private static bool IsFalse(Expr e) => e is LiteralExpr { Value: 0L, IsKeyword: false } || ParsedInteger(e) == 0;

    private static Expr Unsigned(Expr e) => e is UnaryExpr { Operator: UnaryOperator.Plus or UnaryOperator.Negate } u ? Unsigned(u.Operand) : e;

    private static bool HasFunction(Expr e) => ExprTree.Any(e, x => x is FunctionCallExpr or LikeExpr);
}
