#if YODA_ENGINE
using System.Diagnostics;
using Yoda.Bench.Cli;

namespace Yoda.Bench.Htap;

/// <summary>
/// Durable storage under many small sync cycles: each cycle inserts rows and updates a tenth as
/// many, then syncs. Write amplification is the bytes the storage wrote (data files, deletion
/// vectors, manifests) over the bytes its files hold at the end; the same final state written
/// in one cycle is measured too, as the floor.
/// </summary>
public static partial class HtapRunner
{
    private static async Task<IEnumerable<HtapFigure>> StorageAsync(StorageMode storage, HtapOptions options, CancellationToken ct)
    {
        var (small, smallTime, smallMaxFiles) = await StorageRunAsync(storage, options.StorageRows, options.StorageCycleRows, ct);
        var (bulk, _, _) = await StorageRunAsync(storage, options.StorageRows, options.StorageRows, ct);
        var cycles = (options.StorageRows + options.StorageCycleRows - 1) / options.StorageCycleRows;
        var name = $"{storage}, {options.StorageRows:N0} rows in cycles of {options.StorageCycleRows:N0} (+{Math.Max(1, options.StorageCycleRows / 10)} updates)";
        return
        [
            new HtapFigure("storage", name + ": write amplification",
                $"{(double)small.BytesWritten / small.StoredBytes:F2}×",
                $"{small.BytesWritten:N0} bytes written for {small.StoredBytes:N0} bytes stored; {(double)small.BytesWritten / bulk.StoredBytes:F2}× the one-cycle size "
                + $"({bulk.StoredBytes:N0} bytes; one cycle writes {(double)bulk.BytesWritten / bulk.StoredBytes:F2}×); {small.FilesWritten:N0} files written"),
            new HtapFigure("storage", name + ": files per table",
                $"{small.FileCount} at the end, {smallMaxFiles} at most",
                $"segments of 65,536 rows; {cycles:N0} cycles"),
            HtapFigure.Rate("storage", name + ": sync cycles", cycles, smallTime, "cycles/s",
                "SyncNowAsync including the durable publish (fsync of each new file, the manifest and its directory)"),
        ];
    }

    /// <summary>Writes and syncs, cycle after cycle; returns the storage figures, the time spent syncing and the most files seen.</summary>
    private static async Task<(OlapStorageInfo Info, TimeSpan SyncTime, int MaxFiles)> StorageRunAsync(
        StorageMode storage, int rows, int cycleRows, CancellationToken ct)
    {
        await using var session = await HtapSession.OpenAsync(path => new HtapConfig
        {
            OltpPath = path,
            StorageMode = storage,
            StoragePath = Path.Combine(Path.GetDirectoryName(path)!, "olap"),
            SyncBatchSize = Math.Max(1000, cycleRows * 2),
        }, ct);
        await session.CreateAsync("ev", register: true, ct);
        var random = new Random(42);
        var syncTime = TimeSpan.Zero;
        var maxFiles = 0;
        for (var start = 0; start < rows; start += cycleRows)
        {
            var end = Math.Min(rows, start + cycleRows);
            var statements = HtapSession.Inserts("ev", start, end, 100).ToList();
            for (var u = 0; u < Math.Max(1, cycleRows / 10); u++)
            {
                statements.Add($"UPDATE ev SET val = val + 1 WHERE id = {random.Next(end)}");
            }

            await session.Engine.ExecuteBatchAsync(statements, ct);
            var watch = Stopwatch.StartNew();
            await session.DrainAsync(ct);
            syncTime += watch.Elapsed;
            maxFiles = Math.Max(maxFiles, session.Engine.OlapStorage()!.MaxFilesPerTable);
        }

        return (session.Engine.OlapStorage()!, syncTime, maxFiles);
    }
}
#endif
