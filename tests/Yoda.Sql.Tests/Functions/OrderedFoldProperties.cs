using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: aggregates whose partial states do not merge exactly (REAL SUM/TOTAL/AVG, DISTINCT,
/// group_concat) run as the ordered parallel fold over many morsels and give SQLite's answers to the
/// bit, in SQLite's row order, at 1, 2 and 8 threads: tables cut into many small segments (some rows
/// deleted), NULLs, filters that empty whole morsels, groups first seen in late morsels, and INTEGER
/// sums that overflow on the way (SUM fails, TOTAL and AVG go on in floating point); exactly merging
/// aggregates beside them (folded into per-morsel states by the workers), past 64 groups too.
/// </summary>
public sealed class OrderedFoldProperties
{
    [Property(MaxTest = 25)]
    public void Non_merging_aggregates_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 4) == 0 ? random.Next(0, 40) : random.Next(2000, 7000);
        // INTEGERs: small; huge (sums overflow); or large, whose sums the workers' bounds give up on part of the way through a morsel (positive ones may overflow too).
        var magnitude = random.Next(0, 6) switch { 0 or 1 => "huge", 2 => "large", 3 => "large positive", _ => "small" };
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g TEXT, k INTEGER, p REAL, d REAL, v INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            // Groups 'late' and 9 appear only in the last fifth of the rows (the last morsels).
            var g = i > rows * 4 / 5 && random.Next(0, 3) == 0 ? "'late'" : random.Next(0, 5) switch { 0 => "NULL", 1 => "'a'", 2 => "'b'", _ => "'c'" };
            var k = i > rows * 4 / 5 && random.Next(0, 3) == 0 ? "9" : random.Next(0, 6) == 0 ? "NULL" : random.Next(0, 4).ToString(CultureInfo.InvariantCulture);
            var v = random.Next(0, 6) == 0 ? "NULL"
                : (magnitude switch
                {
                    "huge" => random.NextInt64(long.MinValue / 4, long.MaxValue / 4) * random.Next(0, 5),
                    "large" => random.NextInt64(-(1L << 48), 1L << 48),
                    "large positive" => random.NextInt64(0, 1L << 52),
                    _ => random.Next(-9, 9),
                }).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {g}, {k}, {Real(random)}, {Real(random)}, {v})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 6) == 0).ToHashSet();
        // Segments past a chunk's 4,096 rows make morsels of several chunks.
        var segmentRows = random.Next(0, 3) switch { 0 => random.Next(1, 60), 1 => random.Next(200, 1500), _ => random.Next(4100, 6000) };
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        string[] filters = ["", "WHERE p > 0", $"WHERE id > {rows / 2}", $"WHERE id < {rows / 3} OR id > {rows * 2 / 3}", "WHERE id % 7 = 3"];
        for (var q = 0; q < 3; q++)
        {
            var filter = filters[random.Next(filters.Length)];
            string[] queries =
            [
                $"SELECT g, sum(p * (1 - d)), total(p), avg(p + d), count(*), min(p) FROM t {filter} GROUP BY g ORDER BY g",
                $"SELECT k, g, sum(p), avg(d), sum(v) FROM t {filter} GROUP BY k, g ORDER BY k, g",
                $"SELECT sum(p * (1 - d)), avg(p), total(d), count(p) FROM t {filter}",
                $"SELECT k, total(v), avg(v), sum(p) FROM t {filter} GROUP BY k ORDER BY k",
                $"SELECT sum(v), sum(d) FROM t {filter}",
                $"SELECT g, count(DISTINCT k), sum(DISTINCT p), group_concat(k) FROM t {filter} GROUP BY g ORDER BY g",
                $"SELECT count(DISTINCT g), group_concat(g, ';'), avg(DISTINCT d) FROM t {filter}",

                // Exactly merging aggregates (INTEGER sums, counts, MIN/MAX) beside the ordered ones: folded by the workers, merged in morsel order.
                $"SELECT id % 97, avg(v), avg(p), max(v), count(*), min(d), total(v) FROM t {filter} GROUP BY 1 ORDER BY 1",
                $"SELECT k, count(DISTINCT g), sum(v), min(v), group_concat(g), count(v) FROM t {filter} GROUP BY k ORDER BY k",
                $"SELECT sum(v), avg(v), max(p), total(p), count(*), min(v) FROM t {filter}",
            ];
            foreach (var sql in queries)
            {
                oracle.AssertSameAtEveryDegree(sql);
            }
        }
    }

    /// <summary>
    /// INTEGER sums that the workers fold into bounded per-morsel states (500 rows of about 2^48 a
    /// morsel) until the merged sums come within a morsel's bound of 2^63: those merges must check
    /// each group's sum and run the aggregation again serially (SUM fails; TOTAL and AVG go on in
    /// floating point from the overflowing row), not wrap.
    /// </summary>
    [Fact]
    public void Integer_sums_coming_near_overflow_across_morsels_match_sqlite()
    {
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER, p REAL);");
        for (var i = 0; i < 70_000; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            script.Append(CultureInfo.InvariantCulture, $"({i}, {(1L << 48) - (i % 7)}, {i * 0.1})");
            script.Append(i % 500 == 499 ? ";" : "");
        }

        using var oracle = new ScriptOracle(script.ToString(), table => TableLayouts.Every(table, 500));
        oracle.AssertSameAtEveryDegree("SELECT total(v), avg(v), sum(p), count(*) FROM t");
        oracle.AssertSameAtEveryDegree("SELECT sum(v), sum(p) FROM t");
        oracle.AssertSameAtEveryDegree("SELECT id % 2, total(v), avg(v), sum(p) FROM t GROUP BY 1 ORDER BY 1");
        oracle.AssertSameAtEveryDegree("SELECT id % 2, total(v), avg(v), sum(p) FROM t WHERE id < 60000 GROUP BY 1 ORDER BY 1");
    }

    private static string Real(Random random) => random.Next(0, 12) switch
    {
        0 => "NULL",
        1 => "-0.0",
        2 => "0.0",
        3 => "1e308",
        _ => (random.Next(-400, 400) / 8.0 + (random.Next(0, 1000) * 1e-7)).ToString("R", CultureInfo.InvariantCulture),
    };
}
