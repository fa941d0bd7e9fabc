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

    [Theory]
    [InlineData("SELECT * FROM a RIGHT JOIN b USING (id) ORDER BY 1, 2, 3, 4, 5")]
    [InlineData("SELECT * FROM a FULL JOIN b USING (id) ORDER BY 1, 2, 3, 4, 5")]
    [InlineData("SELECT id, x, s, y FROM a FULL OUTER JOIN b USING (id, x) ORDER BY 1, 2, 3, 4")]
    [InlineData("SELECT * FROM a NATURAL RIGHT JOIN b ORDER BY 1, 2, 3, 4")]
    [InlineData("SELECT * FROM a NATURAL FULL JOIN b ORDER BY 1, 2, 3, 4")]
    [InlineData("SELECT a.id, b.id, id FROM a RIGHT JOIN b USING (id) ORDER BY 1, 2")]
    [InlineData("SELECT id, count(*) FROM a FULL JOIN b USING (id) GROUP BY id ORDER BY 1")]
    [InlineData("SELECT id, a.x, b.x FROM a FULL JOIN b USING (id) WHERE id > 2 ORDER BY 1, 2, 3")]
    [InlineData("SELECT a.*, b.* FROM a FULL JOIN b USING (id) ORDER BY 1, 2, 3, 4, 5, 6")]
    [InlineData("SELECT id FROM a FULL JOIN b USING (id) WHERE id IS NULL")]
    [InlineData("SELECT x, e.id FROM a JOIN e USING (id) RIGHT JOIN f USING (x) ORDER BY 1, 2")]
    public void Using_and_natural_with_right_and_full_joins_merge_the_columns_as_sqlite(string sql)
    {
        _oracle.AssertSame(sql);
        _oracle.AssertSameColumnNames(sql);
    }

    [Theory]
    [InlineData("SELECT * FROM a FULL JOIN b USING (id) FULL JOIN e USING (id) ORDER BY 1, 2, 3, 4, 5")]
    [InlineData("SELECT * FROM a FULL JOIN b USING (id) JOIN e ON e.id = b.id ORDER BY 1, 2, 3, 4, 5")]
    public void Using_after_a_merging_join_and_star_over_more_tables_are_sqlites(string sql)
    {
        _oracle.AssertSame(sql);
        _oracle.AssertSameColumnNames(sql);
    }
}
