using System.Diagnostics;

namespace Yoda.Bench.Workloads;

/// <summary>Builds the workloads of a run from the scale: TPC-H at the scale, H2O and hits at 10M × scale rows.</summary>
public static class WorkloadCatalog
{
    public static readonly string[] Names = ["tpch", "h2o", "clickbench"];

    public static IReadOnlyList<QueryDef> AllQueries { get; } =
        [.. TpchQueries.All, .. H2oQueries.All, .. ClickBenchQueries.All];

    /// <summary>Generates only the workloads that at least one selected query needs.</summary>
    public static IReadOnlyList<Workload> Build(double scale, int? h2oRows, int? hitsRows, IReadOnlyList<QueryDef> queries, TextWriter log)
    {
        var result = new List<Workload>();
        foreach (var name in Names)
        {
            var selected = queries.Where(q => q.Workload == name).ToList();
            if (selected.Count == 0)
            {
                continue;
            }

            var watch = Stopwatch.StartNew();
            int sized = Math.Max(100, (int)Math.Round(10_000_000 * scale));
            IReadOnlyList<TableData> tables = name switch
            {
                "tpch" => TpchGenerator.Generate(scale),
                "h2o" => [H2oGenerator.Generate(h2oRows ?? sized)],
                _ => [HitsGenerator.Generate(hitsRows ?? sized)],
            };
            var workload = new Workload(name, tables, selected);
            log.WriteLine($"generated {name}: {workload.TotalRows:N0} rows in {tables.Count} table(s), {watch.Elapsed.TotalSeconds:F1} s");
            result.Add(workload);
        }

        return result;
    }
}
