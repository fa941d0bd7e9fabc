using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: COUNT(DISTINCT …) of INTEGERs and REALs (the ordered fold's DISTINCT sets), and MIN/MAX(DISTINCT …),
/// which are planned as MIN/MAX, give SQLite's answers in SQLite's row order at 1, 2 and 8 threads: tables
/// cut into many small segments (some rows deleted), NULLs, values repeated within and across morsels,
/// few or many distinct values, -0.0 beside 0.0, INTEGERs at the ends of their range, expressions of
/// the values, groups first seen in late morsels, empty tables and filters that drop every row; beside
/// them COUNT(DISTINCT …) of dynamic values (1, 1.0, '1' and REALs) and of texts; groups that appear
/// only after the first morsels (the one-group sets of keys turn into sets of pairs part way).
/// Written for a partitioned parallel COUNT(DISTINCT) (session 14, not kept: see
/// bench/results/2026-11-27-distinct-session14.md), whose wrong partitioning it caught.
/// </summary>
public sealed class DistinctCountProperties
{
    [Property(MaxTest = 25)]
    public void Distinct_counts_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 5) == 0 ? random.Next(0, 40) : random.Next(2000, 9000);
        // How many distinct values u draws from: a few (repeated in every morsel), about a third of the rows, or a wide range (nearly all distinct).
        var spread = random.Next(0, 3) switch { 0 => 7, 1 => Math.Max(1, rows / 3), _ => int.MaxValue };
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g TEXT, k INTEGER, u INTEGER, r REAL);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            // Groups 'late' and 9 appear only in the last fifth of the rows (the last morsels).
            var g = i > rows * 4 / 5 && random.Next(0, 3) == 0 ? "'late'" : random.Next(0, 5) switch { 0 => "NULL", 1 => "'a'", 2 => "'b'", _ => "'c'" };
            var k = i > rows * 4 / 5 && random.Next(0, 3) == 0 ? "9" : random.Next(0, 6) == 0 ? "NULL" : random.Next(0, 4).ToString(CultureInfo.InvariantCulture);
            var u = random.Next(0, 8) switch
            {
                0 => "NULL",
                1 => random.Next(0, 2) == 0 ? (long.MinValue + 1).ToString(CultureInfo.InvariantCulture) : long.MaxValue.ToString(CultureInfo.InvariantCulture),
                _ => (1_000_000_000L + (spread == int.MaxValue ? random.NextInt64(-(1L << 40), 1L << 40) : random.Next(0, spread))).ToString(CultureInfo.InvariantCulture),
            };
            script.Append(CultureInfo.InvariantCulture, $"({i}, {g}, {k}, {u}, {Real(random, spread)})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 6) == 0).ToHashSet();
        // Segments past a chunk's 4,096 rows make morsels of several chunks.
        var segmentRows = random.Next(0, 3) switch { 0 => random.Next(1, 60), 1 => random.Next(200, 1500), _ => random.Next(4100, 6000) };
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        string[] filters = ["", "WHERE r > 0", $"WHERE id > {rows / 2}", $"WHERE id < {rows / 3} OR id > {rows * 2 / 3}", "WHERE id % 7 = 3", "WHERE id < 0"];
        for (var q = 0; q < 3; q++)
        {
            var filter = filters[random.Next(filters.Length)];
            string[] queries =
            [
                $"SELECT count(DISTINCT u) FROM t {filter}",
                $"SELECT count(DISTINCT u), count(DISTINCT r), count(DISTINCT k) FROM t {filter}",
                $"SELECT count(DISTINCT u % 1000), count(DISTINCT r * 2), count(DISTINCT CAST(u AS REAL)) FROM t {filter}",
                $"SELECT g, count(DISTINCT u), count(DISTINCT r) FROM t {filter} GROUP BY g ORDER BY g",
                $"SELECT k, g, count(DISTINCT u) FROM t {filter} GROUP BY k, g ORDER BY k, g",
                $"SELECT id % 97, count(DISTINCT k) FROM t {filter} GROUP BY 1 ORDER BY 1",
                $"SELECT count(DISTINCT u) AS c, k FROM t {filter} GROUP BY k ORDER BY c DESC, k LIMIT 3",

                // One group in the first morsels, more later: the one-group sets turn into pair sets part way (0 among the keys).
                $"SELECT id * 3 / {rows + 1} AS third, count(DISTINCT u % 3), count(DISTINCT k), count(DISTINCT r), sum(k) FROM t {filter} GROUP BY 1 ORDER BY 1",
                $"SELECT count(DISTINCT u % 3), count(DISTINCT k - 1), count(DISTINCT r) FROM t {filter} HAVING count(DISTINCT k) > 1",

                // MIN/MAX(DISTINCT …) run as MIN/MAX.
                $"SELECT g, min(DISTINCT u), max(DISTINCT r), count(DISTINCT u) FROM t {filter} GROUP BY g ORDER BY g",
                $"SELECT min(DISTINCT CASE k WHEN 0 THEN 1 WHEN 1 THEN 1.0 WHEN 2 THEN '1' ELSE r END), max(DISTINCT g), max(DISTINCT u) FROM t {filter}",

                // Dynamic values and texts.
                $"SELECT count(DISTINCT CASE k WHEN 0 THEN 1 WHEN 1 THEN 1.0 WHEN 2 THEN '1' ELSE r END), count(DISTINCT u) FROM t {filter}",
                $"SELECT k, count(DISTINCT g), count(DISTINCT u) FROM t {filter} GROUP BY k ORDER BY k",
            ];
            foreach (var sql in queries)
            {
                oracle.AssertSameAtEveryDegree(sql);
            }
        }
    }

    private static string Real(Random random, int spread) => random.Next(0, 10) switch
    {
        0 => "NULL",
        1 => "-0.0",
        2 => "0.0",
        _ => spread == int.MaxValue
            ? (random.Next(-400, 400) / 8.0 + (random.Next(0, 1000) * 1e-7)).ToString("R", CultureInfo.InvariantCulture)
            : (random.Next(-spread, spread) / 4.0).ToString("R", CultureInfo.InvariantCulture),
    };
}
