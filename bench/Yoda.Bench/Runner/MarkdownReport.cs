using System.Globalization;
using System.Text;
using Yoda.Bench.Cli;
using CompareOptions = Yoda.Bench.Cli.CompareOptions;
using Yoda.Bench.Engines;
using Yoda.Bench.Workloads;

namespace Yoda.Bench.Runner;

/// <summary>The Markdown results of one compare run: machine, engines, loads, per-query table, summary.</summary>
public sealed class MarkdownReport(
    CompareOptions options,
    IReadOnlyList<string> rawArgs,
    string? affinity,
    int threads,
    IReadOnlyList<Workload> workloads,
    IReadOnlyList<IBenchEngine> engines,
    IReadOnlyList<LoadOutcome> loads,
    IReadOnlyList<QueryOutcome> outcomes)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly Dictionary<string, string> Titles = new() { ["sqlite"] = "SQLite", ["duckdb"] = "DuckDB", ["yoda"] = "Yoda", ["yoda-duckdb"] = "Yoda on DuckDB" };

    private IReadOnlyList<string> Columns => loads.Select(l => l.Engine).ToList();

    public static string Cell(EngineOutcome outcome) => outcome.Kind switch
    {
        OutcomeKind.Timed => $"{Ms(outcome.Stats!.MedianMs)} ±{outcome.Stats.SpreadFraction * 100:F0}%",
        OutcomeKind.NotSupported => "not supported",
        OutcomeKind.NotAvailable => "n/a",
        OutcomeKind.Error => "**ERROR**",
        OutcomeKind.TooSlow => $"slow: 1 run {Ms(outcome.Stats!.MedianMs)}",
        _ => "**DISAGREES**",
    };

    public string Render()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"# Yoda benchmark: {options.Name}").AppendLine();
        foreach (var line in MachineInfo.Describe(rawArgs, affinity))
        {
            sb.AppendLine(line);
        }

        string data = string.Join("; ", workloads.Select(w =>
            $"{w.Name} {string.Join(", ", w.Tables.Select(t => $"{t.Name} {t.RowCount.ToString("N0", Inv)}"))}"));
        sb.AppendLine(Inv, $"- Data: scale {options.Scale.ToString(Inv)}; {data} rows");
        sb.AppendLine(Inv, $"- Timing: {options.Warmup} warm-up run(s), then the median of {options.Runs} runs; ± is half the min-max range relative to the median; ratios < 1 mean Yoda is faster");
        sb.AppendLine(Inv, $"- Threads: {threads} requested{(options.Threads is null ? " (default: all cores)" : "")}");
        foreach (var engine in engines)
        {
            sb.AppendLine(Inv, $"- {engine.Title}: {engine.Description}");
        }

        sb.AppendLine().AppendLine("## Loading").AppendLine();
        sb.AppendLine("| engine | rows | seconds | rows/s | note |").AppendLine("|---|---:|---:|---:|---|");
        foreach (var load in loads)
        {
            string rate = load.Error is null && load.Seconds > 0 ? (load.Rows / load.Seconds).ToString("N0", Inv) : "–";
            string seconds = load.Error is null ? load.Seconds.ToString("F1", Inv) : "–";
            sb.AppendLine(Inv, $"| {Titles[load.Engine]} | {load.Rows:N0} | {seconds} | {rate} | {load.Error ?? ""} |");
        }

        if (engines.OfType<YodaEngine>().FirstOrDefault()?.OlapTables() is { } olapTables)
        {
            TableFootprint.Append(sb, olapTables, workloads.SelectMany(w => w.Tables).ToList());
        }

        sb.AppendLine().AppendLine("## Queries (milliseconds)").AppendLine();
        AppendQueryTable(sb);
        sb.AppendLine().AppendLine("## Summary").AppendLine();
        AppendSummary(sb);
        return sb.ToString();
    }

    public string Save(string text)
    {
        string path = options.OutputPath ?? Path.Combine(
            MachineInfo.RepositoryRoot() ?? Environment.CurrentDirectory, "bench", "results",
            $"{DateTime.UtcNow:yyyy-MM-dd}-{options.Name}.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Ms(double ms) => ms >= 100 ? ms.ToString("N0", Inv) : ms >= 10 ? ms.ToString("F1", Inv) : ms.ToString("F2", Inv);

    private void AppendQueryTable(StringBuilder sb)
    {
        var ratioEngines = Columns.Contains("yoda") ? Columns.Where(c => c != "yoda").ToList() : [];
        sb.Append("| query | rows | ").Append(string.Join(" | ", Columns.Select(c => Titles[c])));
        foreach (var other in ratioEngines)
        {
            sb.Append(Inv, $" | Yoda/{Titles[other]}");
        }

        sb.AppendLine(" |");
        sb.Append("|---|---:").Append(string.Concat(Enumerable.Repeat("|---:", Columns.Count + ratioEngines.Count))).AppendLine("|");
        foreach (var outcome in outcomes)
        {
            sb.Append(Inv, $"| {outcome.QueryId} | {outcome.ResultRows?.ToString(Inv) ?? "–"}");
            foreach (var column in Columns)
            {
                sb.Append(" | ").Append(outcome.Engines.TryGetValue(column, out var e) ? Cell(e) : "–");
            }

            foreach (var other in ratioEngines)
            {
                sb.Append(" | ").Append(Ratio(outcome, other) is { } r ? r.ToString("F2", Inv) : "–");
            }

            sb.AppendLine(" |");
        }

        var timedColumns = Columns.Where(c => outcomes.Any(o => o.Engines.TryGetValue(c, out var e) && e.Kind == OutcomeKind.Timed)).ToList();
        var common = outcomes.Where(o => timedColumns.All(c => o.Engines.TryGetValue(c, out var e) && e.Kind == OutcomeKind.Timed)).ToList();
        sb.Append(Inv, $"| geometric mean ({common.Count} queries timed by every engine that ran) | ");
        foreach (var column in Columns)
        {
            double g = timedColumns.Contains(column) ? Stats.GeometricMean(common.Select(o => o.Engines[column].Stats!.MedianMs).ToList()) : double.NaN;
            sb.Append(" | ").Append(double.IsNaN(g) ? "–" : Ms(g));
        }

        foreach (var other in ratioEngines)
        {
            var ratios = outcomes.Select(o => Ratio(o, other)).OfType<double>().ToList();
            double g = Stats.GeometricMean(ratios);
            sb.Append(" | ").Append(double.IsNaN(g) ? "–" : $"{g.ToString("F2", Inv)} (n={ratios.Count})");
        }

        sb.AppendLine(" |");
    }

    private static double? Ratio(QueryOutcome outcome, string other) =>
        outcome.Engines.TryGetValue("yoda", out var y) && y.Kind == OutcomeKind.Timed
        && outcome.Engines.TryGetValue(other, out var o) && o.Kind == OutcomeKind.Timed
            ? y.Stats!.MedianMs / o.Stats!.MedianMs
            : null;

    private void AppendSummary(StringBuilder sb)
    {
        int agreed = outcomes.Count(o => o.Failure is null && o.Engines.Values.Count(e => e.Kind == OutcomeKind.Timed) >= 2);
        var failures = outcomes.Where(o => o.Failure is not null).ToList();
        sb.AppendLine(Inv, $"- Queries: {outcomes.Count}; answered identically by every engine that answered (>= 2 engines): {agreed}; failures: {failures.Count}");
        foreach (var column in Columns)
        {
            var unsupported = outcomes.Where(o => o.Engines.TryGetValue(column, out var e) && e.Kind == OutcomeKind.NotSupported).Select(o => o.QueryId).ToList();
            var unavailable = outcomes.Count(o => o.Engines.TryGetValue(column, out var e) && e.Kind == OutcomeKind.NotAvailable);
            var timed = outcomes.Count(o => o.Engines.TryGetValue(column, out var e) && e.Kind == OutcomeKind.Timed);
            var slow = outcomes.Where(o => o.Engines.TryGetValue(column, out var e) && e.Kind == OutcomeKind.TooSlow).Select(o => o.QueryId).ToList();
            sb.Append(Inv, $"- {Titles[column]}: timed {timed}");
            if (slow.Count > 0)
            {
                sb.Append(Inv, $"; agreed but slower than --max-seconds {options.MaxSeconds} on the first run, not timed further: {string.Join(", ", slow)}");
            }
            if (unsupported.Count > 0)
            {
                sb.Append(Inv, $"; not supported ({unsupported.Count}, never timed, never counted as agreeing): {string.Join(", ", unsupported)}");
            }

            if (unavailable > 0)
            {
                sb.Append(Inv, $"; not available for {unavailable} queries");
            }

            sb.AppendLine();
        }

        foreach (var failure in failures)
        {
            sb.AppendLine(Inv, $"- **FAILURE** {failure.QueryId}: {failure.Failure}");
        }

        sb.AppendLine(Inv, $"- Result: {(failures.Count == 0 && !loads.Any(l => l.IsFailure) ? "PASS (exit code 0)" : "FAIL (exit code 1)")}");
    }
}
