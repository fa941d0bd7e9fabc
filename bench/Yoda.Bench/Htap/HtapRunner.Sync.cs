#if YODA_ENGINE
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using Yoda.Bench.Cli;

namespace Yoda.Bench.Htap;

/// <summary>Initial sync (rows/s, peak and retained memory) and freshness under a steady write rate.</summary>
public static partial class HtapRunner
{
    private static async Task<IEnumerable<HtapFigure>> InitialSyncAsync(int rows, CancellationToken ct)
    {
        await using var session = await HtapSession.OpenAsync(path => new HtapConfig { OltpPath = path, SyncBatchSize = 1_000_000 }, ct);
        await session.CreateAsync("ev", register: false, ct);
        foreach (var chunk in HtapSession.Inserts("ev", 0, rows, 500).Chunk(200))
        {
            await session.Engine.ExecuteBatchAsync(chunk, ct);
        }

        long managedBefore = ProcessMemory.ManagedBytesAfterFullGc();
        // The inserts above leave free GC memory resident, which the load would reuse unseen
        // (its growth once came out below the OLAP data itself): give it back first.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        long rssBefore = ProcessMemory.ResidentBytes();
        bool peakReset = ProcessMemory.ResetPeak();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await session.Engine.RegisterTableAsync(HtapSession.Schema("ev"), ct);
        long synced = await session.Engine.InitialSyncAsync("ev", ct);
        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        long peak = ProcessMemory.PeakResidentBytes();
        long managedAfter = ProcessMemory.ManagedBytesAfterFullGc();
        long rssAfter = ProcessMemory.ResidentBytes();
        var figures = new List<HtapFigure>
        {
            HtapFigure.Rate("initial sync", "InitialSyncAsync (register + copy)", rows, watch.Elapsed, "rows/s",
                $"returned {synced:N0}; process CPU {cpu.TotalSeconds:F2} s ({rows / Math.Max(cpu.TotalSeconds, 1e-6):N0} rows per CPU-second)"),
            new("initial sync", "process peak RSS during initial sync", ProcessMemory.Mb(peak),
                peakReset ? $"VmHWM reset before; RSS before {ProcessMemory.Mb(rssBefore)}" : "VmHWM of the whole process (reset not permitted)"),
            new("memory", "retained per row after initial sync (managed heap delta)", $"{(managedAfter - managedBefore) / (double)rows:F1} B/row",
                "GC heap after a full collection; Arrow buffers in native memory are not in this figure"),
            rssAfter >= rssBefore
                ? new("memory", "retained per row after initial sync (RSS delta)", $"{(rssAfter - rssBefore) / (double)rows:F1} B/row",
                    "resident set growth; includes SQLite page cache and allocator slack, an upper bound")
                : new("memory", "retained per row after initial sync (RSS delta)", "not measurable",
                    $"the resident set shrank by {ProcessMemory.Mb(rssBefore - rssAfter)} (the GC returned memory during the phase)"),
        };
        try
        {
            var batches = await session.Engine.QueryOlapAsync("SELECT id, grp, val, name FROM ev", ct);
            long bytes = batches.Sum(ArrowBytes);
            long resultRows = batches.Sum(b => (long)b.Length);
            var plain = bytes / (double)Math.Max(1, resultRows);
            figures.Add(new("memory", "plain Arrow bytes per row (the same rows as a query result)",
                $"{plain:F1} B/row", $"{resultRows:N0} rows, buffers of the returned RecordBatches"));
            var table = session.Engine.OlapTables().Single(t => t.Name == "ev");
            var stored = table.Bytes / (double)Math.Max(1, table.LiveRows);
            figures.Add(new("memory", "OLAP table bytes per row (HtapEngine.OlapTables)",
                $"{stored:F1} B/row", $"{stored / plain:F2}× plain Arrow; {table.Segments} segments, {table.StoredRows:N0} stored rows"));
        }
        catch (YodaException e)
        {
            figures.Add(HtapFigure.NotAvailable("memory", "plain Arrow bytes per row", e));
        }

        return figures;
    }

    private static long ArrowBytes(RecordBatch batch)
    {
        long total = 0;
        for (int c = 0; c < batch.ColumnCount; c++)
        {
            total += batch.Column(c).Data.Buffers.Sum(b => (long)b.Length);
        }

        return total;
    }

    private static async Task<IEnumerable<HtapFigure>> FreshnessAsync(int rate, HtapOptions options, CancellationToken ct)
    {
        var interval = TimeSpan.FromMilliseconds(options.SyncIntervalMs);
        await using var session = await HtapSession.OpenAsync(
            path => new HtapConfig { OltpPath = path, SyncInterval = interval, SyncBatchSize = 1_000_000 }, ct);
        await session.CreateAsync("ev", register: true, ct);
        const string insert = "INSERT INTO ev (id, grp, val, name) VALUES (?, ?, ?, ?)";
        await WarmUpFreshnessAsync(session, insert, rate, ct);
        int total = (int)Math.Max(1, rate * options.FreshnessSeconds);
        var committedAt = new long[total];
        var visibleAt = new long[total];
        long written = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var target = new StrongBox<long>(long.MaxValue);
        var probe = Task.Run(() => ProbeAsync(session.Engine, visibleAt, () => Interlocked.Read(ref written), target, stop.Token), ct);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        long deadline = start + (long)(options.FreshnessSeconds * Stopwatch.Frequency);
        for (int i = 0; i < total; i++)
        {
            // The run is bounded in time: a writer that cannot keep the rate stops at the deadline.
            if (Stopwatch.GetTimestamp() > deadline)
            {
                break;
            }

            long due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            // The schedule is absolute: sleeping (never spinning, the machine has two cores) may
            // put a write up to a timer tick late, and the writes behind schedule then go back to back.
            while (Stopwatch.GetTimestamp() < due)
            {
                await Task.Delay(1, ct);
            }

            await session.Engine.ExecuteAsync(insert, HtapSession.Row(i), ct);
            committedAt[i] = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref written);
        }

        double writeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        int attempted = total;
        total = (int)Interlocked.Read(ref written);
        Interlocked.Exchange(ref target.Value, total);
        bool done = await Task.WhenAny(probe, Task.Delay(TimeSpan.FromSeconds(10), ct)) == probe;
        await stop.CancelAsync();
        int probes = await probe.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : 0, TaskScheduler.Default);
        var latencies = Enumerable.Range(0, total).Where(i => visibleAt[i] > 0)
            .Select(i => Math.Max(0, (visibleAt[i] - committedAt[i]) * 1000.0 / Stopwatch.Frequency)).Order().ToList();
        string group = "freshness";
        string name = $"{rate:N0} writes/s target, SyncInterval {options.SyncIntervalMs} ms";
        string note = $"achieved {total / writeSeconds:N0} writes/s for {writeSeconds:F1} s ({total:N0} of {attempted:N0} scheduled writes); {latencies.Count:N0}/{total:N0} seen by the probe"
            + $"{(done ? "" : " (probe gave up 10 s after the last write)")}; {probes:N0} probe queries; "
            + $"process CPU {cpu.TotalSeconds:F2} s while writing ({cpu.TotalSeconds / writeSeconds:F2} of the 2 cores: writer, sync loop and probe)";
        return
        [
            new(group, name, latencies.Count == 0 ? "none visible" :
                $"p50 {Runner.Stats.Percentile(latencies, 50):F1} ms, p99 {Runner.Stats.Percentile(latencies, 99):F1} ms, max {latencies[^1]:F1} ms",
                note, IsFailure: latencies.Count < total),
        ];
    }

    /// <summary>
    /// Untimed: one second of writes at the measured rate (negative ids, below every measured one)
    /// with the probe polling, then waits until the background loop has applied them, so the
    /// figures do not time the JIT of the write, sync and query paths (a shorter warm-up left much
    /// of the measured run in the JIT's first-tier code).
    /// </summary>
    private static async Task WarmUpFreshnessAsync(HtapSession session, string insert, int rate, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var probe = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await session.Engine.QueryOlapAsync("SELECT MAX(id) FROM ev", CancellationToken.None);
                await Task.Delay(1, CancellationToken.None);
            }
        }, CancellationToken.None);
        long start = Stopwatch.GetTimestamp();
        for (long i = 0; i < rate && Stopwatch.GetElapsedTime(start) < TimeSpan.FromSeconds(2); i++)
        {
            while (Stopwatch.GetElapsedTime(start).TotalSeconds < i / (double)rate)
            {
                await Task.Delay(1, ct);
            }

            await session.Engine.ExecuteAsync(insert, HtapSession.Row(i - rate), ct);
        }

        var until = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while ((await session.Engine.SyncStatusAsync(ct)).Lag > 0 && Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(1, ct);
        }

        await stop.CancelAsync();
        await probe;
    }

    /// <summary>
    /// Polls SELECT MAX(id) on OLAP; ids arrive in order, so when the maximum reaches m every id
    /// up to m is visible now. Returns the number of probe queries.
    /// </summary>
    private static async Task<int> ProbeAsync(HtapEngine engine, long[] visibleAt, Func<long> written, StrongBox<long> target, CancellationToken ct)
    {
        long seen = -1;
        int probes = 0;
        while (seen < Interlocked.Read(ref target.Value) - 1 && !ct.IsCancellationRequested)
        {
            var batches = await engine.QueryOlapAsync("SELECT MAX(id) FROM ev", ct);
            long now = Stopwatch.GetTimestamp();
            probes++;
            var value = batches.Count > 0 && batches[0].Length > 0 ? Engines.ArrowRows.ValueAt(batches[0].Column(0), 0) : null;
            long max = value is null ? -1 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            for (long id = seen + 1; id <= Math.Min(max, written() - 1); id++)
            {
                visibleAt[id] = now;
            }

            seen = Math.Max(seen, Math.Min(max, written() - 1));
            await Task.Delay(1, ct).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        return probes;
    }
}
#endif
