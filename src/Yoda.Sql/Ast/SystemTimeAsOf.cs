namespace Yoda.Sql.Ast;

/// <summary>
/// <c>FOR SYSTEM_TIME AS OF timestamp</c> on a temporal table: the versions valid at that time;
/// <see cref="Timestamp"/> is null for <c>AS OF CURRENT</c>, the current versions.
/// </summary>
public sealed record SystemTimeAsOf(Expr? Timestamp);
