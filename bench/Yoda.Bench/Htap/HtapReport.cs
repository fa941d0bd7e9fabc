using System.Text;
using Yoda.Bench.Cli;
using Yoda.Bench.Runner;

namespace Yoda.Bench.Htap;

/// <summary>The Markdown results of one '-- htap' run.</summary>
public sealed class HtapReport(HtapOptions options, IReadOnlyList<string> rawArgs, IReadOnlyList<HtapFigure> figures)
{
    public string Render()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Yoda HTAP figures: {options.Name}").AppendLine();
        foreach (var line in MachineInfo.Describe(rawArgs, affinity: null))
        {
            sb.AppendLine(line);
        }

        sb.AppendLine("- Engine: Yoda through its public API only, a fresh SQLite file per figure, Columnar OLAP backend in memory");
        sb.AppendLine().AppendLine("| group | figure | value | note |").AppendLine("|---|---|---:|---|");
        foreach (var f in figures)
        {
            sb.AppendLine($"| {f.Group} | {f.Name} | {f.Value} | {f.Note.Replace("|", "/", StringComparison.Ordinal)} |");
        }

        int failures = figures.Count(f => f.IsFailure);
        int unavailable = figures.Count(f => f.Value == "not available");
        sb.AppendLine().AppendLine($"- Figures: {figures.Count}; not available (member not implemented yet): {unavailable}; errors: {failures}");
        sb.AppendLine($"- Result: {(failures == 0 ? "PASS (exit code 0)" : "FAIL (exit code 1)")}");
        return sb.ToString();
    }

    public string Save(string text)
    {
        string path = options.OutputPath ?? Path.Combine(
            MachineInfo.RepositoryRoot() ?? Environment.CurrentDirectory, "bench", "results", $"{DateTime.UtcNow:yyyy-MM-dd}-{options.Name}.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text);
        return path;
    }
}
