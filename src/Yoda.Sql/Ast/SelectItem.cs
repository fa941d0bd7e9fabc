namespace Yoda.Sql.Ast;

/// <summary>One entry of a SELECT list.</summary>
public abstract record SelectItem;
