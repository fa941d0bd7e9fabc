namespace Yoda.Core.Tests;

/// <summary>Initial sync, reopening an existing file, and schema changes.</summary>
public class LifecycleTests
{
    [Theory]
    [InlineData(SyncMode.Destructive)]
    [InlineData(SyncMode.Temporal)]
    public async Task Initial_sync_loads_existing_rows_without_losing_or_doubling_concurrent_writes(SyncMode mode)
    {
        using var dir = new TempDirectory();
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = dir.File("i.db"), SyncMode = mode, SyncBatchSize = 50 });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
        await engine.ExecuteBatchAsync(Enumerable.Range(0, 5000).Select(i => $"INSERT INTO t VALUES ({i}, {i})"));
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("v", "int64")], ["id"]));

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var n = 5000;
            while (!stop.IsCancellationRequested)
            {
                await engine.ExecuteAsync("INSERT INTO t VALUES (?, ?)", [n, n]);
                await engine.ExecuteAsync("UPDATE t SET v = v + 1 WHERE id = ?", [n % 5000]);
                await engine.ExecuteAsync("DELETE FROM t WHERE id = ?", [n - 4000]);
                n++;
            }
        });
        await Task.Delay(50);
        var loaded = await engine.InitialSyncAsync("t");
        Assert.True(loaded >= 4000);
        await Task.Delay(50);
        stop.Cancel();
        await writer;
        while ((await engine.SyncNowAsync()).EventsProcessed > 0)
        {
        }

        var expected = (await engine.QueryOltpAsync("SELECT id, v FROM t")).SelectMany(b => OltpTests.Render(b).Split('|')).Order().ToList();
        var current = Olap.Rows(engine, "t").Where(r => mode == SyncMode.Destructive || r[3] is null).Select(r => $"{r[0]},{r[1]}").Order().ToList();
        Assert.Equal(expected, current);
    }

    [Fact]
    public async Task Initial_sync_of_an_unregistered_table_is_an_error()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        Assert.Contains("not registered", (await Assert.ThrowsAsync<YodaException>(() => engine.InitialSyncAsync("nope"))).Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Reopening_restores_registrations_and_rebuilds_olap(bool prune)
    {
        using var dir = new TempDirectory();
        var config = new HtapConfig { OltpPath = dir.File("r.db"), PruneAfterSync = prune };
        await using (var engine = await HtapEngine.OpenAsync(config))
        {
            await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)");
            await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("name", "utf8")], ["id"]));
            await engine.ExecuteAsync("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            await engine.SyncNowAsync();
            await engine.ExecuteAsync("INSERT INTO t VALUES (3, 'c')"); // captured, never synced
            await engine.AddColumnAsync("t", "extra", "float64");
        }

        await using (var engine = await HtapEngine.OpenAsync(config))
        {
            Assert.Equal(["id", "name", "extra"], Olap.Schema(engine, "t").FieldsList.Select(f => f.Name));
            Assert.Equal(new SyncStatus(0, 3), (await engine.SyncStatusAsync()).Counts());
            await DestructiveSyncTests.AssertMirrorsAsync(engine, "t", "SELECT id, name, extra FROM t");
            await engine.ExecuteAsync("UPDATE t SET extra = 1.5 WHERE id = 3");
            Assert.Equal(new SyncResult(1, 0, 1, 0, prune ? 1 : null), await engine.SyncNowAsync());
            await DestructiveSyncTests.AssertMirrorsAsync(engine, "t", "SELECT id, name, extra FROM t");
            Assert.Contains("already registered", (await Assert.ThrowsAsync<YodaException>(() =>
                engine.RegisterTableAsync(new TableSchema("t", [("id", "int64")], ["id"])))).Message);
        }
    }

    [Theory]
    [InlineData(SyncMode.Destructive)]
    [InlineData(SyncMode.Temporal)]
    public async Task Column_changes_keep_events_captured_before_them(SyncMode mode)
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", SyncMode = mode });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INTEGER)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("a", "utf8"), ("b", "int64")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO t VALUES (1, 'one', 10)");          // version 1 event
        await engine.AddColumnAsync("t", "c", "float64");
        await engine.ExecuteAsync("INSERT INTO t VALUES (2, 'two', 20, 2.5)");     // version 2 event
        await engine.DropColumnAsync("t", "b");
        await engine.ExecuteAsync("INSERT INTO t VALUES (3, 'three', 3.5)");       // version 3 event
        await engine.ExecuteAsync("UPDATE t SET c = 1.5 WHERE id = 1");
        Assert.Equal(4, (await engine.SyncNowAsync()).EventsProcessed);
        Assert.Equal(["id", "a", "c"], Olap.Schema(engine, "t").FieldsList.Take(3).Select(f => f.Name));
        var current = Olap.Rows(engine, "t").Where(r => mode == SyncMode.Destructive || r[4] is null)
            .Select(r => $"{r[0]},{r[1]},{r[2] ?? "NULL"}").Order();
        Assert.Equal(["1,one,1.5", "2,two,2.5", "3,three,3.5"], current);
    }

    [Fact]
    public async Task Column_change_errors_change_nothing()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT UNIQUE)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("a", "utf8")], ["id"]));
        Assert.Contains("primary key", (await Assert.ThrowsAsync<YodaException>(() => engine.DropColumnAsync("t", "id"))).Message);
        Assert.Contains("not registered", (await Assert.ThrowsAsync<YodaException>(() => engine.DropColumnAsync("x", "id"))).Message);
        Assert.Contains("no registered column", (await Assert.ThrowsAsync<YodaException>(() => engine.DropColumnAsync("t", "zz"))).Message);
        Assert.Contains("already has a column", (await Assert.ThrowsAsync<YodaException>(() => engine.AddColumnAsync("t", "A", "int64"))).Message);
        Assert.Contains("unknown type", (await Assert.ThrowsAsync<ArgumentException>(() => engine.AddColumnAsync("t", "n", "money"))).Message);
        // SQLite refuses to drop a UNIQUE column: the triggers dropped in the same transaction come back.
        await Assert.ThrowsAsync<YodaException>(() => engine.DropColumnAsync("t", "a"));
        Assert.Equal(3, (await engine.QueryOltpAsync("SELECT name FROM sqlite_master WHERE type = 'trigger'")).Sum(b => b.Length));
        await engine.ExecuteAsync("INSERT INTO t VALUES (1, 'x')");
        await engine.SyncNowAsync();
        Assert.Equal(["id", "a"], Olap.Schema(engine, "t").FieldsList.Select(f => f.Name));
        Assert.Single(Olap.Rows(engine, "t"));
    }
}
