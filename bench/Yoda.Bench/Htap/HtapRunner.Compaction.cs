#if YODA_ENGINE
using System.Diagnostics;

namespace Yoda.Bench.Htap;

/// <summary>
/// Memory given back by compaction: a table's stored rows and bytes per live row after a round of
/// updates and deletes, with compaction after cycles off (then <c>CompactAsync</c>) and on (in the
/// background, the default: the figures after the cycles and after it has finished).
/// </summary>
public static partial class HtapRunner
{
    private static async Task<IEnumerable<HtapFigure>> CompactionAsync(int rows, SyncMode mode, double threshold, CancellationToken ct)
    {
        await using var session = await HtapSession.OpenAsync(
            path => new HtapConfig { OltpPath = path, SyncMode = mode, SyncBatchSize = Math.Max(rows, 1000), CompactionThreshold = threshold }, ct);
        await session.CreateAsync("ev", register: true, ct);
        foreach (var chunk in HtapSession.Inserts("ev", 0, rows, 500).Chunk(200))
        {
            await session.Engine.ExecuteBatchAsync(chunk, ct);
        }

        await SyncUntilEmptyAsync(session.Engine, ct);
        var loaded = Table(session.Engine);

        // Three rows in five updated, one deleted: what is left of the loaded segments is a fifth.
        await session.Engine.ExecuteAsync("UPDATE ev SET val = val + 1, name = 'updated' WHERE id % 5 IN (0, 1, 2)", null, ct);
        await session.Engine.ExecuteAsync("DELETE FROM ev WHERE id % 5 = 3", null, ct);
        var watch = Stopwatch.StartNew();
        long events = await SyncUntilEmptyAsync(session.Engine, ct);
        watch.Stop();
        var changed = Table(session.Engine);

        string setting = threshold == 0 ? "compaction off" : $"CompactionThreshold {threshold}";
        var figures = new List<HtapFigure>
        {
            new("compaction", $"{mode}, {setting}: loaded", Describe(loaded), $"{rows:N0} rows inserted and synced"),
            new("compaction", $"{mode}, {setting}: after updating 60% and deleting 20%", Describe(changed),
                $"{events:N0} events applied in {watch.Elapsed.TotalMilliseconds:F0} ms ({events / watch.Elapsed.TotalSeconds:N0} events/s; background compaction, when on, not waited for)"),
        };
        if (threshold > 0)
        {
            // Compaction runs in the background (the default): wait until it has dropped every deleted row.
            watch.Restart();
            while (Table(session.Engine) is var table && table.StoredRows > table.LiveRows && watch.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(5, ct);
            }

            figures.Add(new("compaction", $"{mode}, {setting}: after the background compaction", Describe(Table(session.Engine)),
                $"{watch.Elapsed.TotalMilliseconds:F0} ms after the last cycle"));
        }
        else
        {
            watch.Restart();
            var result = await session.Engine.CompactAsync(ct);
            watch.Stop();
            figures.Add(new("compaction", $"{mode}, then CompactAsync", Describe(Table(session.Engine)),
                $"{result.SegmentsCompacted} segments, {result.RowsRemoved:N0} rows removed in {watch.Elapsed.TotalMilliseconds:F0} ms"));
        }

        return figures;
    }

    private static OlapTableInfo Table(HtapEngine engine) => engine.OlapTables().Single(t => t.Name == "ev");

    private static string Describe(OlapTableInfo table) =>
        $"{table.StoredRows:N0} stored / {table.LiveRows:N0} live rows, {table.Bytes / (double)Math.Max(1, table.LiveRows):F1} B per live row, {table.Bytes / 1e6:F1} MB, {table.Segments} segments";
}
#endif
