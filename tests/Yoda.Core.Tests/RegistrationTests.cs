namespace Yoda.Core.Tests;

public class RegistrationTests
{
    private static async Task<HtapEngine> OpenAsync(SyncMode mode = SyncMode.Destructive) =>
        await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", SyncMode = mode });

    [Fact]
    public async Task Registration_is_checked_against_the_real_table()
    {
        await using var engine = await OpenAsync();
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, n INTEGER, blob BLOB)");
        await engine.ExecuteAsync("CREATE TABLE nokey(a INTEGER, b TEXT)");
        await engine.ExecuteAsync("CREATE TABLE wr(a TEXT PRIMARY KEY, b TEXT) WITHOUT ROWID");
        await engine.ExecuteAsync("CREATE VIEW v AS SELECT * FROM t");

        async Task<string> Error(TableSchema schema) => (await Assert.ThrowsAsync<YodaException>(() => engine.RegisterTableAsync(schema))).Message;

        Assert.Equal("no such table: missing", await Error(new TableSchema("missing", [("id", "int64")], ["id"])));
        Assert.Contains("has no column named nope", await Error(new TableSchema("t", [("id", "int64"), ("nope", "utf8")], ["id"])));
        Assert.Contains("cannot feed a int64 column", await Error(new TableSchema("t", [("id", "int64"), ("name", "int64")], ["id"])));
        Assert.Contains("cannot feed a utf8 column", await Error(new TableSchema("t", [("id", "int64"), ("n", "utf8")], ["id"])));
        Assert.Contains("does not match SQLite's primary key (id)", await Error(new TableSchema("t", [("id", "int64"), ("n", "int64")], ["n"])));
        Assert.Contains("primary key none", await Error(new TableSchema("nokey", [("a", "int64")], ["a"])));
        Assert.Contains("WITHOUT ROWID", await Error(new TableSchema("wr", [("a", "utf8")], [])));
        Assert.Contains("not a table", await Error(new TableSchema("v", [("id", "int64")], [])));
        Assert.Contains("reserved", await Error(new TableSchema("_yoda_cdc_log", [("seq", "int64")], [])));

        // Nothing above left a registration or a trigger behind.
        Assert.Equal(0L, await ScalarAsync(engine, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"));
        Assert.Equal(0L, await ScalarAsync(engine, "SELECT count(*) FROM _yoda_tables"));

        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("name", "utf8"), ("n", "int32"), ("blob", "binary")], ["id"]));
        await engine.RegisterTableAsync(new TableSchema("NOKEY", [("a", "int64")], []));
        await engine.RegisterTableAsync(new TableSchema("wr", [("a", "utf8"), ("b", "utf8")], ["a"]));
        Assert.Contains("already registered", await Error(new TableSchema("t", [("id", "int64")], ["id"])));
        Assert.Equal(9L, await ScalarAsync(engine, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"));
        Assert.Equal(3L, await ScalarAsync(engine, "SELECT count(*) FROM _yoda_tables"));
        // SQLite's spelling of the names wins.
        Assert.Contains("nokey", engine.OlapCatalog.TableNames);
    }

    [Fact]
    public async Task Temporal_mode_refuses_tables_that_use_its_column_names()
    {
        await using var engine = await OpenAsync(SyncMode.Temporal);
        await engine.ExecuteAsync("CREATE TABLE h(id INTEGER PRIMARY KEY, _yoda_valid_from INTEGER)");
        var error = await Assert.ThrowsAsync<YodaException>(() =>
            engine.RegisterTableAsync(new TableSchema("h", [("id", "int64")], ["id"])));
        Assert.Contains("_yoda_valid_from", error.Message);
    }

    [Fact]
    public async Task Capture_triggers_refuse_values_the_registered_type_cannot_hold()
    {
        await using var engine = await OpenAsync();
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, small INTEGER, flag INTEGER, name TEXT, anything)");
        await engine.RegisterTableAsync(new TableSchema("t",
            [("id", "int64"), ("small", "int8"), ("flag", "bool"), ("name", "utf8"), ("anything", "float64")], ["id"]));

        async Task<string> Error(string sql) => (await Assert.ThrowsAsync<YodaException>(() => engine.ExecuteAsync(sql))).Message;

        Assert.Contains("column small of table t expects int8", await Error("INSERT INTO t VALUES (1, 128, 0, 'a', 1.5)"));
        Assert.Contains("column small of table t expects int8", await Error("INSERT INTO t VALUES (1, 'abc', 0, 'a', 1.5)"));
        Assert.Contains("column flag of table t expects bool", await Error("INSERT INTO t VALUES (1, 1, 2, 'a', 1.5)"));
        Assert.Contains("column anything of table t expects float64", await Error("INSERT INTO t VALUES (1, 1, 1, 'a', 'text')"));
        await engine.ExecuteAsync("INSERT INTO t VALUES (1, -128, 1, 'a', 7)");
        Assert.Contains("column small", await Error("UPDATE t SET small = 1000"));
        Assert.Equal(1, (await engine.SyncStatusAsync()).Lag);
        await engine.SyncNowAsync();
        Assert.Equal(new object?[] { 1L, -128L, 1L, "a", 7.0 }, Olap.Rows(engine, "t").Single());
    }

    [Theory]
    [InlineData("a\"b", "c\"d")]
    [InlineData("select", "from")]
    [InlineData("x y", "z w")]
    [InlineData("it's", "o'clock")]
    [InlineData("t\"; DROP TABLE victim; --", "c'); DROP TABLE victim; --")]
    [InlineData("日本", "列")]
    public async Task Hostile_identifiers_are_quoted_everywhere(string table, string column)
    {
        foreach (var mode in new[] { SyncMode.Destructive, SyncMode.Temporal })
        {
            await using var engine = await OpenAsync(mode);
            await engine.ExecuteAsync("CREATE TABLE victim(x)");
            var quotedTable = "\"" + table.Replace("\"", "\"\"") + "\"";
            var quotedColumn = "\"" + column.Replace("\"", "\"\"") + "\"";
            await engine.ExecuteAsync($"CREATE TABLE {quotedTable}(id INTEGER PRIMARY KEY, {quotedColumn} TEXT)");
            await engine.RegisterTableAsync(new TableSchema(table, [("id", "int64"), (column, "utf8")], ["id"]));
            await engine.ExecuteAsync($"INSERT INTO {quotedTable} VALUES (1, 'one')");
            await engine.ExecuteAsync($"UPDATE {quotedTable} SET {quotedColumn} = 'uno'");
            await engine.ExecuteAsync($"INSERT INTO {quotedTable} VALUES (2, 'two')");
            await engine.ExecuteAsync($"DELETE FROM {quotedTable} WHERE id = 2");
            var result = await engine.SyncNowAsync();
            Assert.Equal(4, result.EventsProcessed);
            Assert.Equal(column, Olap.Schema(engine, table).FieldsList[1].Name);
            Assert.Equal(1L, await ScalarAsync(engine, "SELECT count(*) FROM sqlite_master WHERE name = 'victim'"));

            await engine.AddColumnAsync(table, column + " 2", "int64");
            await engine.ExecuteAsync($"INSERT INTO {quotedTable} VALUES (3, 'three', 3)");
            await engine.DropColumnAsync(table, column);
            await engine.ExecuteAsync($"INSERT INTO {quotedTable} VALUES (4, 4)");
            await engine.SyncNowAsync();
            var live = Olap.Rows(engine, table).Where(r => mode == SyncMode.Destructive || r[^2] is null).OrderBy(r => (long)r[0]!).ToList();
            Assert.Equal([1L, 3L, 4L], live.Select(r => (long)r[0]!));
            Assert.Equal([null, 3L, 4L], live.Select(r => r[1]));
        }
    }

    internal static async Task<object?> ScalarAsync(HtapEngine engine, string sql)
    {
        var batch = (await engine.QueryOltpAsync(sql)).Single();
        return Columnar.Storage.ArrowValues.Get(batch.Column(0), 0);
    }
}
