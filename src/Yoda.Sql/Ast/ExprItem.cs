namespace Yoda.Sql.Ast;

/// <summary>An expression in the SELECT list, its alias and its text exactly as written (SQLite's default column name).</summary>
public sealed record ExprItem(Expr Expr, string? Alias, string Text) : SelectItem;
