namespace Yoda.Sql.Ast;

/// <summary>A table in FROM, with its alias and, for a temporal table, the <c>FOR SYSTEM_TIME AS OF</c> clause.</summary>
public sealed record TableRef(string Name, string? Alias, SystemTimeAsOf? SystemTime = null);
