using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Shapes;

/// <summary>
/// ORDER BY (with LIMIT and OFFSET) inside a recursive CTE: SQLite takes the next row from a priority
/// queue, which decides the output order and, with LIMIT, which rows appear. Compared with SQLite.
/// </summary>
public sealed class RecursiveOrderTests
{
    private const string Tree = "WITH RECURSIVE r(n, d) AS (SELECT 1, 0 UNION ALL SELECT n * 2, d + 1 FROM r WHERE d < 3 UNION ALL SELECT n * 2 + 1, d + 1 FROM r WHERE d < 3 ";

    [Theory]
    [InlineData(Tree + "ORDER BY 2 DESC) SELECT n, d FROM r")]
    [InlineData(Tree + "ORDER BY 2 DESC LIMIT 5) SELECT n, d FROM r")]
    [InlineData(Tree + "ORDER BY 2 DESC LIMIT 5 OFFSET 2) SELECT n, d FROM r")]
    [InlineData(Tree + "ORDER BY 2 DESC, 1 DESC LIMIT 6) SELECT n, d FROM r")]
    [InlineData(Tree + "ORDER BY 2 LIMIT 4) SELECT n, d FROM r")]
    [InlineData(Tree + "ORDER BY 1 DESC LIMIT 3, 2) SELECT n, d FROM r")]
    [InlineData(Tree + "ORDER BY 2 DESC LIMIT 0) SELECT n, d FROM r")]
    [InlineData(Tree + "ORDER BY 2 DESC) SELECT count(*), sum(n) FROM r")]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT 1 AS v UNION ALL SELECT n + 1 FROM r WHERE n < 4 ORDER BY v DESC) SELECT n FROM r")]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 AS w FROM r WHERE n < 4 ORDER BY w) SELECT n FROM r")]
    [InlineData("WITH RECURSIVE r(s, n) AS (SELECT 'b', 1 UNION ALL SELECT s || 'a', n + 1 FROM r WHERE n < 3 UNION ALL SELECT s || 'B', n + 1 FROM r WHERE n < 3 ORDER BY 1 COLLATE NOCASE) SELECT s FROM r")]
    [InlineData("WITH RECURSIVE r(s, n) AS (SELECT 'b', 1 UNION ALL SELECT s || 'a', n + 1 FROM r WHERE n < 3 UNION ALL SELECT s || 'B', n + 1 FROM r WHERE n < 3 ORDER BY 1) SELECT s FROM r")]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT (n * 3) % 7 FROM r ORDER BY 1 DESC) SELECT n FROM r")]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT (n * 3) % 7 FROM r ORDER BY 1 LIMIT 4) SELECT n FROM r")]
    [InlineData("WITH RECURSIVE r(n, p) AS (SELECT 1, NULL UNION ALL SELECT n + 1, CASE WHEN n % 2 THEN n END FROM r WHERE n < 5 ORDER BY 2) SELECT n, p FROM r")]
    [InlineData("WITH RECURSIVE r(n, p) AS (SELECT 1, NULL UNION ALL SELECT n + 1, CASE WHEN n % 2 THEN n END FROM r WHERE n < 5 ORDER BY 2 DESC) SELECT n, p FROM r")]
    [InlineData("WITH RECURSIVE r(n) AS (VALUES (3), (1) UNION ALL SELECT n + 10 FROM r WHERE n < 20 ORDER BY 1) SELECT n FROM r")]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT a FROM t UNION ALL SELECT n + 10 FROM r WHERE n < 20 ORDER BY 1 DESC) SELECT n FROM r")]
    [InlineData("WITH RECURSIVE r(n, k) AS (SELECT k, v FROM u WHERE k IS NOT NULL UNION ALL SELECT n + 1, k * 2 FROM r WHERE n < 3 ORDER BY 2 DESC LIMIT 7) SELECT n, k FROM r")]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT 5 UNION ALL SELECT n - 1 FROM r WHERE n > 0 ORDER BY n) SELECT n FROM r")]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 4 ORDER BY n + 0) SELECT n FROM r")]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 4 ORDER BY 2) SELECT n FROM r")]
    public void Matches_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(ShapeScript.Tables);
        oracle.AssertSame(sql);
    }
}
