using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Yoda.Bench.Micro;

/// <summary>'-- micro [BenchmarkDotNet args]': the kernel baselines and the end-to-end parser benchmark.</summary>
public static class MicroRunner
{
    public static int Run(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddColumn(new ThroughputColumn(gigabytes: false), new ThroughputColumn(gigabytes: true), new OpsColumn(), new AllocatedPerRowColumn());
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroRunner).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
