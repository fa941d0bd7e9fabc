using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: a lower and an upper bound on one numeric column (<c>BETWEEN</c>, <c>&gt;= … AND &lt;</c>,
/// the bounds in either order, strict or not), which the scan tests in one pass
/// (<c>RangePredicate</c>), gives SQLite's answers at 1, 2 and 8 threads over small and large segments
/// with deleted rows: NULLs, INTEGER and REAL columns, empty ranges, bounds beyond every value, bounds
/// equal to stored values, and ranges next to other pushed predicates.
/// </summary>
public sealed class RangeScanProperties
{
    [Property(MaxTest = 20)]
    public void Range_scan_filters_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 5) == 0 ? random.Next(0, 30) : random.Next(500, 3000);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, r REAL, g TEXT);");
        for (var i = 0; i < rows; i++)
        {
            var k = random.Next(0, 10) == 0 ? "NULL" : random.Next(-50, 50).ToString(CultureInfo.InvariantCulture);
            var r = random.Next(0, 10) == 0 ? "NULL" : (random.Next(-400, 400) / 8.0).ToString("R", CultureInfo.InvariantCulture);
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            script.Append(CultureInfo.InvariantCulture, $"({i}, {k}, {r}, '{(char)('a' + random.Next(0, 4))}')");
            script.Append(i % 500 == 499 || i == rows - 1 ? ";" : "");
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 6) == 0).ToHashSet();
        var segmentRows = random.Next(0, 2) == 0 ? random.Next(1, 40) : random.Next(100, 900);
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        var (low, high) = (random.Next(-60, 40), random.Next(-40, 60));
        var (realLow, realHigh) = (random.Next(-400, 300) / 8.0, random.Next(-300, 400) / 8.0);
        string R(double d) => d.ToString("R", CultureInfo.InvariantCulture);
        string[] queries =
        [
            $"SELECT count(*), sum(k) FROM t WHERE k BETWEEN {low} AND {high}",
            $"SELECT id FROM t WHERE k >= {low} AND k < {high} ORDER BY id",
            $"SELECT id, k FROM t WHERE k < {high} AND k > {low} ORDER BY id",
            $"SELECT count(*) FROM t WHERE k <= {high} AND k >= {low} AND g <> 'b'",
            $"SELECT count(*), sum(k) FROM t WHERE k BETWEEN {high} AND {low}",
            "SELECT count(*) FROM t WHERE k BETWEEN -1000 AND 1000",
            "SELECT count(*) FROM t WHERE k BETWEEN 0 AND 0",
            $"SELECT count(*), total(r) FROM t WHERE r BETWEEN {R(realLow)} AND {R(realHigh)}",
            $"SELECT id FROM t WHERE r > {R(realLow)} AND r <= {R(realHigh)} ORDER BY id",
            $"SELECT g, count(*), sum(k) FROM t WHERE k > {low} AND k <= {high} AND r >= {R(realLow)} AND r < {R(realHigh)} GROUP BY g ORDER BY g",
            $"SELECT count(*) FROM t WHERE k >= {low} AND k >= {high}",
            $"SELECT count(*) FROM t WHERE k NOT BETWEEN {low} AND {high}",
            $"SELECT min(k), max(k) FROM t WHERE k BETWEEN {low}.5 AND {high}.5",
            $"SELECT id FROM t WHERE k BETWEEN {low} AND {high} AND g LIKE 'c%' ORDER BY id",
        ];
        foreach (var sql in queries)
        {
            oracle.AssertSameAtEveryDegree(sql);
        }
    }
}
