using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Shapes;

/// <summary>
/// Aggregates in a subquery whose arguments read only enclosing queries' columns: SQLite makes them
/// aggregates of the innermost enclosing query whose columns they read. Compared with SQLite.
/// </summary>
public sealed class OuterAggregateTests
{
    [Theory]
    [InlineData("SELECT (SELECT sum(t.x)) FROM t")]
    [InlineData("SELECT (SELECT sum(t.x) FROM u) FROM t")]
    [InlineData("SELECT a, (SELECT count(t.b) FROM u WHERE u.k = t.a) FROM t GROUP BY a ORDER BY a")]
    [InlineData("SELECT a, (SELECT count(t.b)) FROM t GROUP BY a ORDER BY a")]
    [InlineData("SELECT a FROM t GROUP BY a HAVING (SELECT sum(t.x)) > 250 ORDER BY a")]
    [InlineData("SELECT a FROM t GROUP BY a HAVING (SELECT sum(t.x)) > 350 ORDER BY a")]
    [InlineData("SELECT (SELECT sum(t.x) + u.v FROM u) FROM t")]
    [InlineData("SELECT (SELECT sum(t.x + u.v) FROM u) FROM t")]
    [InlineData("SELECT (SELECT max(t.x) FROM u WHERE u.k = 1) FROM t ORDER BY 1")]
    [InlineData("SELECT a, (SELECT sum(t.x) FROM u WHERE u.k = t.a) FROM t GROUP BY a ORDER BY a")]
    [InlineData("SELECT a, (SELECT (SELECT sum(t.x))) FROM t GROUP BY a ORDER BY a")]
    [InlineData("SELECT a, (SELECT sum(t.x) FROM u GROUP BY u.k) FROM t GROUP BY a ORDER BY a")]
    [InlineData("SELECT (SELECT sum(t.x) FILTER (WHERE t.a > 1)) FROM t")]
    [InlineData("SELECT (SELECT sum(t.x) FILTER (WHERE u.k > 1) FROM u) FROM t")]
    [InlineData("SELECT a, b, (SELECT sum(t.x)) FROM t")]
    [InlineData("SELECT sum(t.x), (SELECT sum(t.x)) FROM t")]
    [InlineData("SELECT (SELECT sum(t.x)) FROM t GROUP BY a ORDER BY (SELECT sum(t.x)), 1")]
    [InlineData("SELECT a FROM t GROUP BY a ORDER BY (SELECT sum(t.x)) DESC, a")]
    [InlineData("SELECT (SELECT min(t.x) WHERE 0) FROM t")]
    [InlineData("SELECT (SELECT sum(t.x)) FROM t WHERE a > 5")]
    [InlineData("SELECT (SELECT count(DISTINCT t.a)) FROM t")]
    [InlineData("SELECT (SELECT group_concat(t.a, '-')) FROM t")]
    [InlineData("SELECT (SELECT sum(s.x) FROM t AS s WHERE s.a = t.a), (SELECT sum(t.x)) FROM t")]
    [InlineData("SELECT (SELECT sum(t.x) FROM u LIMIT 0) FROM t")]
    [InlineData("SELECT (SELECT sum(t.x) FROM u WHERE 0) FROM t")]
    [InlineData("SELECT (SELECT total(t.x) FROM u) FROM t WHERE 0")]
    [InlineData("SELECT (SELECT count(t.x) FROM u) FROM t WHERE 0")]
    [InlineData("SELECT a, (SELECT sum(t.x) FROM u WHERE u.k = t.a) FROM t")]
    [InlineData("SELECT (SELECT v FROM u WHERE v > (SELECT sum(t.x)) / 100) FROM t")]
    [InlineData("SELECT (SELECT count(t.a) FROM u WHERE u.k = (SELECT max(t.b))) FROM t")]
    [InlineData("SELECT (SELECT sum(t.x) + count(*) FROM u) FROM t")]
    [InlineData("SELECT (SELECT avg(t.x) FROM u) FROM t WHERE t.a = 1")]
    [InlineData("SELECT count(*), (SELECT sum(t.x) + sum(t.b)) FROM t")]
    [InlineData("SELECT (SELECT sum(t.x)) AS m FROM t GROUP BY a HAVING m > 250 ORDER BY a")]
    [InlineData("SELECT a, (SELECT sum(t.x) FROM u WHERE u.k = t.a) FROM t GROUP BY a HAVING (SELECT sum(t.x) FROM u WHERE u.k = t.a) > 0 ORDER BY a")]
    [InlineData("SELECT EXISTS (SELECT sum(t.x) FROM u WHERE u.k = 4) FROM t")]
    [InlineData("SELECT 1 IN (SELECT count(t.x) FROM u) FROM t")]
    [InlineData("SELECT (SELECT min(t.x) FROM u), max(t.b) FROM t")]
    [InlineData("SELECT (SELECT count(t.a) WHERE t.a > 1) FROM t")]
    [InlineData("SELECT DISTINCT (SELECT count(t.a)) FROM t")]
    [InlineData("WITH w AS (SELECT (SELECT sum(t.x)) AS m FROM t) SELECT * FROM w")]
    [InlineData("SELECT (SELECT max(s.x) FROM t AS s WHERE s.a = t.a GROUP BY s.a) FROM t")]
    [InlineData("SELECT (SELECT sum(t.x) OVER () FROM u) FROM t")]
    [InlineData("SELECT (SELECT s FROM (SELECT sum(t.x) AS s)) FROM t")]
    [InlineData("SELECT (SELECT min(t.s) FROM u) FROM t")]
    [InlineData("SELECT (SELECT u.k FROM u ORDER BY sum(t.x)) FROM t")]
    [InlineData("SELECT (SELECT 1 FROM u GROUP BY sum(t.x)) FROM t")]
    [InlineData("SELECT (SELECT count(*) FROM u WHERE u.k = t.a) FROM t")]
    public void Matches_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(ShapeScript.Tables);
        oracle.AssertSame(sql);
    }

    [Theory]
    [InlineData("SELECT a FROM t WHERE (SELECT sum(t.x)) > 0")]
    [InlineData("SELECT a FROM t GROUP BY (SELECT sum(t.x))")]
    [InlineData("SELECT (SELECT 1 FROM u WHERE sum(t.x) > 0) FROM t")]
    [InlineData("SELECT (SELECT 1 FROM u HAVING sum(t.x) > 0) FROM t")]
    [InlineData("SELECT sum((SELECT sum(t.x))) FROM t")]
    [InlineData("SELECT (SELECT sum(t.x) FROM u WHERE u.k > sum(t.x)) FROM t")]
    [InlineData("SELECT * FROM t JOIN u ON (SELECT sum(t.x)) > 0")]
    [InlineData("SELECT (SELECT sum(t.x)), row_number() OVER () FROM t")]
    [InlineData("SELECT 1 FROM u HAVING 1")]
    [InlineData("SELECT k FROM u HAVING k > 1")]
    public void Errors_are_sqlites(string sql)
    {
        using var oracle = new ScriptOracle(ShapeScript.Tables);
        oracle.AssertSame(sql);
    }
}
