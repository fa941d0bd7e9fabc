using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Queries;

/// <summary>UNION [ALL], INTERSECT, EXCEPT and VALUES, compared with SQLite (rows in SQLite's order).</summary>
public sealed class CompoundTests : IDisposable
{
    private readonly ScriptOracle _oracle = new(QueryTestData.Script);

    public void Dispose() => _oracle.Dispose();

    [Theory]
    [InlineData("SELECT x FROM a UNION SELECT x FROM b")]
    [InlineData("SELECT x FROM a UNION ALL SELECT x FROM b")]
    [InlineData("SELECT x FROM a INTERSECT SELECT x FROM b")]
    [InlineData("SELECT x FROM a EXCEPT SELECT x FROM b")]
    [InlineData("SELECT x FROM b EXCEPT SELECT x FROM a")]
    [InlineData("SELECT id, x FROM a UNION SELECT id, x FROM b ORDER BY 2 DESC, 1")]
    [InlineData("SELECT x AS k FROM a UNION ALL SELECT id FROM b ORDER BY k LIMIT 4 OFFSET 2")]
    [InlineData("SELECT x FROM a UNION SELECT x FROM b EXCEPT SELECT x FROM c")]
    [InlineData("SELECT x FROM a EXCEPT SELECT x FROM c UNION SELECT x FROM b")]
    [InlineData("SELECT x FROM a UNION ALL SELECT x FROM b INTERSECT SELECT x FROM c")]
    [InlineData("SELECT x FROM c INTERSECT SELECT x FROM b UNION ALL SELECT id FROM e UNION ALL SELECT 7")]
    [InlineData("SELECT s FROM a UNION SELECT z FROM c")]
    [InlineData("SELECT NULL UNION SELECT NULL UNION SELECT 1")]
    [InlineData("SELECT y FROM b UNION SELECT x FROM a")]
    [InlineData("SELECT 1, 2 UNION SELECT 1")]
    [InlineData("SELECT x FROM a UNION SELECT x FROM b ORDER BY 2")]
    [InlineData("SELECT x FROM a UNION SELECT x FROM b ORDER BY nosuch")]
    [InlineData("SELECT count(*) FROM (SELECT x FROM a UNION SELECT x FROM b)")]
    [InlineData("SELECT id FROM a WHERE x IN (SELECT x FROM b UNION SELECT x FROM c) ORDER BY id")]
    [InlineData("SELECT DISTINCT x FROM a UNION ALL SELECT DISTINCT x FROM b ORDER BY 1")]
    [InlineData("VALUES (1, 'a'), (2, 'b'), (NULL, 'c')")]
    [InlineData("VALUES (1), (2.5)")]
    [InlineData("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) ORDER BY column1 DESC")]
    [InlineData("SELECT column2 FROM (VALUES (1, 'a'), (2, 'b')) AS v WHERE v.column1 = 2")]
    [InlineData("WITH v(n, name) AS (VALUES (1, 'x'), (2, 'y')) SELECT name FROM v WHERE n = 2")]
    [InlineData("SELECT 5 UNION VALUES (1), (5)")]
    [InlineData("VALUES (1, 2), (3)")]
    [InlineData("SELECT id FROM a WHERE id IN (VALUES (2), (4)) ORDER BY id")]
    public void Same_as_sqlite(string sql) => _oracle.AssertSame(sql);

    [Theory]
    [InlineData("VALUES (3), (1), (2) ORDER BY 1")]
    [InlineData("SELECT 1 UNION VALUES (2) LIMIT 1")]
    public void Order_by_or_limit_after_values_is_a_syntax_error_as_in_sqlite(string sql)
    {
        Assert.Throws<SqlParseException>(() => _oracle.Yoda(sql));
        Assert.ThrowsAny<Microsoft.Data.Sqlite.SqliteException>(() => _oracle.Sqlite(sql));
    }

    [Theory]
    [InlineData("SELECT x AS k FROM a UNION SELECT id AS other FROM b")]
    [InlineData("VALUES (1, 2)")]
    public void Column_names_are_sqlites(string sql) => _oracle.AssertSameColumnNames(sql);
}
