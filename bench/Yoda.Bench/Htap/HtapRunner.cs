using Yoda.Bench.Cli;

namespace Yoda.Bench.Htap;

/// <summary>'-- htap': the capture, apply, initial-sync, freshness and memory figures of Yoda.</summary>
public static partial class HtapRunner
{
    public static async Task<int> RunAsync(HtapOptions options, IReadOnlyList<string> rawArgs, CancellationToken ct)
    {
#if YODA_ENGINE
        return await RunFiguresAsync(options, rawArgs, ct);
#else
        await Task.CompletedTask;
        _ = (options, rawArgs, ct);
        Console.Error.WriteLine("htap: not available in this build: the public HtapEngine does not exist yet");
        return 3;
#endif
    }
}
