namespace Yoda;

/// <summary>Where <see cref="HtapEngine.QueryAsync(string, System.Threading.CancellationToken)"/> sends a statement.</summary>
public enum QueryTarget
{
    /// <summary>SQLite: writes, DDL, PRAGMA, transaction statements and simple single-table reads.</summary>
    Oltp,

    /// <summary>The columnar engine: aggregates, grouping, joins, subqueries, CTEs, set operations, window functions.</summary>
    Olap,
}

/// <summary>The router's decision for one statement, with the reason in words.</summary>
public sealed record RouteInfo(QueryTarget Target, bool IsQuery, bool IsExplain, string Reason);
