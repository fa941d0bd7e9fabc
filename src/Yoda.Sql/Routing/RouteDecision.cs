namespace Yoda.Sql.Routing;

/// <summary>Where a statement goes, whether it is a query (returns rows), whether it was EXPLAINed, and why.</summary>
public sealed record RouteDecision(Route Route, bool IsQuery, bool IsExplain, string Reason);
