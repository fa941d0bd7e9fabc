using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: <c>column IN (uncorrelated subquery)</c> on an INTEGER column, which the scan tests
/// itself against the subquery's INTEGER members (a bitmap over their range, or a hash set when the
/// range is wide), gives SQLite's answers at 1, 2 and 8 threads over many small segments with deleted
/// rows: NULL keys and members, duplicate members, an empty subquery, members outside the scanned
/// keys' range, REAL and numeric TEXT members, joins above the scan (tpch-q18's shape), and a
/// subquery that fails only when a row reaches it.
/// </summary>
public sealed class InSubqueryScanProperties
{
    [Property(MaxTest = 20)]
    public void In_subquery_scan_filters_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 5) == 0 ? random.Next(0, 30) : random.Next(500, 3000);
        var members = random.Next(0, 6) == 0 ? 1 : random.Next(2, 80);

        // Narrow keys keep a bitmap; keys spread over 10^12 leave the scan a hash set.
        var spread = random.Next(0, 3) == 0 ? 1_000_000_000_000L : 1;
        string Key(int limit) => random.Next(0, 12) == 0 ? "NULL" : ((random.Next(-5, limit) * spread) + random.Next(0, 2)).ToString(CultureInfo.InvariantCulture);

        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v INTEGER, g TEXT);");
        script.Append("CREATE TABLE u(id INTEGER PRIMARY KEY, n INTEGER, r REAL, s TEXT, w INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            script.Append(CultureInfo.InvariantCulture, $"({i}, {Key(100)}, {random.Next(-20, 40)}, '{(char)('a' + random.Next(0, 4))}')");
            script.Append(i % 500 == 499 || i == rows - 1 ? ";" : "");
        }

        for (var i = 0; i < members; i++)
        {
            var n = Key(130);
            var r = random.Next(0, 4) switch { 0 => "NULL", 1 => "2.5", _ => $"{n} * 1.0" };
            var text = random.Next(0, 4) switch { 0 => "NULL", 1 => "'x'", _ => $"CAST({n} AS TEXT)" };
            script.Append(CultureInfo.InvariantCulture, $"INSERT INTO u VALUES ({i}, {n}, {r}, {text}, {random.Next(-3, 4)});");
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 6) == 0).ToHashSet();
        var segmentRows = random.Next(0, 2) == 0 ? random.Next(1, 40) : random.Next(100, 900);
        using var oracle = new ScriptOracle(
            script.ToString(),
            table => TableLayouts.Every(table, segmentRows, deleted),
            deleted.Count == 0 ? null : $"DELETE FROM t WHERE id IN ({string.Join(", ", deleted)}); DELETE FROM u WHERE id IN ({string.Join(", ", deleted)});");
        string[] queries =
        [
            "SELECT count(*), sum(v) FROM t WHERE k IN (SELECT n FROM u WHERE w > 0)",
            "SELECT id, k FROM t WHERE k IN (SELECT n FROM u UNION ALL SELECT 2.5 UNION ALL SELECT 'x' UNION ALL SELECT NULL) AND v > 0 ORDER BY id",
            "SELECT id FROM t WHERE k IN (SELECT n FROM u WHERE w > 100) ORDER BY id",
            "SELECT g, count(*) FROM t WHERE g < 'c' AND k IN (SELECT s FROM u) GROUP BY g ORDER BY g",
            "SELECT id FROM t WHERE k IN (SELECT r FROM u WHERE w <> 0) AND g LIKE 'b%' ORDER BY id",
            "SELECT count(*) FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.n = t.k AND u.w >= 0)",
            "SELECT t.k, count(*), sum(x.v) FROM t, u, t AS x WHERE t.k IN (SELECT k FROM t GROUP BY k HAVING count(*) > 1) AND u.n = t.k AND x.v = t.id GROUP BY t.k ORDER BY 1",
            "SELECT t.id, u.id FROM t LEFT JOIN u ON u.n = t.k WHERE t.k IN (SELECT n FROM u WHERE w > 0) ORDER BY 1, 2",
            "SELECT u.id, t.id FROM u JOIN t ON t.k = u.n AND t.k IN (SELECT s FROM u WHERE w < 2) ORDER BY 1, 2",
            "SELECT count(*) FROM t WHERE v > 1000 AND k IN (SELECT sum(z) FROM (SELECT 9223372036854775807 AS z UNION ALL SELECT 1))",
            "SELECT count(*) FROM t WHERE k IN (SELECT sum(z) FROM (SELECT 9223372036854775807 AS z UNION ALL SELECT 1)) AND g = 'b' AND g = 'c'",
            "SELECT count(*) FROM t WHERE v > 0 AND k IN (SELECT sum(z) FROM (SELECT 9223372036854775807 AS z UNION ALL SELECT 1))",
        ];
        foreach (var sql in queries)
        {
            oracle.AssertSameAtEveryDegree(sql);
        }
    }
}
