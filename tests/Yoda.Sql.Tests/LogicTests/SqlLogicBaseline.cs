using System.Globalization;

namespace Yoda.Sql.Tests.LogicTests;

/// <summary>
/// The best number of passed queries reached per sqllogictest file (LogicTests/baseline.txt, lines
/// <c>file passed</c>): a run may pass more, never fewer. Raise the numbers when the engine learns more.
/// </summary>
public static class SqlLogicBaseline
{
    public const string RelativePath = "tests/Yoda.Sql.Tests/LogicTests/baseline.txt";

    /// <summary>The baseline of <paramref name="file"/>, or null when it has none.</summary>
    public static int? PassedFor(string repositoryRoot, string file)
    {
        var path = Path.Combine(repositoryRoot, RelativePath);
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 2 && parts[0] == file)
            .Select(parts => (int?)int.Parse(parts[1], CultureInfo.InvariantCulture))
            .FirstOrDefault();
    }
}
