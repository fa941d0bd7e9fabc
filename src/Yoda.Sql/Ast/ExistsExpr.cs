namespace Yoda.Sql.Ast;

/// <summary><c>EXISTS (SELECT …)</c>: 1 when the subquery has a row, else 0.</summary>
public sealed record ExistsExpr(QueryExpr Query) : Expr;
