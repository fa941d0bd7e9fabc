using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Shapes;

/// <summary>LIMIT and OFFSET expressions that read no row, evaluated once before the query, against SQLite.</summary>
public sealed class LimitExpressionTests
{
    [Theory]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT (SELECT count(*) FROM t) / 2")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT 1 OFFSET (SELECT count(*) FROM u) - 2")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT (SELECT count(*) FROM u) OFFSET (SELECT max(k) FROM u) - 1")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT (SELECT '2')")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT (SELECT ' 2 ')")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT (SELECT 2.0)")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT -(SELECT 1)")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT (SELECT count(*) FROM t) * 1.0")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT abs(-2) OFFSET length('x')")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT 9.1e18")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT 9223372036854774784.0 OFFSET 1")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT (SELECT '9.1e18')")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT -9.2e18 OFFSET -9.2e18")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT 2 OFFSET (SELECT '-9223372036854775808')")]
    [InlineData("SELECT a FROM t ORDER BY x LIMIT (SELECT min(v) FROM u WHERE v > 6) - 5, 2")]
    [InlineData("SELECT a FROM t UNION SELECT k FROM u ORDER BY 1 LIMIT (SELECT count(*) FROM u) - 1")]
    [InlineData("SELECT (SELECT group_concat(v) FROM (SELECT v FROM u ORDER BY v LIMIT (SELECT count(*) FROM t) - 2)) FROM t")]
    [InlineData("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT (SELECT count(*) FROM t)) SELECT i FROM n")]
    public void Matches_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(ShapeScript.Tables);
        oracle.AssertSame(sql);
    }

    [Theory]
    [InlineData("SELECT a FROM t LIMIT (SELECT 2.5)")]
    [InlineData("SELECT a FROM t LIMIT (SELECT NULL)")]
    [InlineData("SELECT a FROM t LIMIT (SELECT x'01')")]
    [InlineData("SELECT a FROM t LIMIT (SELECT k FROM u WHERE k > 5)")]
    [InlineData("SELECT a FROM t LIMIT (SELECT 1e30)")]
    [InlineData("SELECT a FROM t LIMIT 9223372036854775807 + 1")]
    [InlineData("SELECT a FROM t LIMIT 9.223372036854775807e18")]
    [InlineData("SELECT a FROM t LIMIT -9.223372036854775808e18")]
    [InlineData("SELECT a FROM t LIMIT 1 OFFSET (SELECT '-9.223372036854775808e18')")]
    [InlineData("SELECT a FROM t LIMIT 1 OFFSET (SELECT 'x')")]
    public void Values_that_are_not_integers_are_a_datatype_mismatch_as_in_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(ShapeScript.Tables);
        var sqlite = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => oracle.Sqlite(sql));
        Assert.Contains("datatype mismatch", sqlite.Message, StringComparison.Ordinal);
        var error = Assert.ThrowsAny<YodaException>(() => oracle.Yoda(sql));
        Assert.StartsWith("datatype mismatch", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT a FROM t LIMIT a")]
    [InlineData("SELECT (SELECT v FROM u LIMIT t.a) FROM t")]
    [InlineData("SELECT a FROM t LIMIT count(*)")]
    public void Limits_cannot_read_columns_as_in_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(ShapeScript.Tables);
        oracle.AssertSame(sql);
    }
}
