namespace Yoda.Sql.Ast;

/// <summary>A parsed SQL expression.</summary>
public abstract record Expr;
