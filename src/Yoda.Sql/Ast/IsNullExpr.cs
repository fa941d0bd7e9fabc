namespace Yoda.Sql.Ast;

/// <summary><c>x IS NULL</c>, <c>x ISNULL</c>, <c>x IS NOT NULL</c>, <c>x NOTNULL</c>, <c>x NOT NULL</c>.</summary>
public sealed record IsNullExpr(Expr Operand, bool Negated) : Expr;
