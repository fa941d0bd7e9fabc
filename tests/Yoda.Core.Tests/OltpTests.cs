using System.Numerics;
using Apache.Arrow;

namespace Yoda.Core.Tests;

public class OltpTests
{
    [Fact]
    public async Task Concurrent_writers_never_see_database_is_locked()
    {
        using var dir = new TempDirectory();
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = dir.File("w.db") });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, writer INTEGER)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("writer", "int64")], ["id"]));
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await engine.ExecuteAsync("INSERT INTO t(writer) VALUES (?)", [w]);
                if (i % 10 == 0)
                {
                    await engine.QueryAsync("SELECT * FROM t WHERE writer = ?", [w]);
                }
            }
        }));
        await Task.WhenAll(writers);
        var count = await engine.QueryAsync("SELECT id FROM t");
        Assert.Equal(400, count.Sum(b => b.Length));
        Assert.Equal(400, (await engine.SyncStatusAsync()).Lag);
    }

    [Fact]
    public async Task A_failing_batch_applies_nothing_and_says_which_statement_failed()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64")], ["id"]));
        var error = await Assert.ThrowsAsync<YodaException>(() => engine.ExecuteBatchAsync(
            ["INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)", "INSERT INTO t VALUES (1)"]));
        Assert.Contains("statement 3 of 3", error.Message);
        Assert.Contains("UNIQUE", error.Message);
        Assert.Empty((await engine.QueryAsync("SELECT id FROM t")).SelectMany(Ids));
        Assert.Equal(0, (await engine.SyncStatusAsync()).Lag);

        await engine.ExecuteBatchAsync(["INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)"]);
        Assert.Equal([1L, 2L], (await engine.QueryAsync("SELECT id FROM t ORDER BY id")).SelectMany(Ids));
        Assert.Equal(2, (await engine.SyncStatusAsync()).Lag);
    }

    [Fact]
    public async Task Every_placeholder_style_binds_positionally()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE p(a, b, c)");
        Assert.Equal(1, await engine.ExecuteAsync("INSERT INTO p VALUES (?, ?, ?)", [1, "x", null]));
        Assert.Equal(1, await engine.ExecuteAsync("INSERT INTO p VALUES (?3, ?1, ?2)", [2, "y", 3.5]));
        Assert.Equal(1, await engine.ExecuteAsync("INSERT INTO p VALUES (:a, @b, $c)", [3, "z", new byte[] { 1, 2 }]));
        Assert.Equal(1, await engine.ExecuteAsync("INSERT INTO p VALUES (:a, :a, '?' || ?)", [4, "q"]));
        var rows = await engine.QueryAsync("SELECT a, b, c FROM p ORDER BY rowid");
        var batch = Assert.Single(rows);
        Assert.Equal("1,x,NULL|3.5,2,y|3,z,0102|4,4,?q", Render(batch));
    }

    [Fact]
    public async Task Parameter_types_are_normalised_and_bad_ones_rejected()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE p(v)");
        object?[] values = [true, (byte)7, (short)-3, 5u, ulong.MaxValue, new BigInteger(long.MaxValue) * 4, 1.5f, 2.25m, DBNull.Value];
        foreach (var value in values)
        {
            await engine.ExecuteAsync("INSERT INTO p VALUES (?)", [value]);
        }

        var batch = Assert.Single(await engine.QueryAsync("SELECT v FROM p ORDER BY rowid"));
        Assert.Equal("1|7|-3|5|18446744073709551615|36893488147419103228|1.5|2.25|NULL", Render(batch));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => engine.ExecuteAsync("INSERT INTO p VALUES (?, ?)", [1, new object()]));
        Assert.Contains("parameter 1", error.Message);
        Assert.Contains("System.Object", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => engine.ExecuteAsync("INSERT INTO p VALUES (?)", [1, 2]));
    }

    [Fact]
    public async Task Sql_errors_from_sqlite_are_yoda_exceptions()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        var error = await Assert.ThrowsAsync<YodaException>(() => engine.ExecuteAsync("INSERT INTO missing VALUES (1)"));
        Assert.Contains("no such table: missing", error.Message);
    }

    [Fact]
    public async Task Shutdown_is_idempotent_and_members_throw_afterwards()
    {
        var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", SyncInterval = TimeSpan.FromMilliseconds(5) });
        engine.Shutdown();
        engine.Shutdown();
        await engine.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.ExecuteAsync("SELECT 1"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.QueryAsync("SELECT 1"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.SyncNowAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.SyncStatusAsync());
    }

    [Fact]
    public async Task Cancellation_surfaces_as_operation_canceled()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.ExecuteAsync("CREATE TABLE x(a)", ct: cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.SyncNowAsync(cts.Token));
    }

    internal static IEnumerable<long> Ids(RecordBatch batch) =>
        Enumerable.Range(0, batch.Length).Select(r => (long)Columnar.Storage.ArrowValues.Get(batch.Column(0), r)!);

    internal static string Render(RecordBatch batch) => string.Join("|", Enumerable.Range(0, batch.Length).Select(r =>
        string.Join(",", Enumerable.Range(0, batch.ColumnCount).Select(c => Columnar.Storage.ArrowValues.Get(batch.Column(c), r) switch
        {
            null => "NULL",
            byte[] bytes => Convert.ToHexString(bytes),
            double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
            var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
        }))));
}

public class OpeningTests
{
    [Fact]
    public async Task Every_way_of_opening_gives_a_working_engine()
    {
        using var dir = new TempDirectory();
        using (var engine = new HtapEngine(new HtapConfig { OltpPath = dir.File("a.db") }))
        {
            await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY)");
        }

        await using (var engine = await HtapEngine.OpenAsync(dir.File("a.db")))
        {
            Assert.Equal(dir.File("a.db"), engine.Config.OltpPath);
            Assert.Equal(1, await engine.ExecuteAsync("INSERT INTO t VALUES (1)"));
        }

        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(dir.Path);
        try
        {
            using var engine = new HtapEngine();
            Assert.Equal("yoda.db", engine.Config.OltpPath);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }

        Assert.True(File.Exists(dir.File("yoda.db")));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => HtapEngine.OpenAsync(dir.File("b.db"), new CancellationToken(true)));
    }

    [Fact]
    public async Task An_unopenable_file_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var error = await Assert.ThrowsAsync<YodaException>(() => HtapEngine.OpenAsync(Path.Combine(dir.Path, "missing-dir", "x.db")));
        Assert.Contains("cannot open SQLite database", error.Message);
    }
}
