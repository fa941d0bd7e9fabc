using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// DISTINCT aggregates of INTEGER and REAL values aggregated per morsel and merged
/// (<see cref="DistinctPartial"/> into <see cref="DistinctState"/>): the rows, their order, the
/// values (real sums to the bit, group_concat in first-met order, -0.0 or 0.0 as first met) and the
/// errors (integer overflow) are those of the serial fold, merged into one table or by partition.
/// </summary>
public sealed class DistinctMergeTests
{
    private static readonly ColumnExpression K = new(0, ValueKind.Integer);
    private static readonly ColumnExpression I = new(1, ValueKind.Integer);
    private static readonly ColumnExpression R = new(2, ValueKind.Real);
    private static readonly ColumnExpression S = new(3, ValueKind.Text);

    private static readonly AggregateSpec[] Distinct =
    [
        new(AggregateFunction.Count, I, true),
        new(AggregateFunction.Count, R, true),
        new(AggregateFunction.Sum, I, true),
        new(AggregateFunction.Sum, R, true),
        new(AggregateFunction.Total, R, true),
        new(AggregateFunction.Avg, I, true),
        new(AggregateFunction.Min, R, true),
        new(AggregateFunction.Max, I, true),
        new(AggregateFunction.GroupConcat, I, true),
        new(AggregateFunction.GroupConcat, R, true),
    ];

    private static readonly VectorExpression[][] KeyShapes = [[], [K], [S], [K, S]];

    /// <summary>
    /// Random tables of nearly a new value per row (the merge stops after the first morsel, or is
    /// partitioned) and of few values per morsel (every morsel is merged).
    /// </summary>
    [Property(MaxTest = 15)]
    public void Merged_distinct_partials_give_the_serial_answer(int seed, bool partitioned)
    {
        var table = seed % 2 == 0 ? ParallelTables.Random(seed, segments: 16, huge: seed % 3 == 0) : FewValues(seed);
        foreach (var keys in KeyShapes)
        {
            foreach (var specs in Distinct.Select(s => new[] { s }).Append([.. Distinct, new(AggregateFunction.CountStar, null, false)]))
            {
                var answers = ParallelTables.AtDegrees(
                    d => new HashAggregateOperator(new ScanOperator(table, [0, 1, 2, 3]), keys, specs, "agg", parallelism: d)
                    {
                        AlwaysPartitioned = partitioned && keys.Length > 0,
                    },
                    1, 2, 8);
                Assert.Equal(answers[0], answers[1]);
                Assert.Equal(answers[0], answers[2]);
            }
        }
    }

    [Fact]
    public void Distinct_values_met_again_in_later_morsels_count_once()
    {
        // 30 segments of the same 200 values (and -0.0 and zeros) in a different order each, at most
        // one new value per 8 rows, so every morsel is merged: the distinct count is 200.
        var segments = Enumerable.Range(0, 30).Select(m => ParallelTables.SegmentOf(2_000, n =>
            (n % 2, n < 200 ? (n * 37 + m * 11) % 200 : 0, n < 200 ? ((n * 37 + m * 11) % 200) / 4.0 : -0.0, "x"))).ToArray();
        var table = new TableSnapshot("t", ParallelTables.Schema, [.. segments]);
        var answers = ParallelTables.AtDegrees(
            d => new HashAggregateOperator(
                new ScanOperator(table, [0, 1, 2, 3]),
                [],
                [new(AggregateFunction.Count, I, true), new(AggregateFunction.Count, R, true), new(AggregateFunction.Sum, I, true)],
                "agg",
                parallelism: d),
            1, 2);
        Assert.Equal(answers[0], answers[1]);
        Assert.Equal("200|200|19900", answers[1]);
    }

    /// <summary>Segments of 500 to 2,000 rows over 5 keys, 40 integers, 30 reals (-0.0 and 0.0 among them) and a few texts.</summary>
    private static TableSnapshot FewValues(int seed)
    {
        var random = new Random(seed);
        var segments = Enumerable.Range(0, 12).Select(_ => ParallelTables.SegmentOf(random.Next(500, 2_000), _ =>
        {
            var real = random.Next(30) switch
            {
                0 => -0.0,
                var r => (r - 10) / 4.0,
            };
            return (random.Next(5), random.Next(-20, 20), real, "s" + random.Next(3));
        })).ToArray();
        return new TableSnapshot("t", ParallelTables.Schema, [.. segments]);
    }
}
