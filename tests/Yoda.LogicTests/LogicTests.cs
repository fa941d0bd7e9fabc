using Xunit.Abstractions;
using Yoda.Testing.SqlLogic;

namespace Yoda.LogicTests;

/// <summary>
/// sqllogictest files through the public API (<see cref="SqlLogicRunner"/>): the project's own case
/// files under tests/ must pass entirely; each file of SQLite's corpus in ../shared/sqllogictest (when
/// that folder exists — on a fresh clone the corpus test is reported as skipped) must give no wrong answer and pass at least
/// its baseline. With YODA_SLT_REPORT set to a file path, each file appends its row of the pass table
/// in docs/sql-semantics.md (<c>| file | passed | failed | not supported |</c>) to it.
/// </summary>
public sealed class LogicTests(ITestOutputHelper output)
{
    public static TheoryData<string> ProjectCases => new(LogicFiles.ProjectCases());

    public static TheoryData<string> CorpusFiles =>
        LogicFiles.Corpus is null ? new TheoryData<string>("(corpus not found)") : new TheoryData<string>(LogicFiles.CorpusFiles());

    [Theory]
    [MemberData(nameof(ProjectCases))]
    public async Task Project_case_file_passes(string file)
    {
        var runner = await SqlLogicRunner.RunAsync(Path.Combine(LogicFiles.Repository, file));
        Report(file, runner);
        Assert.Empty(runner.Failures);
        Assert.True(runner.NotSupported == 0, $"{file}: {runner.NotSupported} queries are not supported: a case file covers what the engine runs");
        Assert.True(runner.Passed > 0, $"{file}: no query ran");
    }

    [CorpusTheory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Corpus_file_gives_no_wrong_answer(string file)
    {
        var corpus = LogicFiles.Corpus ?? throw new InvalidOperationException("the corpus theory runs only when the corpus is there");
        var runner = await SqlLogicRunner.RunAsync(Path.Combine(corpus, file));
        Report(file, runner);
        if (Environment.GetEnvironmentVariable("YODA_SLT_REPORT") is { Length: > 0 } report)
        {
            lock (typeof(LogicTests))
            {
                File.AppendAllText(report, $"| {file} | {runner.Passed} | {runner.Failures.Count} | {runner.NotSupported} |\n");
            }
        }

        Assert.Empty(runner.Failures);
        var baseline = LogicBaseline.PassedFor(file);
        Assert.True(runner.Passed >= baseline,
            $"{file}: {runner.Passed} queries passed, fewer than the baseline of {baseline} in {LogicBaseline.RelativePath}");
    }

    private void Report(string file, SqlLogicRunner runner)
    {
        output.WriteLine($"{file}: {runner.Passed} passed, {runner.Failures.Count} failed, {runner.NotSupported} not supported");
        foreach (var (reason, count) in runner.NotSupportedReasons.OrderByDescending(r => r.Value).Take(8))
        {
            output.WriteLine($"  not supported ({count}): {reason}");
        }

        foreach (var failure in runner.Failures.Take(20))
        {
            output.WriteLine(failure);
        }
    }
}
