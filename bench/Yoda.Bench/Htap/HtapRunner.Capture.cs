#if YODA_ENGINE
using System.Diagnostics;
using Yoda.Bench.Cli;

namespace Yoda.Bench.Htap;

/// <summary>The cost of capture: the same writes through the same statement path, into a table registered (capture triggers) or not.</summary>
public static partial class HtapRunner
{
    private const int CaptureRounds = 3;

    /// <summary>
    /// Capture off and on alternate, each on a fresh engine and file, after an untimed round of
    /// both: the first large batch of a process runs much slower whichever state goes first (the
    /// JIT's tiers, the GC heap growing), which once made capture off look slower than capture on.
    /// Each figure is the median of <see cref="CaptureRounds"/> rounds; the order inside a round
    /// alternates too. Capture cost = median rate off / median rate on.
    /// </summary>
    private static async Task<IEnumerable<HtapFigure>> CaptureAsync(HtapOptions options, CancellationToken ct)
    {
        var single = new Dictionary<bool, List<Timing>> { [false] = [], [true] = [] };
        var batch = new Dictionary<bool, List<Timing>> { [false] = [], [true] = [] };
        var updates = new Dictionary<bool, List<Timing>> { [false] = [], [true] = [] };
        for (int round = -1; round < CaptureRounds; round++)
        {
            foreach (bool capture in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var one = await CaptureSingleAsync(options.CaptureRows, capture, ct);
                var (many, updated) = await CaptureBatchAsync(options.BatchRows, capture, ct);
                if (round >= 0)
                {
                    single[capture].Add(one);
                    batch[capture].Add(many);
                    updates[capture].Add(updated);
                }
            }
        }

        var figures = new List<HtapFigure>();
        foreach (bool capture in new[] { false, true })
        {
            string state = capture ? "capture on" : "capture off";
            figures.Add(Median($"ExecuteAsync, one row per call, {state}", options.CaptureRows, single[capture],
                "parameterised INSERT, each its own transaction"));
            figures.Add(Median($"ExecuteBatchAsync, {options.BatchRows:N0} rows, {state}", options.BatchRows, batch[capture],
                "one single-row literal INSERT statement per row, one call, one transaction"));
            figures.Add(Median($"ExecuteBatchAsync, {options.BatchRows:N0} single-row UPDATEs, {state}", options.BatchRows, updates[capture],
                "one literal UPDATE … SET val, name … WHERE id = … per row of the table just inserted, one call, one transaction"));
        }

        figures.Add(Cost("ExecuteAsync", options.CaptureRows, single));
        figures.Add(Cost($"ExecuteBatchAsync, {options.BatchRows:N0} rows", options.BatchRows, batch));
        figures.Add(Cost($"ExecuteBatchAsync, {options.BatchRows:N0} single-row UPDATEs", options.BatchRows, updates));
        return figures;
    }

    private readonly record struct Timing(TimeSpan Wall, TimeSpan Cpu);

    private static HtapFigure Median(string name, int rows, List<Timing> timings, string what)
    {
        var rates = timings.Select(t => rows / t.Wall.TotalSeconds).Order().ToList();
        var perCpu = timings.Select(t => rows / Math.Max(t.Cpu.TotalSeconds, 1e-6)).Order().ToList();
        return new("capture", name, $"{rates[rates.Count / 2]:N0} rows/s",
            $"median of {rates.Count} rounds ({string.Join(", ", timings.Select(t => (rows / t.Wall.TotalSeconds).ToString("N0")))}); "
            + $"median {perCpu[perCpu.Count / 2]:N0} rows per process CPU-second; {rows:N0} rows; {what}");
    }

    private static HtapFigure Cost(string path, int rows, Dictionary<bool, List<Timing>> timings)
    {
        double MedianRate(bool capture, Func<Timing, TimeSpan> time) =>
            timings[capture].Select(t => rows / Math.Max(time(t).TotalSeconds, 1e-6)).Order().ElementAt(timings[capture].Count / 2);
        return new("capture", $"capture cost, {path}", $"{MedianRate(false, t => t.Wall) / MedianRate(true, t => t.Wall):F2}×",
            $"median rate without triggers / median rate with them; per process CPU-second {MedianRate(false, t => t.Cpu) / MedianRate(true, t => t.Cpu):F2}×");
    }

    private static async Task<Timing> CaptureSingleAsync(int rows, bool capture, CancellationToken ct)
    {
        await using var session = await HtapSession.OpenAsync(path => new HtapConfig { OltpPath = path }, ct);
        await session.CreateAsync("ev", capture, ct);
        const string insert = "INSERT INTO ev (id, grp, val, name) VALUES (?, ?, ?, ?)";
        for (long id = -200; id < 0; id++)
        {
            await session.Engine.ExecuteAsync(insert, HtapSession.Row(id), ct);   // warm-up
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (long id = 0; id < rows; id++)
        {
            await session.Engine.ExecuteAsync(insert, HtapSession.Row(id), ct);
        }

        watch.Stop();
        return new(watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    /// <summary>A batch of single-row INSERTs, then a batch updating each of those rows (timed apart).</summary>
    private static async Task<(Timing Inserts, Timing Updates)> CaptureBatchAsync(int rows, bool capture, CancellationToken ct)
    {
        await using var session = await HtapSession.OpenAsync(path => new HtapConfig { OltpPath = path }, ct);
        await session.CreateAsync("ev", capture, ct);
        await session.Engine.ExecuteBatchAsync(HtapSession.Inserts("ev", -1000, 0, 1).ToList(), ct);   // warm-up
        var statements = HtapSession.Inserts("ev", 0, rows, 1).ToList();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await session.Engine.ExecuteBatchAsync(statements, ct);
        watch.Stop();
        var inserts = new Timing(watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);

        await session.Engine.ExecuteBatchAsync(Updates(-1000, 0).ToList(), ct);   // warm-up
        statements = Updates(0, rows).ToList();
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        await session.Engine.ExecuteBatchAsync(statements, ct);
        watch.Stop();
        return (inserts, new Timing(watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu));
    }

    private static IEnumerable<string> Updates(long from, long to)
    {
        for (long id = from; id < to; id++)
        {
            yield return FormattableString.Invariant($"UPDATE ev SET val = {id * 0.25:R}, name = 'updated-{id % 991}' WHERE id = {id}");
        }
    }
}
#endif
