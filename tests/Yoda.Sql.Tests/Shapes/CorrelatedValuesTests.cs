using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Shapes;

/// <summary>A VALUES list in FROM that reads the enclosing query's columns, against SQLite (names, affinities, rows).</summary>
public sealed class CorrelatedValuesTests
{
    [Theory]
    [InlineData("SELECT (SELECT max(a) FROM (VALUES (t.a), (t.b))) FROM t")]
    [InlineData("SELECT (SELECT group_concat(a) || '/' || group_concat(b) FROM (VALUES (t.a, t.b), (7, 8))) FROM t")]
    [InlineData("SELECT (SELECT group_concat(column1) FROM (VALUES (t.a + 1), (t.b))) FROM t")]
    [InlineData("SELECT (SELECT group_concat(column1) FROM (VALUES (+t.a), (t.b))) FROM t")]
    [InlineData("SELECT (SELECT group_concat(a) FROM (VALUES (1, t.a), (t.b, 2))) FROM t")]
    [InlineData("SELECT (SELECT group_concat(column1) FROM (VALUES (1, t.a), (t.b, 2))) FROM t")]
    [InlineData("SELECT (SELECT group_concat(\"a:1\") FROM (VALUES (t.a, t.a), (t.b, 2))) FROM t")]
    [InlineData("SELECT (SELECT group_concat(a) FROM (VALUES (t.a COLLATE NOCASE), (t.b))) FROM t")]
    [InlineData("SELECT (SELECT group_concat(z.a) FROM (VALUES (t.a), (t.b)) AS z WHERE z.a IS NOT NULL) FROM t")]
    [InlineData("SELECT (SELECT group_concat(a) FROM (VALUES (t.a), (t.b)) WHERE a > '1') FROM t")]
    [InlineData("SELECT (SELECT group_concat(typeof(a)) FROM (VALUES (t.a), ('5')) WHERE a > 1) FROM t")]
    [InlineData("SELECT (SELECT group_concat(a) FROM (VALUES (s.a), (s.b), (s.a))) FROM t AS s")]
    [InlineData("SELECT (SELECT (SELECT group_concat(a) FROM (VALUES (t.a), (t.b)))) FROM t")]
    [InlineData("SELECT (SELECT group_concat(v) FROM (SELECT a AS v FROM (VALUES (t.a), (t.b)) ORDER BY a DESC)) FROM t")]
    [InlineData("SELECT (SELECT count(*) FROM (VALUES (t.a), (t.b)) AS v JOIN t AS w ON w.a = v.a) FROM t")]
    [InlineData("SELECT (SELECT group_concat(v) FROM (WITH w(v) AS (VALUES (t.a), (t.b)) SELECT v FROM w)) FROM t")]
    [InlineData("SELECT (SELECT sum(y) FROM (SELECT t.a AS y UNION ALL VALUES (t.b))) FROM t")]
    [InlineData("SELECT (SELECT group_concat(a) FROM (VALUES (t.a), (t.b) UNION SELECT 1)) FROM t")]
    [InlineData("SELECT (SELECT count(*) FROM (SELECT t.a UNION VALUES (t.a), (t.a))) FROM t")]
    [InlineData("SELECT (SELECT count(*) FROM (SELECT 1 UNION SELECT 2 UNION VALUES (t.a), (t.b))) FROM t")]
    [InlineData("SELECT (SELECT max(column1) FROM (VALUES (t.a), (t.b))) FROM t")]
    [InlineData("SELECT (SELECT 1 FROM (VALUES (t.a, 5), (t.b, 6)) WHERE column2 = 5) FROM t")]
    [InlineData("SELECT (SELECT * FROM (VALUES (t.a, 5), (t.b, 6))) FROM t")]
    public void Matches_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(ShapeScript.Tables);
        oracle.AssertSame(sql);
    }
}
