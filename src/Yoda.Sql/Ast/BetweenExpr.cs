namespace Yoda.Sql.Ast;

public sealed record BetweenExpr(Expr Operand, Expr Low, Expr High, bool Negated) : Expr;
