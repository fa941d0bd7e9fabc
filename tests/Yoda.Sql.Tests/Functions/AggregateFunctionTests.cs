using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Functions;

/// <summary>group_concat / string_agg (also DISTINCT) and FILTER (WHERE ..) on every aggregate: Yoda's answer is SQLite's.</summary>
public sealed class AggregateFunctionTests(SampleData data) : IClassFixture<SampleData>
{
    public static TheoryData<string> Queries => new(
    [
        "SELECT g, group_concat(id), group_concat(s, ' | '), string_agg(i8, ''), group_concat(d), group_concat(bin) FROM t WHERE id < 60 GROUP BY g ORDER BY g",
        "SELECT g, group_concat(DISTINCT i8 % 3), group_concat(DISTINCT s) FROM t WHERE id < 200 GROUP BY g ORDER BY g",
        "SELECT group_concat(id, s) FROM t WHERE id < 30",
        "SELECT group_concat(s) FROM empty",
        "SELECT g, count(*) FILTER (WHERE i32 > 0), count(i8) FILTER (WHERE b), sum(i32) FILTER (WHERE s LIKE '%a%'), avg(d) FILTER (WHERE d > 0), total(i8) FILTER (WHERE id % 2 = 0) FROM t GROUP BY g ORDER BY g",
        "SELECT min(s) FILTER (WHERE id > 100), max(d) FILTER (WHERE i8 < 0), count(DISTINCT g) FILTER (WHERE i32 > 500), group_concat(id) FILTER (WHERE id < 12) FROM t",
        "SELECT g, count(*) FILTER (WHERE i32 > 0) AS n FROM t GROUP BY g HAVING count(*) FILTER (WHERE i32 > 0) > 10 ORDER BY n",
    ]);

    [Theory]
    [MemberData(nameof(Queries))]
    public void Matches_sqlite(string sql) => SqliteOracle.AssertSame(data.Sqlite, data.Catalog, sql);

    [Theory]
    [InlineData("SELECT group_concat(DISTINCT s, ',') FROM t", "DISTINCT aggregates must have exactly one argument")]
    [InlineData("SELECT string_agg(s) FROM t", "wrong number of arguments to function string_agg()")]
    [InlineData("SELECT abs(i32) FILTER (WHERE 1) FROM t", "FILTER may not be used with non-aggregate abs()")]
    public void Refuses_with_a_clear_message(string sql, string message)
    {
        var error = Assert.ThrowsAny<YodaException>(() => SqlEngine.Execute(sql, [], data.Catalog, default));
        Assert.Equal(message, error.Message);
    }
}
