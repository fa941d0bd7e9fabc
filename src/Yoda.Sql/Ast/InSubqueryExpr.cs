namespace Yoda.Sql.Ast;

/// <summary><c>x [NOT] IN (SELECT …)</c>.</summary>
public sealed record InSubqueryExpr(Expr Operand, QueryExpr Query, bool Negated) : Expr;
