using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: text filters (comparisons, BETWEEN-style pairs, IN, [NOT] LIKE, on a BINARY and a
/// COLLATE NOCASE column) give SQLite's answers on every read of the same stored table, at 1, 2 and 8
/// threads: from the second read of a segment a pushed-down predicate tests the array's dictionary
/// codes (CodedTextFilter) instead of its bytes. Tables of one or many segments (past a chunk's rows
/// too), with deleted rows; texts NULL, empty, prefixes of each other, non-ASCII.
/// </summary>
public sealed class TextPredicateProperties
{
    private static readonly string[] Pool =
        ["NULL", "''", "'1995-03-15'", "'1995-03-16'", "'1995-03-1'", "'1995-03-15 '", "'MAIL'", "'mail'", "'SHIP'", "'ñandú'", "'é'", "'a'", "'PROMO BRUSHED TIN'"];

    [Property(MaxTest = 20)]
    public void Text_filters_match_sqlite_on_every_read(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 4) == 0 ? random.Next(0, 60) : random.Next(3_000, 11_000);
        var days = random.Next(0, 2) == 0 ? random.Next(1, 20) : random.Next(200, 900);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, d TEXT, m TEXT, n TEXT COLLATE NOCASE, v INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var d = random.Next(0, 6) == 0 ? Pool[random.Next(Pool.Length)] : $"'{new DateTime(1995, 1, 1).AddDays(random.Next(days)):yyyy-MM-dd}'";
            var m = Pool[random.Next(Pool.Length)];
            var n = Pool[random.Next(Pool.Length)];
            script.Append(CultureInfo.InvariantCulture, $"({i}, {d}, {m}, {n}, {random.Next(-100, 100)})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 6) == 0).ToHashSet();
        var segmentRows = random.Next(0, 3) switch { 0 => random.Next(1, 80), 1 => random.Next(200, 2_000), _ => random.Next(4_100, 6_000) };
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        string[] ops = ["=", "<>", "<", "<=", ">", ">="];
        var constant = Pool[1 + random.Next(Pool.Length - 1)];
        string[] filters =
        [
            $"d {ops[random.Next(ops.Length)]} '1995-03-15'",
            $"d >= '1995-01-20' AND d < '1995-03-1'",
            $"d BETWEEN '1995-02-01' AND '1995-03-15 '",
            $"m {ops[random.Next(ops.Length)]} {constant}",
            $"m IN ('MAIL', 'SHIP', '')",
            $"m IN ({constant}, 'é') AND d > '1995-02'",
            $"m LIKE 'ma%'",
            $"m NOT LIKE '%I%'",
            $"d LIKE '1995-03%' AND v > 0",
            $"n = 'mail'",
            $"n {ops[random.Next(ops.Length)]} {constant}",
            $"n IN ('MAIL', 'ñandú')",
            $"m = 'MAIL' COLLATE NOCASE",
            $"m > 'a' COLLATE RTRIM",
            $"d = '1995-03-15' COLLATE RTRIM",
        ];
        var chosen = filters.OrderBy(_ => random.Next()).Take(4).ToArray();
        for (var read = 0; read < 3; read++)
        {
            foreach (var filter in chosen)
            {
                oracle.AssertSameAtEveryDegree($"SELECT count(*), sum(v), min(d), max(m) FROM t WHERE {filter}");
                oracle.AssertSameAtEveryDegree($"SELECT m, count(*), sum(v) FROM t WHERE {filter} GROUP BY m ORDER BY m");
                oracle.AssertSameAtEveryDegree($"SELECT id, d, n FROM t WHERE {filter} ORDER BY id LIMIT 50");
            }
        }
    }

    /// <summary>
    /// A written table: sealed segments and the append tail, later snapshots that seal the tail, append
    /// new texts and delete rows, read after the earlier snapshots' arrays were coded; SQLite's answers
    /// on every read at 1, 2 and 8 threads.
    /// </summary>
    [Fact]
    public void Text_filters_over_sealed_segments_and_the_tail_match_sqlite_after_every_write()
    {
        string?[] texts = [null, "", "a", "A", "ñandú", "1995-03-15", "1995-03-1", "MAIL", "SHIP"];
        var random = new Random(7);
        using var table = new WrittenTextTable(segmentCapacity: 1_500);
        for (var write = 0; write < 4; write++)
        {
            table.Write(() =>
            {
                for (var i = 0; i < 2_200; i++)
                {
                    // Texts met from this write on beside the ones of every write.
                    var k = random.Next(3) == 0 ? $"w{write} {random.Next(20)}" : texts[random.Next(texts.Length)];
                    long? v = random.Next(8) == 0 ? null : random.Next(-50, 50);
                    table.Append(k, v);
                }

                for (var d = 0; d < 200; d++)
                {
                    table.Delete(random.NextInt64(table.Count));
                }
            });

            for (var read = 0; read < 3; read++)
            {
                foreach (var sql in new[]
                {
                    "SELECT count(*), sum(v) FROM t WHERE k > '1995-03-1'",
                    "SELECT id, k FROM t WHERE k IN ('MAIL', 'w1 3', '') AND v > 0 ORDER BY id",
                    "SELECT count(*), sum(v) FROM t WHERE k LIKE 'w%' AND k <> 'w2 5'",
                    "SELECT k, count(*) FROM t WHERE k = 'a' OR v = 3 GROUP BY k ORDER BY k",
                })
                {
                    table.AssertSameAtEveryDegree(sql, $"write {write}, read {read}");
                }
            }
        }

        Assert.True(table.Table.Current.Segments.Length > 4 && table.Table.Current.Segments[^1].RowCount < 1_500);
    }
}
