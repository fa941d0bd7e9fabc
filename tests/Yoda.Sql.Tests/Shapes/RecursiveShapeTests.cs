using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Shapes;

/// <summary>
/// Recursive CTEs whose recursive part changes a column's class, SQLite's choice of the recursive
/// terms (withExpand) and its errors for every other reference. Compared with SQLite 3.53; each query
/// must finish within seconds (a recursion that never sees a row again would run to its step limit).
/// </summary>
public sealed class RecursiveShapeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x || 'a' FROM r WHERE length(x) < 5) SELECT quote(x), typeof(x) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x || 'a' FROM r WHERE length(x) < 5 ORDER BY 1 DESC) SELECT quote(x), typeof(x) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x / 2.0 FROM r WHERE x > 0.1) SELECT x, typeof(x) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x / 2.0 FROM r WHERE x > 0.1) SELECT * FROM r WHERE x = 0.25")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x / 2.0 FROM r WHERE x > 0.1) SELECT DISTINCT typeof(x) FROM r ORDER BY 1")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION SELECT x * 1.0 FROM r) SELECT x, typeof(x) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1.0 UNION SELECT CAST(x AS INTEGER) FROM r) SELECT x, typeof(x) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT '1' UNION SELECT x + 0 FROM r) SELECT quote(x), typeof(x) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION SELECT x + 0.5 FROM r WHERE x < 3) SELECT x, typeof(x) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION SELECT CASE WHEN typeof(x) = 'integer' THEN x * 1.0 ELSE CAST(x AS INTEGER) END FROM r) SELECT x, typeof(x) FROM r")]
    [InlineData("WITH RECURSIVE r(n, v) AS (SELECT 0, 1 UNION ALL SELECT n + 1, CASE WHEN n % 2 = 0 THEN v * 1.5 ELSE CAST(v AS INTEGER) END FROM r WHERE n < 6) SELECT n, v, typeof(v) FROM r")]
    [InlineData("WITH RECURSIVE r(x, y) AS (SELECT 1, 'a' UNION ALL SELECT y, x FROM r LIMIT 5) SELECT quote(x), typeof(x), quote(y), typeof(y) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT NULL UNION ALL SELECT coalesce(x, 0) + 1 FROM r WHERE coalesce(x, 0) < 3) SELECT x, typeof(x) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x * 2 FROM r WHERE x < 1e30) SELECT count(*), max(x), typeof(max(x)) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 0.5 FROM r WHERE x < 3) SELECT sum(x), typeof(sum(x)), group_concat(x) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 'A' UNION SELECT lower(x) FROM r) SELECT x FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT s FROM t WHERE s = 'p' UNION SELECT upper(x) FROM r) SELECT x FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT a FROM t UNION ALL SELECT x + 1 FROM r WHERE x < 3) SELECT x FROM r WHERE x = '2'")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION SELECT 2 UNION SELECT x + 1 FROM r WHERE x < 4) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 EXCEPT SELECT 2 UNION ALL SELECT x + 1 FROM r WHERE x < 4) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 INTERSECT SELECT 2 UNION SELECT x + 1 FROM r WHERE x < 5) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL VALUES (7) UNION ALL SELECT x + 1 FROM r WHERE x < 3) SELECT * FROM r")]
    [InlineData("WITH r(x) AS (SELECT 1 UNION SELECT x + 1 FROM r WHERE x < 5) SELECT * FROM r")]
    [InlineData("WITH t(x) AS (SELECT 1 UNION SELECT x + 1 FROM t WHERE x < 5) SELECT * FROM t")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 INTERSECT SELECT x + 1 FROM r) SELECT 1")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 3), s(y) AS (SELECT 1 UNION ALL SELECT y + 1 FROM s, r WHERE y < x + 1) SELECT * FROM s")]
    [InlineData("WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a")]
    [InlineData("WITH a AS (SELECT * FROM u), u AS (SELECT 1) SELECT * FROM a")]
    [InlineData("WITH RECURSIVE a(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM a WHERE x < 3), b(x) AS (SELECT x * 10 FROM a) SELECT * FROM b")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 3) SELECT * FROM r AS p, r AS q ORDER BY 1, 2")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 3) SELECT * FROM r WHERE x IN (SELECT x + 1 FROM r)")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 3 LIMIT 2 OFFSET 1) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 'a' UNION SELECT x || 'b' FROM r WHERE length(x) < 3 UNION SELECT x || 'c' FROM r WHERE length(x) < 3) SELECT * FROM r ORDER BY 1")]
    [InlineData("WITH RECURSIVE r(x, y) AS (SELECT 1, 1.5 UNION SELECT x + 1, y FROM r WHERE x < 3) SELECT x, y, typeof(y) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT CAST(1 AS REAL) UNION ALL SELECT CAST(x AS INTEGER) + 1 FROM r WHERE x < 3) SELECT x, typeof(x) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT b FROM t WHERE a = 1 UNION SELECT x / 3 FROM r) SELECT x, typeof(x) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT NULL FROM r WHERE x IS NOT NULL) SELECT x, typeof(x) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION SELECT 1.0 FROM r) SELECT x, typeof(x) FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 'A' COLLATE NOCASE UNION SELECT 'a' FROM r) SELECT x FROM r")]
    public void Matches_sqlite(string sql) => Within(sql);

    [Theory]
    [InlineData("SELECT (WITH RECURSIVE r(n) AS (SELECT t.a UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT count(*) FROM r) FROM t")]
    [InlineData("SELECT (WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < t.a) SELECT count(*) FROM r) FROM t")]
    public void A_recursive_cte_reading_an_enclosing_query_is_refused(string sql)
    {
        using var oracle = new ScriptOracle(ShapeScript.Tables);
        Assert.NotEmpty(oracle.Sqlite(sql));
        var error = Assert.ThrowsAny<YodaException>(() => oracle.Yoda(sql));
        Assert.Contains("is not supported yet", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 INTERSECT SELECT x + 1 FROM r WHERE x < 5) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 EXCEPT SELECT x + 1 FROM r WHERE x < 5) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION SELECT 2 INTERSECT SELECT x + 1 FROM r WHERE x < 5) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION SELECT x + 1 FROM r WHERE x < 5 INTERSECT SELECT x FROM r) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 5 UNION SELECT 3) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION SELECT x + 1 FROM r WHERE x < 5 UNION ALL SELECT x + 2 FROM r WHERE x < 5) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 3 UNION ALL SELECT 10) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 INTERSECT SELECT x + 1 FROM r ORDER BY 1) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT x FROM r UNION SELECT 1) SELECT * FROM r")]
    [InlineData("WITH r(x) AS (SELECT 1 INTERSECT SELECT x + 1 FROM r WHERE x < 5) SELECT * FROM r")]
    [InlineData("WITH t(x) AS (SELECT a FROM t) SELECT * FROM t")]
    [InlineData("WITH RECURSIVE t(x) AS (SELECT a FROM t) SELECT * FROM t")]
    [InlineData("WITH u AS (SELECT * FROM u) SELECT * FROM u")]
    [InlineData("WITH a AS (SELECT * FROM b), b AS (SELECT * FROM a) SELECT * FROM a")]
    [InlineData("WITH a AS (SELECT 1 UNION ALL SELECT * FROM b), b AS (SELECT * FROM a) SELECT * FROM a")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT r.x + 1 FROM r, r AS q WHERE r.x < 4) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r JOIN r AS q USING (x) WHERE x < 3) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 4 AND x IN (SELECT x FROM r)) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 3 AND EXISTS (SELECT 1 FROM r AS q)) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT r.x + 1 FROM r, (SELECT x FROM r) AS q WHERE r.x < 4) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM (SELECT x FROM r) WHERE x < 4) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT (SELECT max(x) FROM r) FROM t) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT count(*) FROM r) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 3 GROUP BY x) SELECT * FROM r")]
    [InlineData("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 0.5 FROM r WHERE x < 3 ORDER BY x LIMIT 4) SELECT x FROM r")]
    public void Errors_are_sqlites(string sql) => Within(sql);

    private static void Within(string sql)
    {
        var run = Task.Run(() =>
        {
            using var oracle = new ScriptOracle(ShapeScript.Tables);
            oracle.AssertSame(sql);
        });
        Assert.True(run.Wait(Limit), $"still running after {Limit.TotalSeconds} s: {sql}");
    }
}
