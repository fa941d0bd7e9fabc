namespace Yoda.Sql.Ast;

public sealed record UnaryExpr(UnaryOperator Operator, Expr Operand) : Expr;
