namespace Yoda.Sql.Ast;

/// <summary><c>*</c> or <c>t.*</c>.</summary>
public sealed record StarItem(string? Table) : SelectItem;
