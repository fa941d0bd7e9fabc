using FsCheck.Xunit;

namespace Yoda.Sql.Tests.Differential;

/// <summary>Property: any generated expression gives SQLite's values, as a result column and as a filter.</summary>
public sealed class RandomExpressionTests(SampleData data) : IClassFixture<SampleData>
{
    [Property(MaxTest = 150)]
    public void Random_expressions_match_sqlite(int seed)
    {
        var generator = new RandomExpressionGenerator(seed);
        var projection = $"SELECT id, {generator.Integer(3)}, {generator.Text(3)}, {generator.Boolean(3)}, {generator.Real(2)} FROM t ORDER BY id";
        var filter = $"SELECT id FROM t WHERE {generator.Boolean(4)} ORDER BY id";
        var aggregate = $"SELECT g, count(*), sum({generator.Integer(2)}), max({generator.Text(2)}), total({generator.Real(2)}) FROM t GROUP BY g ORDER BY g";
        foreach (var sql in new[] { projection, filter, aggregate })
        {
            Compare(sql);
        }
    }

    private void Compare(string sql)
    {
        var (names, expected) = ResultRows.FromSqlite(data.Sqlite, sql, []);
        var actual = ResultRows.FromArrow(SqlEngine.Execute(sql, [], data.Catalog, default));
        Assert.True(expected.Count == actual.Count, $"{sql}: {expected.Count} rows in SQLite, {actual.Count} in Yoda");
        for (var r = 0; r < expected.Count; r++)
        {
            for (var c = 0; c < names.Count; c++)
            {
                Assert.True(
                    ResultRows.Same(expected[r][c], actual[r][c]),
                    $"{sql}\nrow {r}, column {c}: SQLite [{ResultRows.Render(expected[r])}] vs Yoda [{ResultRows.Render(actual[r])}]");
            }
        }
    }
}
