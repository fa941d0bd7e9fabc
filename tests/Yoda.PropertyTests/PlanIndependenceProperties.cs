using FsCheck.Fluent;
using Xunit.Abstractions;
using Yoda.Testing.Comparison;

namespace Yoda.PropertyTests;

/// <summary>
/// Plan independence: the same query on the same data gives the same answer with the planner's
/// optimisations on (the default) and off (<see cref="HtapConfig.OlapOptimizations"/> = false: no
/// filter pushdown or zone-map pruning, no top-N, generic group tables — the reference plan). No
/// second engine is needed.
/// </summary>
public sealed class PlanIndependenceProperties(ITestOutputHelper output)
{
    private sealed class Counts
    {
        public int Same, RejectedByBoth;

        public override string ToString() => $"queries: {Same} gave the same answer under both plans, {RejectedByBoth} were rejected by both";
    }

    private static async Task<(ResultSet? Rows, Exception? Error)> RunAsync(HtapEngine engine, string sql)
    {
        try
        {
            return (ResultSet.FromArrow(await engine.QueryOlapAsync(sql)), null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }

    private static bool Holds(DifferentialCase c, Counts counts) => PropertyRun.Sync(async () =>
    {
        await using var optimised = await DifferentialOracle.OpenAsync();
        await using var reference = await DifferentialOracle.OpenAsync(config => new HtapConfig
        {
            OltpPath = config.OltpPath,
            SyncBatchSize = config.SyncBatchSize,
            ReadPoolSize = config.ReadPoolSize,
            OlapOptimizations = false,
        });
        foreach (var table in c.Tables)
        {
            await optimised.LoadAsync(table);
            await reference.LoadAsync(table);
        }

        foreach (var q in c.Queries)
        {
            var (fast, fastError) = await RunAsync(optimised.Engine, q.Sql);
            var (plain, plainError) = await RunAsync(reference.Engine, q.Sql);
            if (fastError is not null || plainError is not null)
            {
                if (fastError is YodaException && plainError is YodaException)
                {
                    Interlocked.Increment(ref counts.RejectedByBoth);
                    continue;
                }

                throw new InvalidOperationException(
                    $"{q.Sql}\n-- optimised: {fastError?.ToString() ?? fast!.ToString()}\n-- reference plan: {plainError?.ToString() ?? plain!.ToString()}");
            }

            var difference = ResultComparer.Difference(plain!, fast!, q.Ordered);
            if (difference is not null)
            {
                throw new InvalidOperationException($"{q.Sql}\n{difference}\n-- optimised: {fast}\n-- reference plan: {plain}");
            }

            Interlocked.Increment(ref counts.Same);
        }

        return true;
    });

    [Fact]
    public void Optimised_and_reference_plans_give_the_same_answers()
    {
        var counts = new Counts();
        PropertyRun.Check("plan independence", DifferentialProperties.Cases(DifferentialProperties.Grammar, DifferentialProperties.Data), c => Holds(c, counts), ciCases: 40, output, counts.ToString);
        Assert.True(counts.Same > 0, "no query ran under both plans: the property would be vacuous");
    }
}
