using Xunit.Abstractions;

namespace Yoda.Sql.Tests.LogicTests;

/// <summary>
/// The repository's own sqllogictest case files (tests/Yoda.Sql.Tests/LogicCases, expected results
/// written by SQLite through generate.py): every query must run on the OLAP engine and give SQLite's answer.
/// </summary>
public sealed class SqlLogicCaseTests(ITestOutputHelper output)
{
    private static string CaseFolder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var folder = Path.Combine(dir.FullName, "tests", "Yoda.Sql.Tests", "LogicCases");
                if (Directory.Exists(folder))
                {
                    return folder;
                }
            }

            throw new DirectoryNotFoundException("tests/Yoda.Sql.Tests/LogicCases not found above the test binaries");
        }
    }

    public static TheoryData<string> Files => new(Directory.EnumerateFiles(CaseFolder, "*.test").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_query_runs_and_gives_sqlites_answer(string file)
    {
        var runner = new SqlLogicRunner();
        runner.Run(Path.Combine(CaseFolder, file));
        foreach (var failure in runner.Failures)
        {
            output.WriteLine(failure);
        }

        foreach (var (reason, count) in runner.NotSupportedReasons)
        {
            output.WriteLine($"not supported ({count}): {reason}");
        }

        Assert.Empty(runner.Failures);
        Assert.Equal(0, runner.NotSupported);
        Assert.True(runner.Passed >= 10, $"{file}: only {runner.Passed} queries ran");
    }
}
