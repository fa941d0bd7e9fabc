using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: ungrouped REAL sums, whose stored chunks of consecutive rows without NULLs are added in eight TwoSum lanes
/// (<c>RealSumLanes</c>) and the rest one value after another, give SQLite's answers at 1, 2 and 8 threads: SUM, TOTAL
/// and AVG of REALs of mixed magnitudes and signs (decimals, values around 1e16 and 2^53 whose compensated sums depend on
/// the order, tiny ones), of columns with and without NULLs, now and then an infinity, with deleted rows (chunks that
/// are not consecutive), with and without a filter, and beside INTEGER sums and counts.
/// </summary>
public sealed class RealSumLaneProperties
{
    [Property(MaxTest = 25)]
    public void Ungrouped_real_sums_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(3000, 20000);
        var infinities = random.Next(0, 4) == 0;
        var hard = random.Next(0, 2) == 0;
        string Real() => random.Next(0, 12) switch
        {
            0 when hard => (random.Next(0, 2) == 0 ? "1e16" : "-1e16"),
            1 when hard => (9007199254740993L - random.Next(0, 4)).ToString(CultureInfo.InvariantCulture) + ".0",
            2 when hard => (random.NextDouble() * 1e-16).ToString("R", CultureInfo.InvariantCulture),
            3 when infinities && random.Next(0, 2000) == 0 => random.Next(0, 2) == 0 ? "9e999" : "-9e999",
            4 => "-0.0",
            _ => (random.Next(-1_000_000, 1_000_000) / 100.0).ToString("R", CultureInfo.InvariantCulture),
        };

        var nullsInS = random.Next(0, 2) == 0;
        var deleted = new HashSet<int>();
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, r REAL, s REAL);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var s = nullsInS && random.Next(0, 40) == 0 ? "NULL" : Real();
            script.Append(CultureInfo.InvariantCulture, $"({i}, {random.Next(-1000, 1000)}, {Real()}, {s})");
            if (random.Next(0, 30) == 0)
            {
                deleted.Add(i);
            }

            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        if (random.Next(0, 2) == 0)
        {
            deleted.Clear();
        }

        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), random.Next(4096, 20000), deleted);
        var filter = random.Next(0, 3) switch { 0 => "", 1 => "WHERE id % 7 <> 3", _ => "WHERE a < 600" };
        oracle.AssertSameAtEveryDegree($"SELECT SUM(r), TOTAL(r), AVG(r), COUNT(r) FROM t {filter}");
        oracle.AssertSameAtEveryDegree($"SELECT SUM(s), AVG(s), SUM(a), AVG(a), COUNT(*) FROM t {filter}");
        oracle.AssertSameAtEveryDegree($"SELECT SUM(r), AVG(s), TOTAL(r * 2) FROM t {filter}");
    }
}
