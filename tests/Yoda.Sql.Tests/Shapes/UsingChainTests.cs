using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Shapes;

/// <summary>
/// USING and NATURAL in FROM lists with RIGHT and FULL joins, more than two tables: the join
/// conditions, unqualified names, <c>*</c> and <c>t.*</c> as SQLite builds them, compared with SQLite.
/// </summary>
public sealed class UsingChainTests
{
    [Theory]
    [InlineData("SELECT * FROM a FULL JOIN b USING (x) JOIN c USING (x) ORDER BY 1, 2, 3, 4")]
    [InlineData("SELECT x FROM a FULL JOIN b USING (x) JOIN c USING (x) ORDER BY 1")]
    [InlineData("SELECT * FROM a FULL JOIN b USING (x) FULL JOIN c USING (x) ORDER BY 1, 2, 3, 4")]
    [InlineData("SELECT x, a.x, b.x, c.x FROM a FULL JOIN b USING (x) FULL JOIN c USING (x) ORDER BY 1, 2, 3, 4")]
    [InlineData("SELECT * FROM a RIGHT JOIN b USING (x) LEFT JOIN c USING (x) ORDER BY 1, 2, 3, 4")]
    [InlineData("SELECT * FROM a RIGHT JOIN b USING (x) RIGHT JOIN c USING (x) ORDER BY 1, 2, 3, 4")]
    [InlineData("SELECT * FROM a NATURAL FULL JOIN b NATURAL FULL JOIN c ORDER BY 1, 2, 3, 4")]
    [InlineData("SELECT * FROM a FULL JOIN b USING (x) FULL JOIN c USING (x) FULL JOIN d USING (x) ORDER BY 1, 2, 3, 4, 5")]
    [InlineData("SELECT x FROM a FULL JOIN b USING (x) FULL JOIN c USING (x) FULL JOIN d USING (x) ORDER BY 1")]
    [InlineData("SELECT * FROM a JOIN b USING (x) FULL JOIN c USING (x) ORDER BY 1, 2, 3, 4")]
    [InlineData("SELECT * FROM a LEFT JOIN b USING (x) RIGHT JOIN c USING (x) ORDER BY 1, 2, 3, 4")]
    [InlineData("SELECT * FROM a LEFT JOIN b USING (x) FULL JOIN c USING (x) RIGHT JOIN d USING (x) ORDER BY 1, 2, 3, 4, 5")]
    [InlineData("SELECT a.*, c.* FROM a FULL JOIN b USING (x) JOIN c USING (x) ORDER BY 1, 2, 3, 4")]
    [InlineData("SELECT b.* FROM a FULL JOIN b USING (x) JOIN c USING (x) ORDER BY 1, 2")]
    [InlineData("SELECT b.* FROM a FULL JOIN b USING (x) FULL JOIN c USING (x) ORDER BY 1, 2")]
    [InlineData("SELECT c.* FROM a FULL JOIN b USING (x) FULL JOIN c USING (x) ORDER BY 1, 2")]
    [InlineData("SELECT x, count(*) FROM a FULL JOIN b USING (x) FULL JOIN c USING (x) GROUP BY x ORDER BY x")]
    [InlineData("SELECT p, q FROM a FULL JOIN b USING (x) FULL JOIN c USING (x) WHERE x > 1 ORDER BY x")]
    [InlineData("SELECT (SELECT group_concat(x) FROM (SELECT x FROM a FULL JOIN b USING (x) ORDER BY x)) FROM c")]
    [InlineData("SELECT (SELECT r FROM c WHERE c.x = x) FROM a FULL JOIN b USING (x) ORDER BY 1")]
    [InlineData("SELECT * FROM a JOIN b USING (x) JOIN c USING (x) ORDER BY 1")]
    [InlineData("SELECT * FROM a FULL JOIN b USING (x) JOIN c ON c.x = b.x ORDER BY 1, 2, 3, 4, 5")]
    [InlineData("SELECT * FROM a FULL JOIN b USING (x) CROSS JOIN e ORDER BY 1, 2, 3, 4, 5")]
    [InlineData("SELECT * FROM a, b FULL JOIN c USING (x)")]
    [InlineData("SELECT * FROM a FULL JOIN b ON a.x = b.x JOIN c USING (x)")]
    [InlineData("SELECT * FROM a FULL JOIN b USING (x), c")]
    [InlineData("SELECT * FROM a JOIN b USING (x) FULL JOIN c ON a.x = c.x")]
    [InlineData("SELECT * FROM a NATURAL LEFT JOIN b RIGHT JOIN c ON a.x = c.x")]
    [InlineData("SELECT * FROM a, b JOIN c USING (x) FULL JOIN d ON 1")]
    [InlineData("SELECT x FROM a, b JOIN c USING (x) ORDER BY 1")]
    [InlineData("SELECT * FROM a JOIN b USING (x) JOIN c USING (x) RIGHT JOIN d USING (x) ORDER BY 1, 2, 3, 4, 5")]
    [InlineData("SELECT * FROM a AS p FULL JOIN a AS q USING (x, p) FULL JOIN b USING (x) ORDER BY 1, 2, 3")]
    [InlineData("SELECT x || '', typeof(x), y, p, r FROM e FULL JOIN a USING (x) FULL JOIN c USING (x) ORDER BY 1, 2, 3, 4, 5")]
    [InlineData("SELECT * FROM a RIGHT JOIN a AS u USING (x) RIGHT JOIN a AS v USING (x) ORDER BY 1, 2, 3, 4")]
    public void Matches_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(ShapeScript.Tables);
        oracle.AssertSame(sql);
        oracle.AssertSameColumnNames(sql);
    }
}
