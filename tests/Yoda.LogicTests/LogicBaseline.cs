using System.Globalization;

namespace Yoda.LogicTests;

/// <summary>
/// The best number of passed queries reached per corpus file (baseline.txt beside this file, lines
/// <c>file passed</c>): a run may pass more, never fewer. Raise the numbers when the engine learns more
/// (YODA_SLT_REPORT=path writes the figures of a run).
/// </summary>
public static class LogicBaseline
{
    public const string RelativePath = "tests/Yoda.LogicTests/baseline.txt";

    private static readonly Lazy<Dictionary<string, int>> Entries = new(() =>
    {
        var path = Path.Combine(LogicFiles.Repository, RelativePath);
        return !File.Exists(path)
            ? []
            : File.ReadLines(path)
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(parts => parts.Length == 2)
                .ToDictionary(parts => parts[0], parts => int.Parse(parts[1], CultureInfo.InvariantCulture));
    });

    /// <summary>The baseline of <paramref name="file"/>, or 0 when it has none.</summary>
    public static int PassedFor(string file) => Entries.Value.GetValueOrDefault(file);
}
