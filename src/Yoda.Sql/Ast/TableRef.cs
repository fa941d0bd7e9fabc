namespace Yoda.Sql.Ast;

public sealed record TableRef(string Name, string? Alias);
