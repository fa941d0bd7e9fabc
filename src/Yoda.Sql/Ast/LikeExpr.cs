namespace Yoda.Sql.Ast;

public sealed record LikeExpr(Expr Operand, Expr Pattern, Expr? Escape, bool Negated) : Expr;
