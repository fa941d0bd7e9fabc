using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: GROUP BY an INTEGER key whose values are dense past 65,536 (the key dictionary
/// direct-indexes them, widening its range as its groups grow) gives SQLite's answers, and the same
/// rows in the same order at 1, 2 and 8 threads: keys in runs in row order (an order's line items) or
/// shuffled, keys met first while the range does not cover them yet and again later, keys past 2^22,
/// negative keys, NULL keys, deleted rows, small segments; and q18's IN over GROUP BY ... HAVING SUM.
/// </summary>
public sealed class DenseIntegerKeyProperties
{
    [Property(MaxTest = 12)]
    public void Dense_integer_keys_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        // Past 16,384 groups, the direct range may grow from 2^16 to 2^17 slots (8 per id): most cases get there.
        var rows = random.Next(0, 6) == 0 ? random.Next(0, 50) : random.Next(17_000, 24_000);
        var offset = random.Next(0, 3) switch { 0 => 0, 1 => 40_000, _ => 65_536 };
        var stride = random.Next(1, 4);
        var run = random.Next(0, 3) == 0 ? 2 : 1;
        var keys = Enumerable.Range(0, rows).Select(n => offset + ((long)n / run * stride)).ToArray();
        if (random.Next(0, 2) == 0)
        {
            random.Shuffle(keys);
        }

        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, v INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var g = (i < 5 ? 3 : random.Next(0, 40)) switch
            {
                0 => "NULL",
                1 => (4_194_304 + random.Next(0, 100)).ToString(CultureInfo.InvariantCulture),
                2 => (-random.Next(1, 9)).ToString(CultureInfo.InvariantCulture),
                3 => (70_000 + random.Next(0, 8)).ToString(CultureInfo.InvariantCulture),
                _ => keys[i].ToString(CultureInfo.InvariantCulture),
            };
            var v = random.Next(0, 10) == 0 ? "NULL" : random.Next(-5, 50).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {g}, {v})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        AssertGroupsMatchSqlite(script.ToString(), rows, random, "SELECT count(*), sum(g), sum(v) FROM t WHERE g IN (SELECT g FROM t GROUP BY g HAVING sum(v) > 40)");
    }

    /// <summary>
    /// Dense keys far from 0 (the dictionary's window is based at the first chunk's smallest value):
    /// at 10^9 as ClickBench's user ids, negative, and at the ends of the 64-bit range, where the
    /// window's arithmetic must not wrap; keys below the base and past the window among them (met
    /// first, or later in another segment), long.MinValue and long.MaxValue themselves, NULLs, deleted rows.
    /// </summary>
    [Property(MaxTest = 12)]
    public void Dense_integer_keys_far_from_zero_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 6) == 0 ? random.Next(0, 50) : random.Next(17_000, 24_000);
        var stride = random.Next(1, 3);
        var offset = random.Next(0, 4) switch
        {
            0 => 1_000_000_000L,
            1 => -1_000_000_000L,
            2 => long.MaxValue - (rows * 2L) - 10,
            _ => long.MinValue + 10,
        };
        var keys = Enumerable.Range(0, rows).Select(n => offset + ((long)n * stride)).ToArray();
        if (random.Next(0, 2) == 0)
        {
            random.Shuffle(keys);
        }

        long[] strays = [long.MinValue, long.MaxValue, offset - 1, offset - 5_000, offset == long.MinValue + 10 ? 0 : offset - 70_000, 0, -1];
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, v INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var g = random.Next(0, 40) switch
            {
                0 => "NULL",
                1 => strays[random.Next(strays.Length)].ToString(CultureInfo.InvariantCulture),
                // Below the base only in rows past the first chunk, so that they meet a window already placed.
                2 when i > 3_000 => (keys[i] - 60_000).ToString(CultureInfo.InvariantCulture),
                _ => keys[i].ToString(CultureInfo.InvariantCulture),
            };
            var v = random.Next(0, 10) == 0 ? "NULL" : random.Next(-5, 50).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {g}, {v})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        AssertGroupsMatchSqlite(script.ToString(), rows, random, "SELECT g, count(*) AS c FROM t GROUP BY g ORDER BY c DESC, g LIMIT 10");
    }

    /// <summary>
    /// Table t(id, g, v) of <paramref name="script"/> in segments of a random size, some rows deleted or
    /// not: the grouped queries give SQLite's rows at every degree, and the same first-seen order of
    /// groups at every degree without ORDER BY; then <paramref name="lastQuery"/> gives SQLite's rows.
    /// </summary>
    private static void AssertGroupsMatchSqlite(string script, int rows, Random random, string lastQuery)
    {
        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 5) == 0).ToHashSet();
        var segmentRows = random.Next(0, 3) switch { 0 => random.Next(50, 600), 1 => random.Next(2000, 5000), _ => 65_536 };
        using var oracle = ScriptOracle.WithDeletedIds(script, segmentRows, deleted);
        string[] queries =
        [
            "SELECT g, count(*), sum(v), min(id) FROM t GROUP BY g",
            "SELECT g, v % 3, count(*) FROM t GROUP BY 1, 2",
        ];
        foreach (var sql in queries)
        {
            oracle.AssertSameAtEveryDegree(sql + " ORDER BY 1, 2");

            // Without ORDER BY: the first-seen order of the groups, which must not depend on the thread count.
            var serial = oracle.YodaRows(sql, new ExecutionOptions { Parallelism = 1 });
            foreach (var degree in new[] { 2, 8 })
            {
                Assert.Equal(serial, oracle.YodaRows(sql, new ExecutionOptions { Parallelism = degree }));
            }
        }

        oracle.AssertSameAtEveryDegree(lastQuery);
    }
}
