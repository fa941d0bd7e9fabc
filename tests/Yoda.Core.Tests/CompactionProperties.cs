using FsCheck.Xunit;
using Yoda.Core.Tests.Persistence;

namespace Yoda.Core.Tests;

/// <summary>Random writes through SQLite with syncs and compactions in between: OLAP equals SQLite after every sync.</summary>
[Trait("Backend", "ColumnarOnly")]
public class CompactionProperties
{
    /// <summary>
    /// Each number is one step: its value mod 6 picks an insert (or replace), an update, a delete,
    /// a sync, or a sync followed by <see cref="HtapEngine.CompactAsync"/>; the rest picks the key.
    /// Compaction also runs after cycles (threshold 0.3, two segments a cycle).
    /// </summary>
    [Property(MaxTest = 12)]
    public void Olap_equals_sqlite_after_every_sync_with_compactions_interleaved(int[] steps, bool temporal) => Task.Run(async () =>
    {
        var mode = temporal ? SyncMode.Temporal : SyncMode.Destructive;
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig
        {
            OltpPath = ":memory:",
            SyncMode = mode,
            OlapSegmentCapacity = 4,
            CompactionThreshold = 0.3,
            CompactionSegmentsPerCycle = 2,
        });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("name", "utf8"), ("score", "float64")], ["id"]));
        for (var i = 0; i < steps.Length; i++)
        {
            var key = Math.Abs(steps[i] / 6 % 24);
            switch (Math.Abs(steps[i] % 6))
            {
                case 0 or 1:
                    await engine.ExecuteAsync("INSERT OR REPLACE INTO t VALUES (?, ?, ?)", [key, $"s{i}", i * 0.25]);
                    break;
                case 2:
                    await engine.ExecuteAsync("UPDATE t SET score = score + 1, name = ? WHERE id >= ? AND id < ? + 3", [$"u{i}", key, key]);
                    break;
                case 3:
                    await engine.ExecuteAsync("DELETE FROM t WHERE id = ? OR id = ? + 7", [key, key]);
                    break;
                default:
                    await DurableStorageTests.SyncAllAsync(engine);
                    await DurableStorageTests.AssertCurrentMatchesSqliteAsync(engine, mode);
                    if (Math.Abs(steps[i] % 6) == 5)
                    {
                        await engine.CompactAsync();
                        await DurableStorageTests.AssertCurrentMatchesSqliteAsync(engine, mode);
                    }

                    break;
            }
        }

        await DurableStorageTests.SyncAllAsync(engine);
        await DurableStorageTests.AssertCurrentMatchesSqliteAsync(engine, mode);
    }).GetAwaiter().GetResult();
}
