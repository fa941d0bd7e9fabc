namespace Yoda.Core.Tests;

/// <summary>DDL run as plain SQL on registered tables never lets OLAP drift silently.</summary>
public class DdlTests
{
    private static async Task<HtapEngine> OpenAsync(string path)
    {
        var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = path });
        await engine.ExecuteAsync("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v TEXT)");
        if (!engine.OlapCatalog.TryGetTable("t", out _))
        {
            await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("v", "utf8")], ["id"]));
        }

        return engine;
    }

    [Theory]
    [InlineData("ALTER TABLE t ADD COLUMN w INTEGER", "AddColumnAsync")]
    [InlineData("ALTER TABLE t DROP COLUMN v", "DropColumnAsync")]
    [InlineData("ALTER TABLE t RENAME COLUMN v TO w", "renaming")]
    [InlineData("ALTER TABLE t RENAME TO u", "renaming")]
    [InlineData("DROP TRIGGER \"_yoda_cdc_t_insert\"", "cannot be dropped")]
    [InlineData("DROP TABLE _yoda_cdc_log", "belongs to Yoda")]
    [InlineData("ALTER TABLE _yoda_tables ADD COLUMN x", "belongs to Yoda")]
    public async Task Ddl_that_would_break_capture_is_refused_with_the_api_to_use(string sql, string expected)
    {
        await using var engine = await OpenAsync(":memory:");
        var error = await Assert.ThrowsAsync<YodaException>(() => engine.ExecuteAsync(sql));
        Assert.Contains(expected, error.Message);
        var batch = await Assert.ThrowsAsync<YodaException>(() => engine.ExecuteBatchAsync(["INSERT INTO t VALUES (1, 'a')", sql]));
        Assert.Contains(expected, batch.Message);
        await engine.ExecuteAsync("INSERT INTO t VALUES (2, 'b')");
        Assert.Equal(1, (await engine.SyncNowAsync()).RowsInserted);
        Assert.Equal(["id", "v"], Olap.Schema(engine, "t").FieldsList.Select(f => f.Name));
    }

    [Fact]
    public async Task Ddl_on_unregistered_tables_is_untouched()
    {
        await using var engine = await OpenAsync(":memory:");
        await engine.ExecuteAsync("CREATE TABLE other(a INTEGER)");
        await engine.ExecuteAsync("ALTER TABLE other ADD COLUMN b TEXT");
        await engine.ExecuteAsync("ALTER TABLE other RENAME TO other2");
        await engine.ExecuteAsync("DROP TABLE other2");
    }

    [Fact]
    public async Task Dropping_a_registered_table_unregisters_it()
    {
        using var dir = new TempDirectory();
        await using (var engine = await OpenAsync(dir.File("d.db")))
        {
            await engine.ExecuteAsync("INSERT INTO t VALUES (1, 'a')");
            await engine.ExecuteAsync("DROP TABLE t");
            Assert.Equal(1, (await engine.SyncStatusAsync()).Lag);
            Assert.False(engine.OlapCatalog.TryGetTable("t", out _));
            Assert.Contains("no such table: t", (await Assert.ThrowsAsync<YodaException>(() => engine.QueryOlapAsync("SELECT COUNT(*) FROM t"))).Message);

            // The name can be registered again, and the old table's unsynced events never reach the new one.
            await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("v", "utf8")], ["id"]));
            await engine.SyncNowAsync();
            Assert.Empty(Olap.Rows(engine, "t"));
            await engine.ExecuteBatchAsync(["INSERT INTO t VALUES (5, 'x')", "DROP TABLE t"]);
            Assert.False(engine.OlapCatalog.TryGetTable("t", out _));
            Assert.Empty(await engine.QueryOltpAsync("SELECT name FROM _yoda_tables").ContinueWith(b => b.Result.Where(x => x.Length > 0)));
        }
    }

    [Fact]
    public async Task A_table_dropped_by_another_program_is_unregistered_at_open()
    {
        using var dir = new TempDirectory();
        await using (var engine = await OpenAsync(dir.File("e.db")))
        {
            await engine.ExecuteAsync("INSERT INTO t VALUES (1, 'a')");
        }

        using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dir.File("e.db")};Pooling=False"))
        {
            other.Open();
            using var command = other.CreateCommand();
            command.CommandText = "DROP TABLE t";
            command.ExecuteNonQuery();
        }

        await using (var engine = await HtapEngine.OpenAsync(dir.File("e.db")))
        {
            Assert.False(engine.OlapCatalog.TryGetTable("t", out _));
            Assert.Equal(0, (await engine.SyncStatusAsync()).Lag);
        }
    }
}
