namespace Yoda.Core.Tests;

public class DestructiveSyncTests
{
    [Fact]
    public async Task Olap_mirrors_inserts_updates_key_changes_and_deletes()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE t(a INTEGER, b TEXT, v REAL, PRIMARY KEY (a, b))");
        await engine.RegisterTableAsync(new TableSchema("t", [("a", "int64"), ("b", "utf8"), ("v", "float64")], ["a", "b"]));
        await engine.ExecuteAsync("INSERT INTO t VALUES (1, 'x', 1.0), (1, 'y', 2.0), (2, 'x', 3.0)");
        await engine.ExecuteAsync("UPDATE t SET v = v * 10 WHERE a = 1");
        await engine.ExecuteAsync("UPDATE t SET b = 'z' WHERE a = 2");          // key change
        await engine.ExecuteAsync("UPDATE t SET a = 5, b = 'q' WHERE b = 'z'"); // and again
        await engine.ExecuteAsync("DELETE FROM t WHERE b = 'y'");
        await engine.ExecuteAsync("INSERT INTO t VALUES (1, 'y', 9.5)");        // re-insert a deleted key
        await engine.ExecuteAsync("UPDATE t SET v = v WHERE a = 5");            // changes nothing
        var result = await engine.SyncNowAsync();
        Assert.Equal(10, result.EventsProcessed);
        Assert.Equal(4, result.RowsInserted);
        Assert.Equal(4, result.RowsUpdated);
        Assert.Equal(1, result.RowsDeleted);
        await AssertMirrorsAsync(engine, "t", "SELECT a, b, v FROM t");
    }

    [Fact]
    public async Task Rowid_tables_follow_rowid_changes_and_replace()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE r(name TEXT UNIQUE, n INTEGER)");
        await engine.RegisterTableAsync(new TableSchema("r", [("name", "utf8"), ("n", "int64")], []));
        await engine.ExecuteAsync("INSERT INTO r VALUES ('a', 1), ('b', 2), ('c', 3)");
        await engine.ExecuteAsync("UPDATE r SET rowid = 100 WHERE name = 'a'");
        await engine.ExecuteAsync("INSERT OR REPLACE INTO r VALUES ('b', 20)"); // deletes the old 'b' row, new rowid
        await engine.ExecuteAsync("REPLACE INTO r(rowid, name, n) VALUES (100, 'a2', 10)");
        await engine.ExecuteAsync("DELETE FROM r WHERE name = 'c'");
        await engine.SyncNowAsync();
        await AssertMirrorsAsync(engine, "r", "SELECT name, n FROM r");
    }

    [Fact]
    public async Task Cycles_respect_the_batch_size_and_report_lag()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", SyncBatchSize = 3 });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64")], ["id"]));
        Assert.Equal(new SyncStatus(0, null), (await engine.SyncStatusAsync()).Counts());
        for (var i = 0; i < 7; i++)
        {
            await engine.ExecuteAsync("INSERT INTO t VALUES (?)", [i]);
        }

        Assert.Equal(7, (await engine.SyncStatusAsync()).Lag);
        Assert.Equal(new SyncResult(3, 3, 0, 0, 3), await engine.SyncNowAsync());
        Assert.Equal(new SyncStatus(4, 3), (await engine.SyncStatusAsync()).Counts());
        Assert.Equal(3, Olap.Rows(engine, "t").Count);
        Assert.Equal(3, (await engine.SyncNowAsync()).EventsProcessed);
        Assert.Equal(1, (await engine.SyncNowAsync()).EventsProcessed);
        Assert.Equal(new SyncResult(0, 0, 0, 0, 0), await engine.SyncNowAsync());
        Assert.Equal(new SyncStatus(0, 7), (await engine.SyncStatusAsync()).Counts());
        Assert.Equal(7, Olap.Rows(engine, "t").Count);
        Assert.Empty(await engine.QueryOltpAsync("SELECT seq FROM _yoda_cdc_log WHERE op <> 'P'").ContinueWith(t => t.Result.Where(b => b.Length > 0)));
    }

    [Fact]
    public async Task Without_pruning_the_log_keeps_applied_events()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", PruneAfterSync = false });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO t VALUES (1), (2)");
        var result = await engine.SyncNowAsync();
        Assert.Null(result.PrunedCount);
        Assert.Equal(2, (await engine.QueryOltpAsync("SELECT seq FROM _yoda_cdc_log")).Sum(b => b.Length));
        Assert.Equal(new SyncStatus(0, 2), (await engine.SyncStatusAsync()).Counts());
    }

    [Fact]
    public async Task Rolled_back_writes_leave_no_event()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64")], ["id"]));
        await Assert.ThrowsAsync<YodaException>(() => engine.ExecuteBatchAsync(["INSERT INTO t VALUES (1)", "INSERT INTO nowhere VALUES (2)"]));
        await engine.ExecuteAsync("BEGIN; INSERT INTO t VALUES (5); ROLLBACK;");
        Assert.Equal(0, (await engine.SyncStatusAsync()).Lag);
        Assert.Equal(0, (await engine.SyncNowAsync()).EventsProcessed);
        Assert.Empty(Olap.Rows(engine, "t"));
    }

    [Fact]
    public async Task Events_of_several_tables_apply_in_one_atomic_cycle()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE a(id INTEGER PRIMARY KEY); CREATE TABLE b(id INTEGER PRIMARY KEY)");
        await engine.RegisterTableAsync(new TableSchema("a", [("id", "int64")], ["id"]));
        await engine.RegisterTableAsync(new TableSchema("b", [("id", "int64")], ["id"]));
        await engine.ExecuteBatchAsync(["INSERT INTO a VALUES (1)", "INSERT INTO b VALUES (1)", "DELETE FROM a", "INSERT INTO b VALUES (2)"]);
        var before = engine.OlapCatalog;
        await engine.SyncNowAsync();
        Assert.True(before.TryGetTable("b", out var old));
        Assert.Equal(0, old.LiveRowCount); // an earlier snapshot never changes
        Assert.Empty(Olap.Rows(engine, "a"));
        Assert.Equal(2, Olap.Rows(engine, "b").Count);
    }

    [Fact]
    public async Task Background_loop_catches_up_by_itself()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig
        {
            OltpPath = ":memory:", SyncInterval = TimeSpan.FromMilliseconds(10), SyncBatchSize = 10,
        });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64")], ["id"]));
        await engine.ExecuteBatchAsync(Enumerable.Range(0, 95).Select(i => $"INSERT INTO t VALUES ({i})"));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Olap.Rows(engine, "t").Count < 95 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(95, Olap.Rows(engine, "t").Count);
        var status = await engine.SyncStatusAsync();
        Assert.Equal(0, status.Lag);
        Assert.Null(status.LastError);
    }

    /// <summary>The OLAP table holds exactly the rows of the SQLite query, as a multiset.</summary>
    internal static async Task AssertMirrorsAsync(HtapEngine engine, string table, string sqliteQuery)
    {
        var expected = (await engine.QueryOltpAsync(sqliteQuery)).SelectMany(b => OltpTests.Render(b).Split('|', StringSplitOptions.RemoveEmptyEntries)).Order().ToList();
        var actual = Olap.Rows(engine, table).Select(r => string.Join(",", r.Select(Format))).Order().ToList();
        Assert.Equal(expected, actual);
    }

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        byte[] bytes => Convert.ToHexString(bytes),
        double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
