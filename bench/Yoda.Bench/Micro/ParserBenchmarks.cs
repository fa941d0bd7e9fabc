#if YODA_ENGINE
using BenchmarkDotNet.Attributes;

namespace Yoda.Bench.Micro;

/// <summary>
/// Parser throughput measured END TO END through the public API: QueryOlapAsync on a 10-row
/// table, so each figure is parse + bind + plan + execute + Arrow result, an upper bound on
/// parsing cost (queries/s = 1e9 / mean ns). The engine's parser is not public.
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private const string ShortQuery = "SELECT COUNT(*) FROM t";

    private const string LongQuery = """
        SELECT grp, COUNT(*) AS n, SUM(val) AS s, AVG(val) AS a, MIN(val) AS lo, MAX(val) AS hi,
               SUM(CASE WHEN name LIKE 'a%' THEN 1 ELSE 0 END) AS a_names,
               TOTAL(val * 2 + 1) AS t2
        FROM t
        WHERE id BETWEEN 0 AND 1000000 AND grp IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9) AND val >= 0.0
          AND (name LIKE '%x%' OR name NOT LIKE 'zz%') AND CAST(id AS REAL) < 1e9
        GROUP BY grp
        HAVING COUNT(*) > 0
        ORDER BY grp DESC
        LIMIT 100
        """;

    private HtapEngine? _engine;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new HtapEngine(new HtapConfig { OltpPath = ":memory:" });
        _engine.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, grp INTEGER, val REAL, name TEXT)").GetAwaiter().GetResult();
        _engine.ExecuteBatchAsync(Enumerable.Range(0, 10).Select(i => $"INSERT INTO t VALUES ({i}, {i % 3}, {i * 1.5}, 'n{i}')"))
            .GetAwaiter().GetResult();
        _engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("grp", "int64"), ("val", "float64"), ("name", "utf8")], ["id"]))
            .GetAwaiter().GetResult();
        _engine.InitialSyncAsync("t").GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _engine?.Dispose();

    [Benchmark(Baseline = true, Description = "end-to-end QueryOlapAsync, short query (10 rows)")]
    public int Short() => _engine!.QueryOlapAsync(ShortQuery).GetAwaiter().GetResult().Count;

    [Benchmark(Description = "end-to-end QueryOlapAsync, long query (10 rows)")]
    public int Long() => _engine!.QueryOlapAsync(LongQuery).GetAwaiter().GetResult().Count;
}
#endif
