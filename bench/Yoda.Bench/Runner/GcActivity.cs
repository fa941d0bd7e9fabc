using System.Diagnostics;

namespace Yoda.Bench.Runner;

/// <summary>
/// The process's garbage collections, pause time, allocation and CPU time at one moment: the runner prints what an
/// engine's timed runs of a query cost in collections, since a gen2 collection over a large heap can outweigh the
/// query (h2o-q10 in session 19's suites).
/// </summary>
public readonly record struct GcActivity(int Gen0, int Gen1, int Gen2, TimeSpan Pause, long AllocatedBytes, TimeSpan Cpu)
{
    public static GcActivity Now() => new(
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(),
        GC.GetTotalAllocatedBytes(precise: false), Process.GetCurrentProcess().TotalProcessorTime);

    /// <summary>What happened between <paramref name="before"/> and this moment, as one line.</summary>
    public string Since(GcActivity before) =>
        $"gc {Gen0 - before.Gen0}/{Gen1 - before.Gen1}/{Gen2 - before.Gen2} (gen0/1/2), " +
        $"pause {(Pause - before.Pause).TotalMilliseconds:F0} ms, allocated {(AllocatedBytes - before.AllocatedBytes) >> 20} MB, " +
        $"process CPU {(Cpu - before.Cpu).TotalMilliseconds:F0} ms";
}
