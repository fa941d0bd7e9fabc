namespace Yoda.Bench.Workloads;

/// <summary>A named set of tables and the queries that run on them.</summary>
public sealed record Workload(string Name, IReadOnlyList<TableData> Tables, IReadOnlyList<QueryDef> Queries)
{
    public long TotalRows => Tables.Sum(t => (long)t.RowCount);
}
