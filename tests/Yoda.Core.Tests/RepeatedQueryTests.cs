namespace Yoda.Core.Tests;

/// <summary>
/// A query text run again (its parse comes from the parsed-statement cache) still sees every sync
/// and schema change in between, binds its new parameter values, and reports a syntax error the same way.
/// </summary>
public class RepeatedQueryTests
{
    private const string Query = "SELECT COUNT(*), MAX(v) FROM t";

    private static async Task<(long Count, object? Max)> RunAsync(HtapEngine engine)
    {
        var batch = (await engine.QueryOlapAsync(Query)).Single();
        return ((long)Columnar.Storage.ArrowValues.Get(batch.Column(0), 0)!, Columnar.Storage.ArrowValues.Get(batch.Column(1), 0));
    }

    [Fact]
    public async Task The_same_text_sees_syncs_and_a_table_dropped_and_created_again()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("v", "utf8")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO t VALUES (1, 'a')");
        await engine.SyncNowAsync();
        Assert.Equal((1L, (object?)"a"), await RunAsync(engine));

        await engine.ExecuteAsync("INSERT INTO t VALUES (2, 'b')");
        await engine.SyncNowAsync();
        Assert.Equal((2L, (object?)"b"), await RunAsync(engine));

        await engine.ExecuteAsync("DROP TABLE t");
        Assert.Contains("no such table: t", (await Assert.ThrowsAsync<YodaException>(() => RunAsync(engine))).Message);

        // The same name with another column type: the query binds to the new table.
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("v", "int64")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO t VALUES (7, 42)");
        await engine.SyncNowAsync();
        Assert.Equal((1L, (object?)42L), await RunAsync(engine));
    }

    [Fact]
    public async Task The_same_text_binds_each_execution_s_parameters()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("v", "utf8")], ["id"]));
        await engine.ExecuteBatchAsync(Enumerable.Range(1, 10).Select(i => $"INSERT INTO t VALUES ({i}, 'x{i}')").ToList());
        await engine.SyncNowAsync();
        async Task<long> CountAboveAsync(long bound) =>
            (long)Columnar.Storage.ArrowValues.Get((await engine.QueryOlapAsync("SELECT COUNT(*) FROM t WHERE id > ?", [bound])).Single().Column(0), 0)!;
        Assert.Equal(7L, await CountAboveAsync(3));
        Assert.Equal(2L, await CountAboveAsync(8));
    }

    // The columnar parser's error and its position; DuckDB words its syntax errors its own way.
    [Fact]
    [Trait("Backend", "ColumnarOnly")]
    public async Task A_syntax_error_is_reported_the_same_way_each_time()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("v", "utf8")], ["id"]));
        var errors = new List<(string, int, int)>();
        for (var i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<SqlParseException>(() => engine.QueryOlapAsync("SELECT COUNT(*)\nFROM t\nWHERE id >"));
            errors.Add((error.Message, error.Line, error.Column));
        }

        Assert.All(errors, e => Assert.Equal(errors[0], e));
    }
}
