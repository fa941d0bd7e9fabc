using Yoda.Sql.Parsing;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Shapes;

/// <summary>Row values <c>(a, b)</c> in comparisons, BETWEEN, IN and CASE, and SQLite's errors for their misuse. Compared with SQLite 3.53.</summary>
public sealed class RowValueTests
{
    [Theory]
    [InlineData("SELECT (1, 2) = (1, 2), (1, 2) = (1, 3), (1, NULL) = (1, 2), (1, NULL) = (2, 2), (1, 2) <> (1, NULL), (2, 2) <> (1, NULL)")]
    [InlineData("SELECT (1, NULL) < (2, 0), (1, NULL) < (1, 2), (1, 2) < (1, 3), (1, 3) <= (1, 3), (2, 1) > (1, 5), (1, 2, 3) >= (1, 2, NULL), (1, 2, 3) > (1, 2, NULL)")]
    [InlineData("SELECT (NULL, 1) < (2, 0), (1, 2, 3) < (1, 2, 4), (1, 3, 0) < (1, 2, 9), (1, 2) > (1, 2) OR (3, 4) >= (3, 5)")]
    [InlineData("SELECT (1, NULL) IS (1, NULL), (1, 2) IS NOT (1, NULL), (1, 2) IS (1, 2)")]
    [InlineData("SELECT (1, 2) IS DISTINCT FROM (1, NULL), (1, 2) IS NOT DISTINCT FROM (1, NULL)")]
    [InlineData("SELECT (1, 2) == (1, 2), (1, 2) != (1, 2), NOT (1, 2) = (1, 2), (1, 2) = (1, 2) AND 1, ((1, 2)) = (1, 2)")]
    [InlineData("SELECT (1, 2) IN (SELECT 1, 2), (1, 3) IN (SELECT k, v FROM u), (1, 5) IN (SELECT k, v FROM u), (NULL, 8) IN (SELECT k, v FROM u), (3, 8) NOT IN (SELECT k, v FROM u)")]
    [InlineData("SELECT (1, 5) IN (VALUES (1, 5), (2, 6)), (1, 5) IN ((1, 5), (2, 6)), (1, 2) IN (), (1, 2) NOT IN ()")]
    [InlineData("SELECT (1, 2) = (SELECT 1, 2), (1, 2) = (SELECT k, v FROM u), (2, 6) = (SELECT k, v FROM u WHERE k = 2), (1, 2) < (SELECT k, v FROM u ORDER BY k DESC)")]
    [InlineData("SELECT (SELECT 1, 2) = (SELECT 1, 2), (SELECT 1, 2) < (SELECT 1, 3), (SELECT 1, 2) IN (SELECT 1, 2), (1, 2) = ((SELECT 1), 2)")]
    [InlineData("SELECT (2, 3) BETWEEN (1, 2) AND (3, 4), (1, 1) BETWEEN (1, 2) AND (3, 4)")]
    [InlineData("SELECT CASE (1, 2) WHEN (1, 2) THEN 'y' ELSE 'n' END")]
    [InlineData("SELECT * FROM t WHERE (a, b) = (1, 20)")]
    [InlineData("SELECT * FROM t WHERE (a, b) > (1, 10) ORDER BY x")]
    [InlineData("SELECT * FROM t WHERE (a, s) IN (SELECT k, 'r' FROM u)")]
    [InlineData("SELECT a, (a, b) < (2, 0), (a, b) IS (1, NULL), (a, s) = (1, 'p') FROM t")]
    [InlineData("SELECT (1, 'a') = (1, 'A' COLLATE NOCASE), (1, '1') = (1, 1)")]
    [InlineData("SELECT CASE WHEN (a, b) = (1, 10) THEN 'y' END FROM t")]
    [InlineData("SELECT a, b, (SELECT count(*) FROM u WHERE (u.k, u.v) < (t.a, t.b)) FROM t")]
    [InlineData("SELECT a, b FROM t WHERE (a, b) IN (SELECT k, v * 5 FROM u) ORDER BY 1")]
    [InlineData("SELECT a, b FROM t WHERE (a, b) NOT IN (SELECT k, v * 5 FROM u) ORDER BY 1")]
    [InlineData("SELECT a, (a, x) IN (SELECT a, x FROM t AS q WHERE q.b > 10) FROM t")]
    [InlineData("SELECT a, (a, b) IN t, (a, b) IN (SELECT * FROM u) FROM t")]
    [InlineData("SELECT (a, b) = (SELECT * FROM u WHERE k = t.a) FROM t")]
    [InlineData("SELECT (x, '1') = (e.y, e.x), (y, x) = (1, 1), (y, x) = (1, '1'), (y, x) < (2, '0') FROM e")]
    [InlineData("SELECT (a, b) BETWEEN (1, 15) AND (2, 35), (a, b) NOT BETWEEN (1, 15) AND (2, 35) FROM t")]
    [InlineData("SELECT (a, s) IN (VALUES (1, 'P'), (2, 'r')), (s, a) = ('P' COLLATE NOCASE, 1) FROM t")]
    [InlineData("SELECT CASE (a, b) WHEN (1, 10) THEN 'x' WHEN (2, 30) THEN 'y' ELSE 'z' END FROM t")]
    [InlineData("SELECT * FROM t JOIN u ON (t.a, t.b / 10) = (u.k, u.k) ORDER BY 1")]
    [InlineData("SELECT count(*) FROM t WHERE (a, b) IN (SELECT a, b FROM t)")]
    [InlineData("SELECT (1, NULL) IN ((1, NULL)), (1, 3) IN ((2, 1)), (1, NULL) IN ((1, 2), (2, 2)), (1, NULL) NOT IN ((2, 1))")]
    [InlineData("SELECT (1, 2) IS (SELECT 1, 2), (1, NULL) IS NOT (SELECT 1, NULL), (1, 2) = (SELECT k, v FROM u WHERE 0)")]
    [InlineData("SELECT (a, b) >= (SELECT k, v FROM u WHERE u.k = t.a), (a, (SELECT max(v) FROM u)) = (1, 8), ((a, b) = (1, 10)) + 1 FROM t")]
    [InlineData("SELECT (s, s) = ('P', 'p' COLLATE NOCASE), (a, s) IN ((1, 'p')) FROM t")]
    [InlineData("SELECT (1, 2, 3) IN (SELECT 1, 2, 3), (1, 2, 3) IN (VALUES (1, 2, 3), (4, 5, 6)), (1, 2) IN (VALUES (1, 2) UNION SELECT 3, 4)")]
    [InlineData("SELECT a FROM t WHERE (a, x) > (SELECT k, v FROM u WHERE k = 2) ORDER BY 1")]
    [InlineData("SELECT sum((a, b) < (2, 25)) FROM t")]
    [InlineData("SELECT a, count(*) FROM t GROUP BY a HAVING (a, count(*)) = (1, 2)")]
    [InlineData("SELECT a FROM t ORDER BY (a, b) < (2, 0), a")]
    [InlineData("SELECT a, row_number() OVER (ORDER BY (a, b) > (1, 10)) FROM t ORDER BY 1, 2")]
    [InlineData("SELECT a, (a, b) IN (SELECT k, v FROM u UNION SELECT 1, 10) FROM t")]
    [InlineData("SELECT a FROM t WHERE (a, b) IN (SELECT k, max(v) * 5 FROM u GROUP BY k) ORDER BY a")]
    [InlineData("SELECT (SELECT (t.a, t.b) = (u.k, u.v) FROM u LIMIT 1), EXISTS (SELECT 1 FROM u WHERE (u.k, u.v) = (t.a, t.b / 2)) FROM t")]
    [InlineData("SELECT (1, 2) IN (SELECT 1, 2 UNION ALL SELECT NULL, 2), (NULL, 2) IN (SELECT 1, 2 UNION ALL SELECT NULL, 3), (1, 2) NOT IN (SELECT NULL, 3)")]
    [InlineData("SELECT (1, 2) NOT IN (SELECT 1, 2 WHERE 0), (NULL, NULL) IN (SELECT 1, 2 WHERE 0)")]
    [InlineData("SELECT (s, a) IN (SELECT 'P', 1) FROM t")]
    [InlineData("SELECT (x, y) IN (SELECT 1, 1.0), (x, y) IN (SELECT '1', 1), (y, x) IN (SELECT '1', 1) FROM e")]
    public void Matches_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(ShapeScript.Tables);
        oracle.AssertSame(sql);
    }

    [Theory]
    [InlineData("SELECT (1, 2)")]
    [InlineData("SELECT (1, 2) + 1")]
    [InlineData("SELECT 1 = (1, 2)")]
    [InlineData("SELECT (1, 2) = (1, 2, 3)")]
    [InlineData("SELECT (1, 2) = (SELECT 1)")]
    [InlineData("SELECT 1 IN (SELECT 1, 2)")]
    [InlineData("SELECT (1, 2) IN (SELECT 1)")]
    [InlineData("SELECT (1, 2) IN (1, 2)")]
    [InlineData("SELECT (1, 2) IN ((1, 2), 3)")]
    [InlineData("SELECT 1 IN ((1, 2))")]
    [InlineData("SELECT (1, 2) IS NULL")]
    [InlineData("SELECT max((1, 2))")]
    [InlineData("SELECT (a, b) FROM t")]
    [InlineData("SELECT count(*) FROM t GROUP BY (a, b)")]
    [InlineData("SELECT (a, b) BETWEEN 1 AND 2 FROM t")]
    public void Errors_are_sqlites(string sql)
    {
        using var oracle = new ScriptOracle(ShapeScript.Tables);
        oracle.AssertSame(sql);
    }

    [Fact]
    public void A_row_value_needs_two_items()
    {
        Assert.Throws<SqlParseException>(() => SqlParser.Parse("SELECT (1,)"));
    }
}
