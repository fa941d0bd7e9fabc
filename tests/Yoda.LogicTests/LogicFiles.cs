namespace Yoda.LogicTests;

/// <summary>Where the sqllogictest files are: the project's own case files and SQLite's corpus beside the repository.</summary>
public static class LogicFiles
{
    /// <summary>The folder holding Yoda.sln, above the test binaries.</summary>
    public static string Repository { get; } = FindRepository();

    /// <summary>../shared/sqllogictest beside the repository, or null when a fresh clone has no such folder.</summary>
    public static string? Corpus =>
        Path.Combine(Path.GetDirectoryName(Repository) ?? Repository, "shared", "sqllogictest") is var corpus && Directory.Exists(corpus) ? corpus : null;

    /// <summary>Every <c>*.test</c> file under tests/ (the project's own cases), relative to the repository.</summary>
    public static IEnumerable<string> ProjectCases() =>
        Directory.EnumerateFiles(Path.Combine(Repository, "tests"), "*.test", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repository, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>Every file of the corpus, relative to it.</summary>
    public static IEnumerable<string> CorpusFiles() =>
        Corpus is { } corpus
            ? Directory.EnumerateFiles(corpus, "*.test", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(corpus, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
            : [];

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Yoda.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Yoda.sln not found above " + AppContext.BaseDirectory);
    }
}
