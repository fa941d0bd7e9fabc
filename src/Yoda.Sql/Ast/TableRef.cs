namespace Yoda.Sql.Ast;

/// <summary>
/// A table in FROM, with its alias and, for a temporal table, the <c>FOR SYSTEM_TIME AS OF</c> clause.
/// For a subquery in FROM, <see cref="Subquery"/> is set and <see cref="Name"/> is the alias (or a generated name).
/// </summary>
public sealed record TableRef(string Name, string? Alias, SystemTimeAsOf? SystemTime = null)
{
    public QueryExpr? Subquery { get; init; }
}
