#if YODA_ENGINE
using System.Diagnostics;
using Yoda.Bench.Cli;

namespace Yoda.Bench.Htap;

/// <summary>The figures themselves; each is measured on its own fresh engine and file.</summary>
public static partial class HtapRunner
{
    private static async Task<int> RunFiguresAsync(HtapOptions options, IReadOnlyList<string> rawArgs, CancellationToken ct)
    {
        var figures = new List<HtapFigure>();
        async Task Measure(string group, string name, Func<Task<IEnumerable<HtapFigure>>> measure)
        {
            Console.WriteLine($"measuring {group}: {name} ...");
            int before = figures.Count;
            try
            {
                figures.AddRange(await measure());
            }
            catch (Exception e) when (IsNotImplemented(e))
            {
                figures.Add(HtapFigure.NotAvailable(group, name, e));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                figures.Add(HtapFigure.Error(group, name, e));
            }

            foreach (var f in figures.Skip(before))
            {
                Console.WriteLine($"  {f.Name}: {f.Value} ({f.Note})");
            }
        }

        if (options.Runs("capture"))
        {
            await Measure("capture", $"capture off and on, {CaptureRounds} rounds", () => CaptureAsync(options, ct));
        }

        foreach (var mode in options.Runs("apply") ? new[] { SyncMode.Destructive, SyncMode.Temporal } : [])
        {
            await Measure("apply", $"SyncNowAsync, {mode}", () => ApplyAsync(options.ApplyRows, mode, options.ApplyCompaction, ct));
        }

        foreach (var mode in options.Runs("compaction") ? new[] { SyncMode.Destructive, SyncMode.Temporal } : [])
        {
            foreach (var threshold in new[] { 0.0, new HtapConfig().CompactionThreshold })
            {
                await Measure("compaction", $"{mode}, threshold {threshold}, {options.CompactionRows:N0} rows", () => CompactionAsync(options.CompactionRows, mode, threshold, ct));
            }
        }

        if (options.Runs("initial"))
        {
            await Measure("initial sync", $"InitialSyncAsync, {options.InitialRows:N0} rows", () => InitialSyncAsync(options.InitialRows, ct));
        }

        foreach (int rate in options.Runs("freshness") ? options.FreshnessRates : [])
        {
            await Measure("freshness", $"{rate:N0} writes/s", () => FreshnessAsync(rate, options, ct));
        }

        foreach (var storage in options.Runs("storage") ? new[] { StorageMode.ArrowIpc, StorageMode.Parquet } : [])
        {
            await Measure("storage", $"{storage}, {options.StorageCycleRows:N0} rows per cycle", () => StorageAsync(storage, options, ct));
        }

        var report = new HtapReport(options, rawArgs, figures);
        string text = report.Render();
        Console.WriteLine();
        Console.WriteLine(text);
        if (options.Save)
        {
            Console.WriteLine($"written {report.Save(text)}");
        }

        return figures.Any(f => f.IsFailure) ? 1 : 0;
    }

    private static bool IsNotImplemented(Exception e) =>
        e is NotImplementedException or NotSupportedException
        || (e is YodaException && e.Message.Contains("not supported", StringComparison.OrdinalIgnoreCase))
        || (e.InnerException is not null && IsNotImplemented(e.InnerException));

    private const int WarmUpRounds = 20;

    private static async Task<IEnumerable<HtapFigure>> ApplyAsync(int rows, SyncMode mode, string compaction, CancellationToken ct)
    {
        await using var session = await HtapSession.OpenAsync(
            path => new HtapConfig
            {
                OltpPath = path,
                SyncMode = mode,
                SyncBatchSize = Math.Max(rows, 1000),
                CompactionThreshold = compaction == "off" ? 0 : new HtapConfig().CompactionThreshold,
                CompactionInBackground = compaction == "background",
            },
            ct);
        // Warm-up outside the figures, on a table of its own (the measured one starts empty): the
        // first cycles of each kind would otherwise time the JIT (tier-0 code, then tier-1
        // compiled in the background a moment later), not the steady state. Code run once per
        // cycle or per block is promoted after 30 calls, so the warm-up runs 40 cycles of each
        // kind, then pauses while the background compiler finishes.
        await session.CreateAsync("warm", register: true, ct);
        for (int round = 0; round < WarmUpRounds; round++)
        {
            await session.Engine.ExecuteBatchAsync(HtapSession.Inserts("warm", -10_000, 0, 500).ToList(), ct);
            await SyncUntilEmptyAsync(session.Engine, ct);
            await session.Engine.ExecuteAsync("UPDATE warm SET val = val + 1", null, ct);
            await SyncUntilEmptyAsync(session.Engine, ct);
            await session.Engine.ExecuteAsync("DELETE FROM warm", null, ct);
            await SyncUntilEmptyAsync(session.Engine, ct);
        }

        await session.CreateAsync("ev", register: true, ct);

        await Task.Delay(1000, ct);

        var figures = new List<HtapFigure>();
        foreach (var (kind, sql) in new[]
                 {
                     ("inserts", (string?)null),
                     ("updates", "UPDATE ev SET val = val + 1, name = 'updated'"),
                     ("deletes", "DELETE FROM ev"),
                 })
        {
            if (sql is null)
            {
                foreach (var chunk in HtapSession.Inserts("ev", 0, rows, 500).Chunk(200))
                {
                    await session.Engine.ExecuteBatchAsync(chunk, ct);
                }
            }
            else
            {
                await session.Engine.ExecuteAsync(sql, null, ct);
            }

            long lag = (await session.Engine.SyncStatusAsync(ct)).Lag;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            long events = await SyncUntilEmptyAsync(session.Engine, ct);
            watch.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            figures.Add(HtapFigure.Rate("apply", $"{mode}: {kind}", events, watch.Elapsed, "events/s",
                $"process CPU {cpu.TotalSeconds:F2} s ({events / Math.Max(cpu.TotalSeconds, 1e-6):N0} events per CPU-second); lag before {lag:N0}; timed: SyncNowAsync until a cycle applies nothing; SyncBatchSize {Math.Max(rows, 1000):N0}; compaction {compaction}"));
        }

        return figures;
    }

    /// <summary>
    /// What a user draining the log sees: cycles until one finds nothing to apply (that last,
    /// empty cycle included). No status count in between: it would time a count of the log.
    /// </summary>
    private static async Task<long> SyncUntilEmptyAsync(HtapEngine engine, CancellationToken ct)
    {
        long events = 0;
        while ((await engine.SyncNowAsync(ct)).EventsProcessed is var applied and > 0)
        {
            events += applied;
        }

        return events;
    }
}
#endif
