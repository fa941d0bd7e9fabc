using Microsoft.Data.Sqlite;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Buffers;
using Yoda.Columnar.Storage;
using Yoda.Sql.Tests.Differential;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Engine;

/// <summary>
/// Statements reuse the large arrays of earlier ones (<see cref="BufferPool.Shared"/>): answers stay
/// SQLite's after statements that failed on the memory limit, were cancelled or ended at a LIMIT,
/// and while many statements run at once. The grouped and joined queries have enough groups and
/// rows (tens of thousands) for their tables and states to come from the pool.
/// </summary>
public sealed class BufferReuseTests : IDisposable
{
    private static readonly string[] Queries =
    [
        "SELECT k, COUNT(*), SUM(v), TOTAL(r), AVG(v) FROM t GROUP BY k",
        "SELECT g, s, COUNT(v), SUM(v) FROM t GROUP BY g, s",
        "SELECT k FROM t GROUP BY k HAVING SUM(v) > 400",
        "SELECT COUNT(*), SUM(a.v), SUM(b.r) FROM t AS a JOIN t AS b ON a.k = b.k WHERE b.g < 20000",
        "SELECT a.g, COUNT(*) FROM t AS a JOIN (SELECT g FROM t GROUP BY g HAVING SUM(v) > 0) AS b ON a.g = b.g GROUP BY a.g",
        "SELECT COUNT(*) FROM t WHERE k IN (SELECT k FROM t GROUP BY k HAVING COUNT(*) > 1)",
    ];

    private readonly SqliteConnection _sqlite = new("Data Source=:memory:");
    private readonly CatalogSnapshot _catalog;
    private readonly List<object?[]>[] _expected;

    public BufferReuseTests()
    {
        _sqlite.Open();
        Run("CREATE TABLE t (k INTEGER, g INTEGER, v INTEGER, r REAL, s TEXT)");
        using (var insert = _sqlite.BeginTransaction())
        {
            // 120,000 rows: k takes ~60,000 values above the direct-indexed range, g 30,011, (g, s) ~120,000 pairs.
            Run("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 119999) " +
                "INSERT INTO t SELECT 70000 + (i * 7) % 60013, i % 30011, CASE WHEN i % 97 = 0 THEN NULL ELSE i % 1000 - 500 END, i * 0.25, 'x' || (i % 4)  FROM n");
            insert.Commit();
        }

        _catalog = SqliteCatalogLoader.Load(_sqlite).Catalog;
        _expected = [.. Queries.Select(sql => Sorted(ResultRows.FromSqlite(_sqlite, sql, []).Rows))];
    }

    public void Dispose() => _sqlite.Dispose();

    [Fact]
    public void Grouped_and_joined_statements_give_their_arrays_back_to_the_pool()
    {
        AssertAllSame();
        Assert.True(BufferPool.Shared.RetainedBytes > 0, "the statements rented nothing from the pool");
    }

    [Fact]
    public void Answers_stay_right_after_a_statement_fails_on_the_memory_limit()
    {
        var limited = new ExecutionOptions(MemoryLimitBytes: 300_000);
        foreach (var sql in Queries.Take(2))
        {
            Assert.Throws<YodaException>(() => SqlEngine.Execute(sql, [], _catalog, limited, default));
            AssertAllSame();
        }
    }

    [Fact]
    public void Answers_stay_right_after_cancelled_statements()
    {
        foreach (var sql in Queries)
        {
            for (var delay = 0; delay < 30; delay += 10)
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(delay));
                try
                {
                    SqlEngine.Execute(sql, [], _catalog, cancel.Token);
                }
                catch (OperationCanceledException)
                {
                    // Cancelled mid-way, as intended; otherwise it finished first.
                }
            }
        }

        AssertAllSame();
    }

    [Fact]
    public void Answers_stay_right_after_statements_ended_by_a_limit()
    {
        foreach (var sql in Queries)
        {
            SqlEngine.Execute(sql + " LIMIT 3", [], _catalog, default);
        }

        AssertAllSame();
    }

    [Fact]
    public void Answers_stay_right_while_many_statements_run_at_once()
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, Queries.Length * 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i =>
        {
            var q = i % Queries.Length;
            var actual = Sorted(ResultRows.FromArrow(SqlEngine.Execute(Queries[q], [], _catalog, default)));
            if (!SameRows(_expected[q], actual))
            {
                failures.Add(Queries[q]);
            }
        });
        Assert.Empty(failures);
    }

    private void AssertAllSame()
    {
        for (var q = 0; q < Queries.Length; q++)
        {
            var actual = Sorted(ResultRows.FromArrow(SqlEngine.Execute(Queries[q], [], _catalog, default)));
            Assert.True(SameRows(_expected[q], actual), $"{Queries[q]}: {actual.Count} rows, SQLite {_expected[q].Count}");
        }
    }

    private static bool SameRows(List<object?[]> expected, List<object?[]> actual) =>
        expected.Count == actual.Count && expected.Zip(actual).All(p => p.First.Zip(p.Second).All(v => ResultRows.Same(v.First, v.Second)));

    private static List<object?[]> Sorted(List<object?[]> rows) => [.. rows.OrderBy(ResultRows.Render, StringComparer.Ordinal)];

    private void Run(string sql)
    {
        using var command = _sqlite.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
