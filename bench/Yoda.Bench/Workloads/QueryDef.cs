namespace Yoda.Bench.Workloads;

/// <summary>
/// One benchmark query. <paramref name="Ordered"/> is true when its ORDER BY fixes the order of
/// every row (ties broken down to a unique key), so results are compared row by row in order;
/// otherwise they are compared as multisets.
/// </summary>
public sealed record QueryDef(string Id, string Workload, string Sql, bool Ordered);
