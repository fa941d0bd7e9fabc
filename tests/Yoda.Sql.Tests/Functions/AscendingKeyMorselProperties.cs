using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: GROUP BY an INTEGER column stored in ascending order (an order's line items, as TPC-H's lineitem
/// by l_orderkey), which parallel runs aggregate segment by segment, gives SQLite's answers, and the same rows
/// in the same order at 1, 2 and 8 threads: runs of a key split by segments' ends or longer than a segment,
/// rows deleted or filtered out (a split key's first rows among them), NULL keys, REAL keys equal to integers,
/// keys up to long.MaxValue, and q18's IN over GROUP BY ... HAVING SUM.
/// </summary>
public sealed class AscendingKeyMorselProperties
{
    [Property(MaxTest = 15)]
    public void Ascending_integer_keys_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 6) == 0 ? random.Next(0, 50) : random.Next(1_000, 6_000);
        long key = random.Next(0, 3) == 0 ? long.MaxValue - (rows * 4L) : random.Next(-100, 100);
        var runLength = random.Next(0, 3) switch { 0 => 1, 1 => 7, _ => 400 };
        var runLeft = 0;

        // NULL keys: none, among the first rows only (one segment, mostly), or anywhere (the path is not taken then).
        var nullsUpTo = random.Next(0, 3) switch { 0 => 0, 1 => 5, _ => rows };
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, v INTEGER, r REAL);");
        for (var i = 0; i < rows; i++)
        {
            if (runLeft == 0)
            {
                key += random.Next(1, 4);
                runLeft = random.Next(1, runLength + 1);
            }

            runLeft--;
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var isNull = i < nullsUpTo && random.Next(0, nullsUpTo == rows ? 100 : 2) == 0;
            var g = random.Next(0, 200) switch
            {
                _ when isNull => "NULL",
                // A REAL equal to an integer: the column's INTEGER affinity stores the integer. Only where the
                // double is that integer: near long.MaxValue it rounds to 2^63, which stays REAL (a column the
                // oracle cannot load).
                0 when Math.Abs(key) <= 1L << 53 => $"{key}.0",
                _ => key.ToString(CultureInfo.InvariantCulture),
            };
            var v = random.Next(0, 10) == 0 ? "NULL" : random.Next(-5, 50).ToString(CultureInfo.InvariantCulture);
            var r = (random.Next(-400, 400) / 8.0).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {g}, {v}, {r})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 5) == 0).ToHashSet();
        var segmentRows = random.Next(0, 3) switch { 0 => random.Next(5, 60), 1 => random.Next(300, 1_500), _ => 65_536 };
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        string[] queries =
        [
            "SELECT g, count(*), sum(v), total(r), avg(r), min(id), max(r) FROM t GROUP BY g",
            "SELECT g, count(*), sum(r) FROM t WHERE v > 20 GROUP BY g",
            "SELECT g, sum(v) FROM t WHERE id % 3 <> 0 GROUP BY g HAVING count(*) > 1",
        ];
        foreach (var sql in queries)
        {
            oracle.AssertSameAtEveryDegree(sql + " ORDER BY 1");

            // Without ORDER BY: the first-seen order of the groups, which must not depend on the thread count.
            var serial = oracle.YodaRows(sql, new ExecutionOptions { Parallelism = 1 });
            foreach (var degree in new[] { 2, 8 })
            {
                Assert.Equal(serial, oracle.YodaRows(sql, new ExecutionOptions { Parallelism = degree }));
            }
        }

        oracle.AssertSameAtEveryDegree("SELECT count(*), sum(g), sum(v) FROM t WHERE g IN (SELECT g FROM t GROUP BY g HAVING sum(v) > 100)");
    }

    /// <summary>
    /// Keys that ascend from segment to segment (so each morsel is aggregated on its own) but, in some segments,
    /// not within: a worker's table takes runs without hashing until a key is lower than the one before or NULL,
    /// then hashes the keys seen so far and the rest. IN subqueries over GROUP BY ... HAVING on INTEGER and REAL
    /// sums, HAVING that keeps none, some or all groups; rows deleted inside runs.
    /// </summary>
    [Property(MaxTest = 12)]
    public void Keys_ascending_by_segment_but_not_within_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(1_000, 5_000);
        var segmentRows = random.Next(40, 800);
        var keys = new long?[rows];
        long key = random.Next(-50, 50);
        for (var i = 0; i < rows; i++)
        {
            key += i == 0 || random.Next(0, 3) != 0 ? 0 : random.Next(1, 3);
            keys[i] = key;
        }

        for (var from = 0; from < rows; from += segmentRows)
        {
            var to = Math.Min(rows, from + segmentRows);
            switch (random.Next(0, 4))
            {
                case 0:
                    random.Shuffle(keys.AsSpan(from, to - from));
                    break;
                case 1:
                    // One row out of order, part way through the segment.
                    var at = random.Next(from, to);
                    keys[at] = keys[random.Next(from, at + 1)];
                    break;
            }
        }

        // NULL keys in the first segment only (more than one segment with NULLs takes the hashing path throughout).
        if (random.Next(0, 3) == 0)
        {
            keys[random.Next(0, segmentRows)] = null;
        }

        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, v INTEGER, r REAL);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var g = keys[i]?.ToString(CultureInfo.InvariantCulture) ?? "NULL";
            var v = random.Next(0, 10) == 0 ? "NULL" : random.Next(-5, 50).ToString(CultureInfo.InvariantCulture);
            var r = (random.Next(-400, 400) / 8.0).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {g}, {v}, {r})");
            script.Append(i % 500 == 499 || i == rows - 1 ? ";" : "");
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 6) == 0).ToHashSet();
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        oracle.AssertSameAtEveryDegree("SELECT g, count(*), sum(v), total(r) FROM t GROUP BY g ORDER BY 1");
        var serial = oracle.YodaRows("SELECT g, sum(v), sum(r) FROM t GROUP BY g", new ExecutionOptions { Parallelism = 1 });
        foreach (var degree in new[] { 2, 8 })
        {
            Assert.Equal(serial, oracle.YodaRows("SELECT g, sum(v), sum(r) FROM t GROUP BY g", new ExecutionOptions { Parallelism = degree }));
        }

        foreach (var having in new[] { "sum(v) > 60", "sum(v) > 1000000", "count(*) > 0", "total(r) > 20", "sum(r) < -10.5" })
        {
            oracle.AssertSameAtEveryDegree($"SELECT count(*), sum(g), sum(v), total(r) FROM t WHERE g IN (SELECT g FROM t GROUP BY g HAVING {having})");
            oracle.AssertSameAtEveryDegree($"SELECT id FROM t WHERE id NOT IN (SELECT g FROM t GROUP BY g HAVING {having}) ORDER BY id");
        }
    }
}
