using Xunit.Abstractions;

namespace Yoda.Sql.Tests.LogicTests;

/// <summary>
/// Runs SQLite's sqllogictest files from ../shared/sqllogictest (beside the repository) when that
/// folder exists; a fresh clone without it skips these tests and says so in the test output.
/// Each file must give no wrong answer and pass at least its baseline (<see cref="SqlLogicBaseline"/>).
/// With the environment variable YODA_SLT_REPORT set to a file path, each file appends its row of
/// the pass table in docs/sql-semantics.md (<c>| file | passed | failed | not supported |</c>) to it.
/// </summary>
public sealed class SqlLogicTests(ITestOutputHelper output)
{
    /// <summary>Every script of the corpus, or one placeholder entry when the corpus is absent.</summary>
    public static TheoryData<string> Files
    {
        get
        {
            var corpus = FindCorpus();
            var files = corpus is null
                ? ["(corpus not found)"]
                : Directory.EnumerateFiles(corpus, "*.test", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(corpus, f).Replace('\\', '/'))
                    .Order(StringComparer.Ordinal)
                    .ToArray();
            return new TheoryData<string>(files);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Runs_without_wrong_results(string file)
    {
        var path = FindCorpus() is { } corpus ? Path.Combine(corpus, file) : null;
        if (path is null || !File.Exists(path))
        {
            output.WriteLine($"skipped: {file} not found (../shared/sqllogictest is not beside the repository)");
            return;
        }

        var runner = new SqlLogicRunner();
        runner.Run(path);
        output.WriteLine($"{file}: {runner.Passed} passed, {runner.Failures.Count} failed, {runner.NotSupported} not supported");
        foreach (var (reason, count) in runner.NotSupportedReasons.OrderByDescending(r => r.Value).Take(8))
        {
            output.WriteLine($"  not supported ({count}): {reason}");
        }

        foreach (var failure in runner.Failures.Take(20))
        {
            output.WriteLine(failure);
        }

        if (Environment.GetEnvironmentVariable("YODA_SLT_REPORT") is { Length: > 0 } report)
        {
            File.AppendAllText(report, $"| {file} | {runner.Passed} | {runner.Failures.Count} | {runner.NotSupported} |\n");
        }

        Assert.Empty(runner.Failures);
        var baseline = SqlLogicBaseline.PassedFor(FindRepository()!, file);
        Assert.True(
            runner.Passed >= (baseline ?? 0),
            $"{file}: {runner.Passed} queries passed, fewer than the baseline of {baseline} in {SqlLogicBaseline.RelativePath}");
    }

    private static string? FindCorpus()
    {
        var repository = FindRepository();
        var corpus = repository is null ? null : Path.Combine(Path.GetDirectoryName(repository) ?? repository, "shared", "sqllogictest");
        return corpus is not null && Directory.Exists(corpus) ? corpus : null;
    }

    /// <summary>The folder holding Yoda.sln, above the test binaries.</summary>
    private static string? FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Yoda.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
