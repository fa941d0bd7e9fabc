using Microsoft.Data.Sqlite;

namespace Yoda.Core.Tests;

/// <summary>Cycles end on transaction boundaries, fail atomically, and the loop stays alive and visible.</summary>
public class SyncCycleTests
{
    [Fact]
    public async Task A_cycle_never_ends_inside_a_transaction_unless_it_alone_exceeds_the_batch()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", SyncBatchSize = 5 });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64")], ["id"]));
        await engine.ExecuteBatchAsync(Enumerable.Range(0, 3).Select(i => $"INSERT INTO t VALUES ({i})"));
        await engine.ExecuteBatchAsync(Enumerable.Range(10, 4).Select(i => $"INSERT INTO t VALUES ({i})"));
        await engine.ExecuteBatchAsync(Enumerable.Range(20, 7).Select(i => $"INSERT INTO t VALUES ({i})"));
        await engine.ExecuteAsync("INSERT INTO t VALUES (30)");
        var sizes = new List<long>();
        SyncResult result;
        while ((result = await engine.SyncNowAsync()).EventsProcessed > 0)
        {
            sizes.Add(result.EventsProcessed);
        }

        Assert.Equal([3L, 4L, 5L, 3L], sizes);
        Assert.Equal(15, Olap.Rows(engine, "t").Count);
    }

    [Fact]
    public async Task A_failing_cycle_changes_nothing_and_the_next_one_retries()
    {
        using var dir = new TempDirectory();
        var path = dir.File("f.db");
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = path });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("v", "utf8")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO t VALUES (1, 'a')");
        await engine.SyncNowAsync();
        await engine.ExecuteAsync("INSERT INTO t VALUES (2, 'b')");
        await engine.ExecuteAsync("UPDATE t SET v = 'A' WHERE id = 1");
        var corrupt = InsertCorruptEvent(path);
        await engine.ExecuteAsync("INSERT INTO t VALUES (3, 'c')");
        var before = engine.OlapCatalog;

        var error = await Assert.ThrowsAsync<YodaException>(() => engine.SyncNowAsync());
        Assert.Contains($"event {corrupt}", error.Message + error.InnerException?.Message);
        Assert.Same(before, engine.OlapCatalog);
        Assert.Equal(new SyncStatus(4, 1), (await engine.SyncStatusAsync()).Counts());

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.SyncNowAsync(cancelled.Token));
        Assert.Same(before, engine.OlapCatalog);

        DeleteEvent(path, corrupt);
        Assert.Equal(3, (await engine.SyncNowAsync()).EventsProcessed);
        await DestructiveSyncTests.AssertMirrorsAsync(engine, "t", "SELECT id, v FROM t");
    }

    [Fact]
    public async Task The_loop_reports_errors_backs_off_and_recovers()
    {
        using var dir = new TempDirectory();
        var path = dir.File("l.db");
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = path, SyncInterval = TimeSpan.FromMilliseconds(10) });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64")], ["id"]));
        var corrupt = InsertCorruptEvent(path);
        await engine.ExecuteAsync("INSERT INTO t VALUES (1)");

        var status = await WaitForAsync(engine, s => s.LastError is not null);
        Assert.Contains($"event {corrupt}", status.LastError);
        Assert.Equal(2, status.Lag);
        Assert.NotNull(status.OldestUnappliedAge);

        DeleteEvent(path, corrupt);
        status = await WaitForAsync(engine, s => s.Lag == 0 && s.LastError is null);
        Assert.NotNull(status.LastSuccessAt);
        Assert.Null(status.OldestUnappliedAge);
        Assert.Single(Olap.Rows(engine, "t"));
    }

    [Fact]
    public async Task The_loop_wakes_early_when_the_engine_writes()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", SyncInterval = TimeSpan.FromHours(1) });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO t VALUES (1)");
        await WaitForAsync(engine, s => s.Lag == 0 && s.LastSyncedSeq is not null);
        Assert.Single(Olap.Rows(engine, "t"));
    }

    private static async Task<SyncStatus> WaitForAsync(HtapEngine engine, Func<SyncStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var status = await engine.SyncStatusAsync();
            if (condition(status) || DateTime.UtcNow > deadline)
            {
                Assert.True(condition(status), $"condition not reached: {status}");
                return status;
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Another program writes an event Yoda cannot decode.</summary>
    private static long InsertCorruptEvent(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO _yoda_cdc_log(table_name, op, ts, schema_version) "
                              + "VALUES ('t', 'X', 0, 1); SELECT last_insert_rowid();";
        return (long)command.ExecuteScalar()!;
    }

    private static void DeleteEvent(string path, long sequence)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM _yoda_cdc_log WHERE seq = {sequence}";
        command.ExecuteNonQuery();
    }
}
