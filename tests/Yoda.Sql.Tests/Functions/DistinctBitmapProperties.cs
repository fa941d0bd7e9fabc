using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: COUNT, SUM and AVG(DISTINCT …) of INTEGERs of a dense range (held as bitmaps, see
/// GroupIntegerBitmap) give SQLite's answers in SQLite's row order at 1, 2 and 8 threads: ranges
/// near 0, negative, next to long.MinValue or long.MaxValue, narrow or 100,000 wide; NULLs; a range
/// that turns wide part way (a value far off in a late morsel: the bits set so far move into the hash
/// sets); few groups, groups first seen late, or hundreds of groups (bitmaps past their bound); deleted
/// rows; beside them dynamic values, the same as INTEGERs and as equal REALs.
/// </summary>
public sealed class DistinctBitmapProperties
{
    [Property(MaxTest = 20)]
    public void Distinct_integers_of_dense_ranges_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 6) == 0 ? random.Next(0, 40) : random.Next(2000, 12000);
        long[] origins = [0, -60_000, long.MinValue, long.MaxValue - 100_000, 1_000_000_000];
        var origin = origins[random.Next(origins.Length)];
        var width = random.Next(0, 3) switch { 0 => 50, 1 => 5_000, _ => 100_000 };
        // From this row on, now and then a value far from the range (never: the range stays dense).
        var wideFrom = random.Next(0, 2) == 0 ? int.MaxValue : random.Next(0, rows + 1);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, u INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var g = i > rows * 3 / 4 && random.Next(0, 3) == 0 ? 7 : random.Next(0, 3);
            long? u = random.Next(0, 10) == 0 ? null
                : i >= wideFrom && random.Next(0, 50) == 0 ? random.NextInt64(long.MinValue, long.MaxValue)
                : origin + random.Next(0, width);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {g}, {u?.ToString(CultureInfo.InvariantCulture) ?? "NULL"})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 6) == 0).ToHashSet();
        var segmentRows = random.Next(0, 3) switch { 0 => random.Next(1, 60), 1 => random.Next(200, 1500), _ => random.Next(4100, 6000) };
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        string[] filters = ["", $"WHERE id > {rows / 2}", "WHERE id % 7 = 3", "WHERE id < 0"];
        // SUM of values near long.MaxValue overflows in SQLite and Yoda alike; of u - origin (INTEGER arithmetic that wraps
        // only for the far values) it is the order-sensitive running sum of the values passed on, in row order.
        var shifted = $"u - ({origin})";
        // Dynamic values: 5.0, a REAL equal to the INTEGER 5, counts once with it.
        const string d = "CASE WHEN id % 3 = 0 THEN u % 1000 * 1.0 ELSE u % 1000 END";
        for (var q = 0; q < 2; q++)
        {
            var filter = filters[random.Next(filters.Length)];
            string[] queries =
            [
                $"SELECT count(DISTINCT u), count(DISTINCT {d}), count(*) FROM t {filter}",
                $"SELECT count(DISTINCT u), avg(DISTINCT {shifted} % 100000), total(DISTINCT u * 0.5) FROM t {filter}",
                $"SELECT g, count(DISTINCT u), sum(DISTINCT {shifted} % 100000), count(DISTINCT {d}) FROM t {filter} GROUP BY g ORDER BY g",
                $"SELECT count(DISTINCT u) AS c, g FROM t {filter} GROUP BY g ORDER BY c DESC, g LIMIT 2",
                $"SELECT id % 300, count(DISTINCT u) FROM t {filter} GROUP BY 1 ORDER BY 1",
                $"SELECT id * 3 / {rows + 1}, count(DISTINCT u) FROM t {filter} GROUP BY 1 ORDER BY 1",
            ];
            foreach (var sql in queries)
            {
                oracle.AssertSameAtEveryDegree(sql);
            }
        }
    }
}
