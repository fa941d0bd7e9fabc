namespace Yoda.Sql.Ast;

/// <summary><c>CURRENT_DATE</c>, <c>CURRENT_TIME</c> or <c>CURRENT_TIMESTAMP</c>: the statement's start time (UTC) as text.</summary>
public sealed record CurrentTimeExpr(string Keyword) : Expr;
