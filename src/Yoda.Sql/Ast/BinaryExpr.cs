namespace Yoda.Sql.Ast;

public sealed record BinaryExpr(BinaryOperator Operator, Expr Left, Expr Right) : Expr;
