using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Queries;

/// <summary>WITH and WITH RECURSIVE, compared with SQLite; the guard that stops a runaway recursion.</summary>
public sealed class CteTests : IDisposable
{
    private readonly ScriptOracle _oracle = new(QueryTestData.Script);

    public void Dispose() => _oracle.Dispose();

    [Theory]
    [InlineData("WITH t AS (SELECT id, x FROM a WHERE x > 10) SELECT * FROM t ORDER BY id")]
    [InlineData("WITH t(k, v) AS (SELECT id, x FROM a) SELECT k, v FROM t WHERE v IS NULL")]
    [InlineData("WITH t AS (SELECT id, x FROM a), u AS (SELECT id, x * 2 AS x2 FROM t WHERE x > 10) SELECT u.id, t.x, u.x2 FROM u JOIN t ON u.id = t.id ORDER BY 1")]
    [InlineData("WITH t AS (SELECT x, count(*) AS n FROM b GROUP BY x) SELECT p.x, q.x FROM t AS p, t AS q WHERE p.n = q.n AND p.x < q.x ORDER BY 1, 2")]
    [InlineData("WITH a AS (SELECT 42 AS id) SELECT * FROM a")]
    [InlineData("SELECT (WITH m AS (SELECT max(x) AS v FROM b) SELECT v FROM m)")]
    [InlineData("SELECT id FROM a WHERE x IN (WITH t AS (SELECT x FROM b) SELECT x FROM t) ORDER BY id")]
    [InlineData("WITH t(a, b) AS (SELECT 1) SELECT * FROM t")]
    [InlineData("WITH t AS (SELECT 1), t AS (SELECT 2) SELECT * FROM t")]
    [InlineData("WITH RECURSIVE cnt(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM cnt WHERE n < 10) SELECT n FROM cnt")]
    [InlineData("WITH RECURSIVE cnt(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM cnt LIMIT 7) SELECT sum(n), count(*) FROM cnt")]
    [InlineData("WITH RECURSIVE cnt(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM cnt LIMIT 5 OFFSET 2) SELECT n FROM cnt")]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n % 3 + 1 FROM r) SELECT n FROM r ORDER BY n")]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n * 2 FROM r WHERE n < 100 UNION ALL SELECT n * 3 FROM r WHERE n < 100) SELECT count(*), sum(n) FROM r")]
    [InlineData("WITH RECURSIVE chain(id, depth) AS (SELECT 1, 0 UNION ALL SELECT b.id, chain.depth + 1 FROM chain JOIN b ON b.x = chain.id * 10 WHERE chain.depth < 3) SELECT * FROM chain ORDER BY 1, 2")]
    [InlineData("WITH RECURSIVE s(v) AS (SELECT 'a' UNION ALL SELECT v || 'b' FROM s WHERE length(v) < 4) SELECT v FROM s ORDER BY v DESC")]
    [InlineData("WITH RECURSIVE f(n, fact) AS (SELECT 1, 1 UNION ALL SELECT n + 1, fact * (n + 1) FROM f WHERE n < 10) SELECT fact FROM f WHERE n = 10")]
    public void Same_as_sqlite(string sql) => _oracle.AssertSame(sql);

    [Fact]
    public void A_cte_referenced_twice_is_computed_once()
    {
        var plan = _oracle.Explain("WITH t AS (SELECT id FROM a) SELECT count(*) FROM t AS p, t AS q");
        Assert.Equal(2, plan.Split('\n').Count(l => l.Contains("Scan t", StringComparison.Ordinal)));
        Assert.DoesNotContain("Scan a", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runaway_recursion_fails_with_a_clear_error()
    {
        var error = Assert.Throws<YodaException>(() => _oracle.Yoda("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"));
        Assert.Contains("recursive common table expression r stopped after", error.Message, StringComparison.Ordinal);
    }
}
