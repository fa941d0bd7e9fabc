using Yoda.Bench.Cli;
using Yoda.Bench.Runner;

namespace Yoda.Bench;

public static class Program
{
    private const string Usage = """
        Yoda.Bench: Yoda next to SQLite and DuckDB, same machine, same run, same data.

        dotnet run -c Release --project bench/Yoda.Bench -- compare [options]   side-by-side query comparison
        dotnet run -c Release --project bench/Yoda.Bench -- htap [options]      capture, apply, sync, freshness, memory
        dotnet run -c Release --project bench/Yoda.Bench -- micro [BenchmarkDotNet args]  kernel and parser micro-benchmarks
        dotnet run -c Release --project bench/Yoda.Bench -- stress [--rows N]   N distinct groups, a join of two N-row tables (OLAP engine only)
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            Console.WriteLine(CompareOptions.Usage);
            Console.WriteLine(HtapOptions.Usage);
            return args.Length == 0 ? 2 : 0;
        }

        var rest = args.Skip(1).ToArray();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            return args[0] switch
            {
                "compare" => await CompareRunner.RunAsync(CompareOptions.Parse(rest), args, cancel.Token),
                "htap" => await Htap.HtapRunner.RunAsync(HtapOptions.Parse(rest), args, cancel.Token),
                "micro" => Micro.MicroRunner.Run(rest),
                "stress" => Stress.StressRunner.Run(rest),
                _ => throw new ArgumentException($"unknown command '{args[0]}'"),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }
}
