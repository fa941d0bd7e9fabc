namespace Yoda.Sql.Tests.Differential;

/// <summary>Each deliberate difference from SQLite listed in src/Yoda.Sql/README.md, shown side by side.</summary>
public sealed class DocumentedDifferencesTests(SampleData data) : IClassFixture<SampleData>
{
    private List<object?[]> Sqlite(string sql) => ResultRows.FromSqlite(data.Sqlite, sql, []).Rows;

    private List<object?[]> Yoda(string sql) => ResultRows.FromArrow(SqlEngine.Execute(sql, [], data.Catalog, default));

    [Fact]
    public void Integer_overflow_is_an_error_instead_of_a_real()
    {
        Assert.IsType<double>(Sqlite("SELECT 9223372036854775807 + 1")[0][0]);
        var error = Assert.Throws<YodaException>(() => Yoda("SELECT 9223372036854775807 + 1"));
        Assert.Contains("not supported yet", error.Message);
    }

    [Fact]
    public void Mixed_integer_and_real_branches_are_real()
    {
        const string sql = "SELECT CASE WHEN 1 THEN 1 ELSE 2.5 END";
        Assert.Equal(1L, Sqlite(sql)[0][0]);
        Assert.Equal(1.0, Yoda(sql)[0][0]);
    }

    [Theory]
    [InlineData("SELECT s + 1 FROM t")]
    [InlineData("SELECT CAST(d AS NUMERIC) FROM t")]
    public void Per_row_typing_is_refused(string sql)
    {
        Assert.NotNull(Sqlite(sql));
        var error = Assert.Throws<YodaException>(() => Yoda(sql));
        Assert.Contains("not supported yet", error.Message);
    }

    [Fact]
    public void Case_mapping_is_ascii_only_in_both()
    {
        const string sql = "SELECT upper('é'), 'É' LIKE 'é'";
        Assert.Equal(Sqlite(sql)[0], Yoda(sql)[0]);
    }
}
