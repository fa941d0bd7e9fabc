namespace Yoda.Sql.Ast;

/// <summary>A scalar subquery <c>(SELECT …)</c>: the first column of its first row, NULL when it has none.</summary>
public sealed record SubqueryExpr(QueryExpr Query) : Expr;
