using System.Diagnostics;

namespace Yoda.Core.Tests;

/// <summary>
/// The background loop under a steady stream of writes: woken by writes, it still starts cycles at
/// most every min(SyncInterval, 10 ms), so the writes are applied in batches, and all of them are.
/// </summary>
public sealed class SyncLoopPacingTests
{
    [Fact]
    public async Task A_stream_of_writes_is_applied_in_cycles_at_most_every_gap_not_one_per_write()
    {
        using var dir = new TempDirectory();
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = dir.File("p.db"), SyncInterval = TimeSpan.FromSeconds(1) });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64")], ["id"]));
        await WriteAndWaitAsync(engine, -200, 0); // the first cycles would time the JIT
        var before = engine.BackgroundCycles;
        var watch = Stopwatch.StartNew();

        const int writes = 2000;
        await WriteAndWaitAsync(engine, 0, writes);

        watch.Stop();
        Assert.Equal(0, (await engine.SyncStatusAsync()).Lag);
        Assert.Equal(writes + 200, Olap.Rows(engine, "t").Count);
        var cycles = engine.BackgroundCycles - before;
        var allowed = (long)(watch.Elapsed.TotalMilliseconds / 10) + 2; // one per 10 ms gap, plus the one in flight
        Assert.True(cycles <= allowed, $"{cycles} cycles for {writes} writes in {watch.Elapsed.TotalMilliseconds:F0} ms (at most {allowed})");
    }

    private static async Task WriteAndWaitAsync(HtapEngine engine, int from, int to)
    {
        for (var id = from; id < to; id++)
        {
            await engine.ExecuteAsync("INSERT INTO t VALUES (?)", [id]);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await engine.SyncStatusAsync()).Lag > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }
    }
}
