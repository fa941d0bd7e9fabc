namespace Yoda.Sql.Ast;

/// <summary>A column reference, optionally qualified by a table name or alias.</summary>
public sealed record ColumnRefExpr(string? Table, string Column) : Expr;
