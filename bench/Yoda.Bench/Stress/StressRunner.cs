using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Storage;
using Yoda.Sql;

namespace Yoda.Bench.Stress;

/// <summary>
/// '-- stress [--rows N]': a GROUP BY with N distinct groups and an inner join of two N-row tables
/// (default N = 10 million) on Yoda's OLAP engine, with wall time and the process's peak working
/// set. The tables are built as Arrow segments directly, not through SQLite and the sync engine
/// (loading 10 million rows through the public API takes many minutes on this machine): this
/// checks that the operators complete at that size, not the loading path. Then a few queries on
/// the first table run serially and on every core, alternating, to measure the parallel execution.
/// </summary>
public static class StressRunner
{
    private const long Prime = 2_147_483_647; // 2^31 - 1: i * 48271 mod Prime differs for every i < Prime

    public static int Run(string[] args)
    {
        var rows = args.Length == 2 && args[0] == "--rows" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000;
        var clock = Stopwatch.StartNew();
        var catalog = new CatalogSnapshot([Table("a", rows, reversed: false), Table("b", rows, reversed: true)]);
        Report($"built two tables of {rows:N0} rows", clock.Elapsed, null);
        Query(catalog, $"GROUP BY with {rows:N0} distinct groups", "SELECT k, COUNT(*), SUM(v) FROM a GROUP BY k");
        Query(catalog, $"inner join of two {rows:N0}-row tables", "SELECT COUNT(*), SUM(a.v), MAX(b.v) FROM a JOIN b ON a.k = b.k");
        Console.WriteLine();
        Console.WriteLine($"Parallelism 1 against {Environment.ProcessorCount} (ExecutionOptions.Parallelism), alternating, medians of {Runs} runs after one warm-up each:");
        Console.WriteLine();
        Console.WriteLine($"| query | 1 thread (ms) | {Environment.ProcessorCount} threads (ms) | speed-up |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var sql in SerialAgainstParallel)
        {
            CompareDegrees(catalog, sql);
        }

        return 0;
    }

    private const int Runs = 5;

    private static readonly string[] SerialAgainstParallel =
    [
        "SELECT COUNT(*), SUM(v), MIN(k), MAX(k) FROM a",
        "SELECT COUNT(*), SUM(k) FROM a WHERE v < 500",
        "SELECT v, COUNT(*), SUM(k), MAX(k) FROM a GROUP BY v",
        "SELECT v, SUM(k * 0.5) FROM a GROUP BY v",
        "SELECT COUNT(*), SUM(b.v) FROM a JOIN b ON a.k = b.k WHERE a.v < 10",
        "SELECT k, COUNT(*), SUM(v) FROM a GROUP BY k",
        "SELECT k, v FROM a ORDER BY v DESC, k LIMIT 10",
    ];

    private static void CompareDegrees(CatalogSnapshot catalog, string sql)
    {
        var serial = new ExecutionOptions { Parallelism = 1 };
        var parallel = new ExecutionOptions { Parallelism = Environment.ProcessorCount };
        var (one, all) = (new List<double>(), new List<double>());
        for (var run = 0; run <= Runs; run++)
        {
            var (a, b) = (Time(catalog, sql, serial), Time(catalog, sql, parallel));
            if (run > 0)
            {
                one.Add(a);
                all.Add(b);
            }
        }

        var (m1, mn) = (Median(one), Median(all));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{sql}` | {m1:F1} | {mn:F1} | {m1 / mn:F2}× |"));
    }

    private static double Time(CatalogSnapshot catalog, string sql, ExecutionOptions options)
    {
        var clock = Stopwatch.StartNew();
        SqlEngine.Execute(sql, [], catalog, options, CancellationToken.None);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static void Query(CatalogSnapshot catalog, string title, string sql)
    {
        var clock = Stopwatch.StartNew();
        var result = SqlEngine.Execute(sql, [], catalog, CancellationToken.None);
        var elapsed = clock.Elapsed;
        var resultRows = result.Batches.Sum(b => (long)b.Length);
        Report($"{title}: `{sql}`", elapsed, $"{resultRows:N0} result rows");
    }

    private static void Report(string what, TimeSpan elapsed, string? detail)
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {what} | {elapsed.TotalSeconds:F2} s | {process.PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GB | {GC.GetTotalMemory(false) / (1024.0 * 1024 * 1024):F2} GB | {detail} |"));
    }

    /// <summary>k: distinct keys (a permutation of i * 48271 mod 2^31-1; table b holds a's keys in reverse order), v = i mod 1000.</summary>
    private static TableSnapshot Table(string name, int rows, bool reversed)
    {
        var schema = new Schema([new Field("k", Int64Type.Default, false), new Field("v", Int64Type.Default, false)], null);
        var segments = new List<Segment>();
        for (var start = 0; start < rows; start += ColumnarTable.DefaultSegmentCapacity)
        {
            var length = Math.Min(ColumnarTable.DefaultSegmentCapacity, rows - start);
            var (k, v) = (new Int64Array.Builder().Reserve(length), new Int64Array.Builder().Reserve(length));
            for (var i = start; i < start + length; i++)
            {
                var key = reversed ? rows - 1 - i : i;
                k.Append(key * 48271L % Prime);
                v.Append(i % 1000);
            }

            segments.Add(new Segment(new RecordBatch(schema, [k.Build(), v.Build()], length), null));
        }

        return new TableSnapshot(name, schema, [.. segments]);
    }
}
