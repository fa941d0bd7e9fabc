using System.Text.RegularExpressions;
using Yoda.Bench.Engines;
using Yoda.Bench.Workloads;

namespace Yoda.Bench.Cli;

/// <summary>Options of '-- compare'.</summary>
public sealed record CompareOptions(
    double Scale,
    int? H2oRows,
    int? HitsRows,
    IReadOnlyList<string> Engines,
    Regex? QueryPattern,
    int? Threads,
    int Warmup,
    int Runs,
    string? OutputPath,
    string Name,
    bool Save,
    double MaxSeconds)
{
    public const string Usage = """
        compare [--scale N] [--engines yoda,sqlite,duckdb[,yoda-duckdb]] [--queries REGEX] [--threads N]
                [--runs N (>= 5)] [--warmup N] [--h2o-rows N] [--hits-rows N]
                [--name NAME] [--out FILE.md] [--no-save] [--max-seconds S]
          --scale      TPC-H scale factor (1 = 6M lineitem rows); H2O and hits get 10M x scale rows (default 0.01)
          --queries    case-insensitive regular expression on query ids (tpch-q01, h2o-q3, cb-like-count, ...)
          --threads    pins every engine: DuckDB threads = N and the process affinity to N cores
          --runs       timed runs per query and engine after warm-up (default 5; fewer only with --allow-few-runs)
          --no-save    print only; otherwise bench/results/<date>-<name>.md is written
          --max-seconds  an engine whose first run of a query takes longer is shown with that one run, not timed (default 30)
        """;

    public static CompareOptions Parse(IReadOnlyList<string> args)
    {
        var reader = new ArgReader(args, new HashSet<string> { "no-save", "allow-few-runs" });
        double scale = reader.Double("scale", 0.01);
        if (scale <= 0)
        {
            throw new ArgumentException("--scale must be > 0");
        }

        var engines = (reader.String("engines") ?? "yoda,sqlite,duckdb")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToLowerInvariant()).Distinct().ToList();
        var unknown = engines.Except(EngineFactory.Known).ToList();
        if (engines.Count == 0 || unknown.Count > 0)
        {
            throw new ArgumentException($"--engines: unknown {string.Join(",", unknown)}; known: {string.Join(",", EngineFactory.Known)}");
        }

        string? pattern = reader.String("queries");
        var regex = pattern is null ? null : new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        int? threads = reader.OptionalInt("threads");
        if (threads is < 1)
        {
            throw new ArgumentException("--threads must be >= 1");
        }

        int runs = reader.Int("runs", 5);
        bool allowFew = reader.Flag("allow-few-runs");
        if (runs < 5 && !allowFew)
        {
            throw new ArgumentException("--runs must be >= 5 (medians of at least 5 runs); --allow-few-runs for smoke tests");
        }

        int warmup = reader.Int("warmup", 1);
        var options = new CompareOptions(scale, reader.OptionalInt("h2o-rows"), reader.OptionalInt("hits-rows"), engines, regex,
            threads, Math.Max(1, warmup), Math.Max(1, runs), reader.String("out"),
            reader.String("name") ?? $"compare-s{scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            !reader.Flag("no-save"),
            reader.Double("max-seconds", 30));
        reader.EnsureAllUsed();
        return options;
    }

    public IReadOnlyList<QueryDef> SelectedQueries() =>
        WorkloadCatalog.AllQueries.Where(q => QueryPattern is null || QueryPattern.IsMatch(q.Id)).ToList();
}
