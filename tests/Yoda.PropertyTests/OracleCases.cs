using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;
using Yoda.Testing.Comparison;

namespace Yoda.PropertyTests;

/// <summary>
/// A property whose cases each load a table into one shared <see cref="DifferentialOracle"/> and
/// return queries over it: every query must give SQLite's answer (or be rejected by both), in order.
/// </summary>
public static class OracleCases
{
    /// <param name="loadCase">Creates and syncs the case's table from a seeded random source and the case number; returns its queries.</param>
    public static void Check(string name, Func<DifferentialOracle, Random, int, Task<IReadOnlyList<string>>> loadCase, int ciCases, ITestOutputHelper output)
    {
        var cases = 0;
        var queries = 0;
        PropertyRun.Sync(async () =>
        {
            await using var oracle = await DifferentialOracle.OpenAsync();
            PropertyRun.Check(
                name,
                Arb.From(Gen.Choose(0, int.MaxValue)),
                seed => PropertyRun.Sync(async () =>
                {
                    foreach (var query in await loadCase(oracle, new Random(seed), cases++))
                    {
                        queries++;
                        var c = await oracle.CompareAsync(query, ordered: true);
                        if (c.Verdict is not (Verdict.Match or Verdict.BothRejected))
                        {
                            throw new Xunit.Sdk.XunitException(c.ToString());
                        }
                    }

                    return true;
                }),
                ciCases,
                output,
                () => $"{cases} cases, {queries} queries");
            return true;
        });
    }
}
