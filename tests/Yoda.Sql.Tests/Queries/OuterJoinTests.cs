using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Queries;

/// <summary>RIGHT and FULL joins (SQLite 3.39+ semantics), compared with SQLite.</summary>
public sealed class OuterJoinTests : IDisposable
{
    private readonly ScriptOracle _oracle = new(QueryTestData.Script);

    public void Dispose() => _oracle.Dispose();

    [Theory]
    [InlineData("SELECT a.id, b.id, b.y FROM a RIGHT JOIN b ON a.id = b.id ORDER BY 2, 3, 1")]
    [InlineData("SELECT a.id, b.id FROM a RIGHT OUTER JOIN b ON a.x = b.x ORDER BY 2, 1")]
    [InlineData("SELECT a.id, b.id FROM a FULL JOIN b ON a.id = b.id ORDER BY 1, 2")]
    [InlineData("SELECT a.id, b.id FROM a FULL OUTER JOIN b ON a.x = b.x AND b.y > 1 ORDER BY 1, 2")]
    [InlineData("SELECT * FROM a FULL JOIN e ON a.id = e.id ORDER BY 1")]
    [InlineData("SELECT * FROM e FULL JOIN a ON a.id = e.id ORDER BY 2")]
    [InlineData("SELECT * FROM e RIGHT JOIN a ON 1 ORDER BY 2")]
    [InlineData("SELECT a.id, b.id FROM a RIGHT JOIN b ON a.id = b.id WHERE a.id IS NULL ORDER BY 2")]
    [InlineData("SELECT a.id, b.id FROM a RIGHT JOIN b ON a.id = b.id WHERE a.x > 10 ORDER BY 2")]
    [InlineData("SELECT a.id, b.id, c.z FROM a JOIN c ON a.x = c.x RIGHT JOIN b ON a.id = b.id ORDER BY 2, 1, 3")]
    [InlineData("SELECT a.id, b.id, c.z FROM a RIGHT JOIN b ON a.id = b.id LEFT JOIN c ON c.x = b.x ORDER BY 2, 1, 3")]
    [InlineData("SELECT a.id, b.id, c.z FROM a FULL JOIN b ON a.id = b.id JOIN c ON c.x = coalesce(a.x, b.x) ORDER BY 1, 2, 3")]
    [InlineData("SELECT b.x, count(a.id), count(*) FROM a RIGHT JOIN b ON a.x = b.x GROUP BY b.x ORDER BY 1")]
    [InlineData("SELECT a.id, b.id FROM a RIGHT JOIN b ON a.id = b.id AND a.s LIKE 't%' ORDER BY 2, 1")]
    public void Same_as_sqlite(string sql) => _oracle.AssertSame(sql);

    [Fact]
    public void Using_with_a_right_join_is_refused_not_wrong()
    {
        var error = Assert.Throws<YodaException>(() => _oracle.Yoda("SELECT id FROM a RIGHT JOIN b USING (id)"));
        Assert.Contains("not supported yet", error.Message, StringComparison.Ordinal);
    }
}
