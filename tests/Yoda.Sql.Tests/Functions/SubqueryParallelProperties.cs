using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: filters with subqueries over tables cut into many small segments give SQLite's answers
/// at 1, 2 and 8 threads. Uncorrelated IN, NOT IN, EXISTS and scalar subqueries are parallel-safe
/// (they run once, and their result is only read), so the scan's morsels run on several threads;
/// correlated ones stay serial.
/// </summary>
public sealed class SubqueryParallelProperties
{
    [Property(MaxTest = 20)]
    public void Subquery_filters_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 4) == 0 ? random.Next(0, 30) : random.Next(1000, 4000);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, g TEXT, v INTEGER, p REAL);");
        script.Append("CREATE TABLE u(id INTEGER PRIMARY KEY, k INTEGER, w INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var k = random.Next(0, 10) == 0 ? "NULL" : random.Next(0, 60).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {k}, '{(char)('a' + random.Next(0, 4))}', {random.Next(-50, 50)}, {random.Next(-400, 400) / 8.0:R})");
            script.Append(i % 500 == 499 || i == rows - 1 ? ";" : "");
        }

        var withNull = random.Next(0, 3) == 0;
        for (var i = 0; i < 40; i++)
        {
            var k = withNull && i == 7 ? "NULL" : random.Next(0, 80).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"INSERT INTO u VALUES ({i}, {k}, {random.Next(-5, 5)});");
        }

        var segmentRows = random.Next(0, 2) == 0 ? random.Next(1, 50) : random.Next(100, 900);
        using var oracle = new ScriptOracle(script.ToString(), table => TableLayouts.Every(table, segmentRows));
        string[] queries =
        [
            "SELECT count(*), sum(v) FROM t WHERE k IN (SELECT k FROM u WHERE w > 0)",
            "SELECT id, k, g FROM t WHERE k IN (SELECT k FROM u) AND v > 0 ORDER BY id",
            "SELECT g, count(*), sum(p) FROM t WHERE k NOT IN (SELECT k FROM u WHERE w < 3) GROUP BY g ORDER BY g",
            "SELECT count(*) FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.k = t.k)",
            "SELECT g, count(*), total(p) FROM t WHERE p > (SELECT avg(p) FROM t) GROUP BY g ORDER BY g",
            "SELECT count(*), sum(v) FROM t WHERE v > (SELECT min(w) FROM u WHERE u.k = t.k)",
        ];
        foreach (var sql in queries)
        {
            oracle.AssertSameAtEveryDegree(sql);
        }
    }
}
