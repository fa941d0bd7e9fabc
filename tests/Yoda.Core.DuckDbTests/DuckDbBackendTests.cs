using Apache.Arrow;
using DuckDB.NET.Data;

namespace Yoda.Core.Tests;

/// <summary>What only the DuckDB backend has: its file, its transactions, its query rewrites and refusals.</summary>
public class DuckDbBackendTests
{
    private static HtapConfig Config(TempDirectory dir, SyncMode mode = SyncMode.Destructive) => new()
    {
        OltpPath = dir.File("app.db"),
        OlapBackend = OlapBackend.DuckDb,
        StoragePath = dir.File("olap.duckdb"),
        SyncMode = mode,
    };

    private static async Task<HtapEngine> OpenWithItemsAsync(HtapConfig config)
    {
        var engine = await HtapEngine.OpenAsync(config);
        await engine.ExecuteAsync("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT, qty INTEGER)");
        await engine.ExecuteAsync("CREATE TABLE notes(body TEXT)");
        await engine.RegisterTableAsync(new TableSchema("items", [("id", "int64"), ("name", "utf8"), ("qty", "int32")], ["id"]));
        await engine.RegisterTableAsync(new TableSchema("notes", [("body", "utf8")], []));
        return engine;
    }

    private static List<string> Rows(IReadOnlyList<RecordBatch> batches) =>
        batches.Select(OltpTests.Render).Where(r => r.Length > 0).SelectMany(r => r.Split('|')).ToList();

    private static long Scalar(string file, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(string file, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task A_damaged_duckdb_file_fails_the_open_naming_the_file()
    {
        using var dir = new TempDirectory();
        var config = Config(dir);
        await using (var engine = await OpenWithItemsAsync(config))
        {
            await engine.ExecuteAsync("INSERT INTO items VALUES (1, 'a', 10)");
            await engine.SyncNowAsync();
        }

        await File.WriteAllBytesAsync(config.StoragePath!, System.Text.Encoding.ASCII.GetBytes("not a DuckDB database, only some text"));
        var error = await Assert.ThrowsAsync<YodaException>(() => HtapEngine.OpenAsync(config));
        Assert.Contains(config.StoragePath!, error.Message);
    }

    [Fact]
    public async Task A_sqlite_file_restored_from_an_older_backup_is_reconciled_not_continued()
    {
        using var dir = new TempDirectory();
        var config = Config(dir);
        await using (var engine = await OpenWithItemsAsync(config))
        {
            await engine.ExecuteAsync("INSERT INTO items VALUES (1, 'a', 10), (2, 'b', 20)");
            await engine.SyncNowAsync();
        }

        File.Copy(dir.File("app.db"), dir.File("backup.db"));
        await using (var engine = await HtapEngine.OpenAsync(config))
        {
            await engine.ExecuteAsync("INSERT INTO items VALUES (3, 'c', 30), (4, 'd', 40)");
            await engine.ExecuteAsync("DELETE FROM items WHERE id = 1");
            await engine.SyncNowAsync();
        }

        File.Copy(dir.File("backup.db"), dir.File("app.db"), overwrite: true);
        await using (var engine = await HtapEngine.OpenAsync(config))
        {
            Assert.Equal(["1,a,10", "2,b,20"], Rows(await engine.QueryOlapAsync("SELECT id, name, qty FROM items ORDER BY id")));
            await engine.ExecuteAsync("INSERT INTO items VALUES (5, 'e', 50)");
            await engine.SyncNowAsync();
            Assert.Equal(["1", "2", "5"], Rows(await engine.QueryOlapAsync("SELECT id FROM items ORDER BY id")));
        }
    }

    [Fact]
    public async Task The_duckdb_file_holds_the_tables_and_the_watermark_and_a_reopen_continues_from_it()
    {
        using var dir = new TempDirectory();
        var config = Config(dir);
        long watermark;
        await using (var engine = await OpenWithItemsAsync(config))
        {
            await engine.ExecuteBatchAsync(["INSERT INTO items VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)", "INSERT INTO notes VALUES ('x'), ('y')"]);
            await engine.SyncNowAsync();
            await engine.ExecuteAsync("DELETE FROM items WHERE id = 2");
            await engine.ExecuteAsync("DELETE FROM notes WHERE body = 'x'");
            await engine.SyncNowAsync();
            watermark = (await engine.SyncStatusAsync()).LastSyncedSeq!.Value;
        }

        Assert.Equal(watermark, Scalar(config.StoragePath!, "SELECT watermark FROM _yoda_meta.state"));
        Assert.Equal(2, Scalar(config.StoragePath!, "SELECT count(*) FROM items"));
        // A row removed behind the engine's back stays removed: the reopen reads DuckDB, not SQLite.
        Execute(config.StoragePath!, "DELETE FROM _yoda_data.items WHERE id = 3");

        await using (var engine = await HtapEngine.OpenAsync(config))
        {
            Assert.Equal(watermark, (await engine.SyncStatusAsync()).LastSyncedSeq);
            Assert.Equal(["1,a,10"], Rows(await engine.QueryOlapAsync("SELECT id, name, qty FROM items ORDER BY id")));
            await engine.ExecuteAsync("INSERT INTO items VALUES (4, 'd', 40)");
            await engine.ExecuteAsync("UPDATE items SET qty = 11 WHERE id = 1");
            await engine.ExecuteAsync("INSERT INTO notes VALUES ('z')");
            await engine.ExecuteAsync("DELETE FROM notes WHERE body = 'y'");
            var result = await engine.SyncNowAsync();
            Assert.Equal(4, result.EventsProcessed);
            Assert.Equal(["1,a,11", "4,d,40"], Rows(await engine.QueryOlapAsync("SELECT id, name, qty FROM items ORDER BY id")));
            Assert.Equal(["z"], Rows(await engine.QueryOlapAsync("SELECT body FROM notes ORDER BY 1")));
        }
    }

    [Fact]
    public async Task A_cycle_duckdb_refuses_changes_nothing_and_the_next_one_applies_it()
    {
        using var dir = new TempDirectory();
        await using var engine = await OpenWithItemsAsync(Config(dir));
        await engine.ExecuteAsync("INSERT INTO items VALUES (1, 'a', 10)");
        await engine.SyncNowAsync();
        var before = await engine.SyncStatusAsync();
        await engine.ExecuteAsync("INSERT INTO items VALUES (2, 'b', 20)");
        engine.DuckDb!.Database.WithWriter(c => { using var cmd = c.CreateCommand(); cmd.CommandText = "ALTER TABLE _yoda_data.items RENAME TO hidden"; return cmd.ExecuteNonQuery(); });

        await Assert.ThrowsAsync<YodaException>(() => engine.SyncNowAsync());
        Assert.Equal(before.LastSyncedSeq, (await engine.SyncStatusAsync()).LastSyncedSeq);
        Assert.Equal(before.LastSyncedSeq, engine.DuckDb.Watermark);
        Assert.True(engine.OlapCatalog.TryGetTable("items", out var merged));
        Assert.Equal(1, merged.LiveRowCount);

        engine.DuckDb.Database.WithWriter(c => { using var cmd = c.CreateCommand(); cmd.CommandText = "ALTER TABLE _yoda_data.hidden RENAME TO items"; return cmd.ExecuteNonQuery(); });
        Assert.Equal(1, (await engine.SyncNowAsync()).RowsInserted);
        Assert.Equal(["1,a", "2,b"], Rows(await engine.QueryOlapAsync("SELECT id, name FROM items ORDER BY id")));

        // A text DuckDB cannot hold whole is refused, not stored shortened.
        await engine.ExecuteAsync("INSERT INTO items VALUES (3, 'a' || char(0) || 'b', 30)");
        Assert.Contains("NUL character", (await Assert.ThrowsAsync<YodaException>(() => engine.SyncNowAsync())).Message);
        Assert.Equal(["1,a", "2,b"], Rows(await engine.QueryOlapAsync("SELECT id, name FROM items ORDER BY id")));
    }

    [Fact]
    public async Task Temporal_history_survives_a_reopen_and_for_system_time_reads_it()
    {
        using var dir = new TempDirectory();
        var config = Config(dir, SyncMode.Temporal);
        long between;
        await using (var engine = await OpenWithItemsAsync(config))
        {
            await engine.ExecuteAsync("INSERT INTO items VALUES (1, 'a', 10), (2, 'b', 20)");
            await engine.SyncNowAsync();
            await Task.Delay(5);
            between = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
            await Task.Delay(5);
            await engine.ExecuteAsync("UPDATE items SET qty = 11 WHERE id = 1");
            await engine.ExecuteAsync("DELETE FROM items WHERE id = 2");
            await engine.SyncNowAsync();
        }

        await using (var engine = await HtapEngine.OpenAsync(config))
        {
            Assert.Equal(["1,10", "2,20"], Rows(await engine.QueryAsync($"SELECT id, qty FROM items FOR SYSTEM_TIME AS OF {between} ORDER BY id")));
            Assert.Equal(["1,10", "2,20"], Rows(await engine.QueryOlapAsync("SELECT i.id, i.qty FROM items AS i FOR SYSTEM_TIME AS OF ? ORDER BY i.id", [between])));
            Assert.Equal(["1,11"], Rows(await engine.QueryAsync("SELECT id, qty FROM items FOR SYSTEM_TIME AS OF CURRENT ORDER BY id")));
            Assert.Equal(["I,2", "U,1", "D,1"], Rows(await engine.QueryOlapAsync(
                "SELECT _yoda_operation, count(*) FROM items GROUP BY 1 ORDER BY min(_yoda_valid_from), 1 DESC")));
            await engine.ExecuteAsync("INSERT INTO items VALUES (2, 'b2', 22)");
            await engine.SyncNowAsync();
            Assert.Equal(["1,11", "2,22"], Rows(await engine.QueryOlapAsync("SELECT id, qty FROM items WHERE _yoda_valid_to IS NULL AND _yoda_operation <> 'D' ORDER BY id")));
        }
    }

    [Fact]
    public async Task Column_changes_and_dropped_tables_reach_the_duckdb_file()
    {
        using var dir = new TempDirectory();
        var config = Config(dir);
        await using (var engine = await OpenWithItemsAsync(config))
        {
            await engine.ExecuteAsync("INSERT INTO items VALUES (1, 'a', 10)");
            await engine.SyncNowAsync();
            await engine.AddColumnAsync("items", "price", "float64");
            await engine.DropColumnAsync("items", "qty");
            await engine.ExecuteAsync("INSERT INTO items VALUES (2, 'b', 2.5)");
            await engine.SyncNowAsync();
            await engine.ExecuteAsync("DROP TABLE notes");
            Assert.Equal(["1,a,NULL", "2,b,2.5"], Rows(await engine.QueryOlapAsync("SELECT * FROM items ORDER BY id")));
        }

        Assert.Equal(0, Scalar(config.StoragePath!, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'notes'"));
        await using (var engine = await HtapEngine.OpenAsync(config))
        {
            Assert.Equal(["1,a,NULL", "2,b,2.5"], Rows(await engine.QueryOlapAsync("SELECT * FROM items ORDER BY id")));
            Assert.Contains("no such table: notes", (await Assert.ThrowsAsync<YodaException>(() => engine.QueryOlapAsync("SELECT count(*) FROM notes"))).Message);
        }
    }

    [Fact]
    public async Task Duckdb_dialect_differences_and_refusals_are_the_documented_ones()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", OlapBackend = OlapBackend.DuckDb });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER, r REAL)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("v", "int32"), ("r", "float64")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO t VALUES (1, 7, 2.7), (2, NULL, -2.7)");
        await engine.ExecuteAsync("CREATE VIEW big AS SELECT * FROM t WHERE v > 1");
        await engine.SyncNowAsync();

        // Like SQLite: integer division truncates, NULLs sort first, names are the expression text, TOTAL exists.
        var batch = Assert.Single(await engine.QueryOlapAsync("SELECT sum(v) / 2, count(*), total(r) FROM t"));
        Assert.Equal(["sum(v) / 2", "count(*)", "total(r)"], batch.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal(["3,2,0"], Rows([batch]));
        Assert.Equal(["NULL", "7"], Rows(await engine.QueryOlapAsync("SELECT v FROM t ORDER BY v")));
        Assert.Equal(["NULL,NULL,1"], Rows(await engine.QueryOlapAsync("SELECT max(v) / 0, max(v) % 0, count(*) FILTER (WHERE 'ABC' LIKE 'a%' AND id = 1) FROM t")));
        Assert.IsType<Int32Array>(Assert.Single(await engine.QueryOlapAsync("SELECT v FROM t WHERE id = ? GROUP BY v", [1])).Column(0));
        // Unlike SQLite: CAST of a real to INTEGER rounds (SQLite truncates).
        Assert.Equal(["3,-3"], Rows(await engine.QueryOlapAsync("SELECT max(CAST(r AS INTEGER)), min(CAST(r AS INTEGER)) FROM t")));
        Assert.Equal(["2,-2"], Rows(await engine.QueryOltpAsync("SELECT max(CAST(r AS INTEGER)), min(CAST(r AS INTEGER)) FROM t")));

        var syntax = await Assert.ThrowsAsync<SqlParseException>(() => engine.QueryOlapAsync("SELECT v\nFROM t WHERE"));
        Assert.Equal(2, syntax.Line);
        Assert.Contains("views are not supported yet", (await Assert.ThrowsAsync<YodaException>(() => engine.QueryOlapAsync("SELECT count(*) FROM big"))).Message);
        Assert.Contains("temporal table", (await Assert.ThrowsAsync<YodaException>(() => engine.QueryOlapAsync("SELECT count(*) FROM t FOR SYSTEM_TIME AS OF 0"))).Message);
        Assert.Contains("one query at a time", (await Assert.ThrowsAsync<YodaException>(() => engine.QueryOlapAsync("SELECT 1; SELECT 2"))).Message);
        Assert.Contains("CREATE", (await Assert.ThrowsAsync<YodaException>(() => engine.QueryOlapAsync("CREATE TABLE x AS SELECT 1"))).Message);
        Assert.ThrowsAny<Exception>(() => engine.OlapStorage());
    }
}
