using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// REAL sums merged from <see cref="RealSumPartial"/>s (<see cref="CompensatedSumBound"/>): the merged
/// answer is the serial compensated sum to the bit, or the state asks for a serial run; never another
/// double. Values on rounding boundaries, cancelling magnitudes, subnormals, ±0.0, infinities and NaN.
/// </summary>
public sealed class RealSumMergeTests
{
    private const double TwoTo53 = 9007199254740992.0;

    [Property(MaxTest = 400)]
    public void Merged_partials_give_the_serial_sum_or_ask_for_a_serial_run(int seed)
    {
        var random = new Random(seed);
        var count = random.Next(1, 80);
        var groupCount = random.Next(1, 4);
        var values = new double[count];
        var nulls = new bool[count];
        var groups = new int[count];
        for (var i = 0; i < count; i++)
        {
            (values[i], nulls[i], groups[i]) = (Value(random), random.Next(0, 10) == 0, random.Next(0, groupCount));
        }

        foreach (var function in new[] { AggregateFunction.Sum, AggregateFunction.Total, AggregateFunction.Avg })
        {
            var serial = new SumState(function, ValueKind.Real);
            serial.Update(ColumnVector.OfDoubles(values, nulls), null, Rows(0, count), groups, groupCount);
            var expected = serial.Result(groupCount);
            if (Merged(function, values, nulls, groups, groupCount, new Random(seed)) is { } merged)
            {
                for (var g = 0; g < groupCount; g++)
                {
                    Assert.Equal(expected.IsNull(g), merged.IsNull(g));
                    Assert.True(expected.IsNull(g) || BitConverter.DoubleToInt64Bits(expected.DoubleValues[g]) == BitConverter.DoubleToInt64Bits(merged.DoubleValues[g]), $"group {g}: {expected.DoubleValues[g]:R} serially, {merged.DoubleValues[g]:R} merged");
                }
            }
        }
    }

    [Fact]
    public void Ordinary_values_are_decided_and_equal_the_serial_sum()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 100_000).Select(_ => random.Next(-100_000, 100_000) / 100.0).ToArray();
        var groups = values.Select((_, i) => i % 3).ToArray();
        var serial = new SumState(AggregateFunction.Avg, ValueKind.Real);
        serial.Update(ColumnVector.OfDoubles(values, null), null, Rows(0, values.Length), groups, 3);

        var merged = Merged(AggregateFunction.Avg, values, new bool[values.Length], groups, 3, random);

        Assert.NotNull(merged);
        Assert.Equal(serial.Result(3).DoubleValues[..3], merged.DoubleValues[..3]);
    }

    [Theory]
    [InlineData(new[] { TwoTo53, 1.0, 1.0 }, TwoTo53 + 2)] // 2^53 + 1 rounds back to 2^53 twice; the compensation keeps both
    [InlineData(new[] { 0.1, 0.2, 0.3 }, 0.6)]
    [InlineData(new[] { 5e-324, 5e-324, 1e-323 }, 2e-323)] // subnormals add exactly
    [InlineData(new[] { -0.0, -0.0 }, 0.0)] // SQLite starts from +0.0
    [InlineData(new[] { 1e300, 1e300, -1e300 }, 1e300)]
    public void Certain_sums_are_decided(double[] values, double expected)
    {
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(MergedOneByOne(values)));
    }

    [Theory]
    [InlineData(new[] { 1e16, 1.0, -1e16 })] // the sum 1 is small beside the magnitudes
    [InlineData(new[] { 1.0, 1.1102230246251565E-16 })] // exactly halfway between 1 and the next double
    [InlineData(new[] { 1e-16, -TwoTo53, -3.0 })] // SQLite's compensation loses 1e-16 and rounds the tie down
    [InlineData(new[] { 1.0, double.PositiveInfinity })]
    [InlineData(new[] { double.NaN, 1.0 })]
    [InlineData(new[] { 1e308, 1e308, -1e308 })] // SQLite's running sum overflows
    public void Uncertain_sums_ask_for_a_serial_run(double[] values)
    {
        Assert.Throws<PartialsNotMergeableException>(() => MergedOneByOne(values));
    }

    /// <summary>Splits after which the merged pair rounds to another double than SQLite's compensated sum (which lost the small terms).</summary>
    [Theory]
    [InlineData(new[] { 1.0 }, new[] { 1e16, 1.1102230246251565E-16, 1.1102230246251565E-16, -1e-16 })] // 1e16 serially, 1.0000000000000002E+16 merged
    [InlineData(new[] { 1e16, 1.6653345369377348E-16 }, new[] { 1.1102230246251565E-16, -1.0, -1e-16, -1e16 })] // -0.9999999999999999 serially, -0.9999999999999998 merged
    public void Partials_whose_pair_rounds_otherwise_ask_for_a_serial_run(double[] first, double[] second)
    {
        var state = new SumState(AggregateFunction.Sum, ValueKind.Real);
        state.Merge(Partial(AggregateFunction.Sum, first), [0], [0], 1);
        state.Merge(Partial(AggregateFunction.Sum, second), [0], [0], 1);

        Assert.Throws<PartialsNotMergeableException>(() => state.Result(1));
    }

    /// <summary>
    /// Two morsels whose merged pair rounds to 1.0000000000000002E+16 where SQLite's compensated sum gives 1E+16: the bound
    /// cannot decide it, and the aggregation reruns serially at every degree: ungrouped (merged partials) and grouped
    /// (the ordered fold, whose workers fold the REAL sum into partials beside a MIN).
    /// </summary>
    [Fact]
    public void An_undecided_merged_sum_reruns_serially_at_every_degree()
    {
        var table = new Yoda.Columnar.Storage.TableSnapshot("t", ParallelTables.Schema, [Segment(1.0), Segment(1e16, 1.1102230246251565E-16, 1.1102230246251565E-16, -1e-16)]);
        var r = new ColumnExpression(2, ValueKind.Real);
        AggregateSpec[] specs = [new(AggregateFunction.Sum, r, false), new(AggregateFunction.CountStar, null, false), new(AggregateFunction.Min, r, false)];
        var expected = $"R{BitConverter.DoubleToInt64Bits(1e16)}|5|R{BitConverter.DoubleToInt64Bits(-1e-16)}";
        foreach (var keys in new VectorExpression[][] { [], [new ColumnExpression(0, ValueKind.Integer)] })
        {
            foreach (var partitioned in new[] { false, true })
            {
                var answers = ParallelTables.AtDegrees(
                    d => new Yoda.Columnar.Execution.Operators.HashAggregateOperator(new Yoda.Columnar.Execution.Operators.ScanOperator(table, [0, 1, 2, 3]), keys, specs, "agg", parallelism: d) { AlwaysPartitioned = partitioned },
                    1,
                    2,
                    8);
                Assert.All(answers, answer => Assert.EndsWith(expected, answer, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>
    /// Grouped REAL sums beside INTEGER sums and counts (and beside a MIN) through the operator, over many small
    /// segments: few groups (merged partials, as morsel 0's first chunk decides), 100 (either, by the first chunk's size:
    /// the group shares with the workers or the consumer grouping) and many (the ordered fold), values
    /// on rounding boundaries and infinities (serial reruns), NULLs, deleted rows, ±0.0 and huge integers give the
    /// serial reference plan's answer, in its order, at degrees 1, 2 and 8.
    /// </summary>
    [Property(MaxTest = 40)]
    public void Grouped_real_sums_give_the_serial_answer_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var table = GroupedTable(random, groupCount: new[] { 1, 3, 40, 100, 5_000 }[random.Next(5)], boundaries: random.Next(4) == 0, huge: random.Next(3) == 0);
        var (k, i, r, s) = (new ColumnExpression(0, ValueKind.Integer), new ColumnExpression(1, ValueKind.Integer), new ColumnExpression(2, ValueKind.Real), new ColumnExpression(3, ValueKind.Text));
        AggregateSpec[][] shapes =
        [
            [new(AggregateFunction.Sum, r, false), new(AggregateFunction.Total, r, false), new(AggregateFunction.Avg, r, false), new(AggregateFunction.Sum, i, false), new(AggregateFunction.Avg, i, false), new(AggregateFunction.CountStar, null, false), new(AggregateFunction.Count, r, false)],
            [new(AggregateFunction.Avg, r, false), new(AggregateFunction.Min, r, false), new(AggregateFunction.Total, i, false)],
        ];
        foreach (var keys in new VectorExpression[][] { [k], [s] })
        {
            foreach (var specs in shapes)
            {
                var reference = ParallelTables.AtDegrees(_ => new Yoda.Columnar.Execution.Operators.HashAggregateOperator(new Yoda.Columnar.Execution.Operators.ScanOperator(table, [0, 1, 2, 3]), keys, specs, "agg", specialised: false), 1)[0];
                Assert.Equal([reference, reference, reference], ParallelTables.AtDegrees(d => new Yoda.Columnar.Execution.Operators.HashAggregateOperator(new Yoda.Columnar.Execution.Operators.ScanOperator(table, [0, 1, 2, 3]), keys, specs, "agg", parallelism: d), 1, 2, 8));
            }
        }
    }

    /// <summary>
    /// 2–16 segments of 1–600 rows over <paramref name="groupCount"/> keys (k, and s as its text), NULL now and then;
    /// r ordinary decimals, or with <paramref name="boundaries"/> also the values whose compensated sums depend on the order;
    /// i small integers or, <paramref name="huge"/>, up to 2^62; some segments with deleted rows.
    /// </summary>
    private static Yoda.Columnar.Storage.TableSnapshot GroupedTable(Random random, int groupCount, bool boundaries, bool huge)
    {
        var segments = new List<Yoda.Columnar.Storage.Segment>();
        for (var n = random.Next(2, 17); n > 0; n--)
        {
            var rows = random.Next(1, 601);
            var (k, i, r, s) = (new Apache.Arrow.Int64Array.Builder(), new Apache.Arrow.Int64Array.Builder(), new Apache.Arrow.DoubleArray.Builder(), new Apache.Arrow.StringArray.Builder());
            for (var row = 0; row < rows; row++)
            {
                var key = random.Next(groupCount);
                if (random.Next(20) == 0)
                {
                    (k, s) = (k.AppendNull(), s.AppendNull());
                }
                else
                {
                    (k, s) = (k.Append(key), s.Append("g" + key));
                }

                i = random.Next(10) == 0 ? i.AppendNull() : i.Append(huge ? random.NextInt64(long.MinValue / 2, long.MaxValue / 2) : random.Next(-1_000, 1_000));
                r = random.Next(10) == 0 ? r.AppendNull() : r.Append(boundaries && random.Next(3) == 0 ? Value(random) : random.Next(6) == 0 ? -0.0 : random.Next(-1_000_000, 1_000_000) / 100.0);
            }

            var deleted = random.Next(3) == 0 ? Yoda.Columnar.Storage.DeletionVector.Empty(rows).WithDeleted(Enumerable.Range(0, rows).Where(_ => random.Next(4) == 0), rows) : null;
            segments.Add(new Yoda.Columnar.Storage.Segment(new Apache.Arrow.RecordBatch(ParallelTables.Schema, [k.Build(), i.Build(), r.Build(), s.Build()], rows), deleted));
        }

        return new Yoda.Columnar.Storage.TableSnapshot("t", ParallelTables.Schema, [.. segments]);
    }

    private static Yoda.Columnar.Storage.Segment Segment(params double[] values) => ParallelTables.SegmentOf(values.Length, n => (0, 0, values[n], "x"));

    [Fact]
    public void A_state_with_serial_rows_before_its_first_merge_asks_for_a_serial_run()
    {
        var state = new SumState(AggregateFunction.Sum, ValueKind.Real);
        state.Update(ColumnVector.OfDoubles([1.5], null), null, [0], [0], 1);

        Assert.Throws<PartialsNotMergeableException>(() => state.Merge(Partial(AggregateFunction.Sum, [2.5]), [0], [0], 1));
    }

    [Fact]
    public void Groups_without_values_are_null_for_sum_and_avg_and_zero_for_total()
    {
        foreach (var function in new[] { AggregateFunction.Sum, AggregateFunction.Total, AggregateFunction.Avg })
        {
            var state = new SumState(function, ValueKind.Real);
            var partial = new AggregateSpec(function, new ColumnExpression(0, ValueKind.Real), false).CreatePartialState();
            partial.Update(ColumnVector.OfDoubles([1.5, 0.0], [false, true]), null, [0, 1], [0, 1], 2);
            state.Merge(partial, [0, 1], [0, 1], 2);

            var result = state.Result(2);
            Assert.False(result.IsNull(0));
            Assert.Equal(function != AggregateFunction.Total, result.IsNull(1));
            Assert.Equal(1.5, result.DoubleValues[0]);
            Assert.Equal(0.0, result.DoubleValues[1]);
        }
    }

    /// <summary>The sum of the values, each in a partial of its own merged in order.</summary>
    private static double MergedOneByOne(double[] values)
    {
        var state = new SumState(AggregateFunction.Total, ValueKind.Real);
        foreach (var value in values)
        {
            state.Merge(Partial(AggregateFunction.Total, [value]), [0], [0], 1);
        }

        return state.Result(1).DoubleValues[0];
    }

    private static AggregateState Partial(AggregateFunction function, double[] values)
    {
        var partial = new AggregateSpec(function, new ColumnExpression(0, ValueKind.Real), false).CreatePartialState();
        partial.Update(ColumnVector.OfDoubles(values, null), null, Rows(0, values.Length), new int[values.Length], 1);
        return partial;
    }

    /// <summary>
    /// The values cut into random consecutive morsels, each folded into a partial (some in runs of one group) and merged
    /// in order, the last ones possibly folded into the merged state itself; null when it asks for a serial run.
    /// </summary>
    private static ColumnVector? Merged(AggregateFunction function, double[] values, bool[] nulls, int[] groups, int groupCount, Random random)
    {
        var spec = new AggregateSpec(function, new ColumnExpression(0, ValueKind.Real), false);
        var state = new SumState(function, ValueKind.Real);
        var foldFrom = random.Next(0, 3) == 0 ? random.Next(1, values.Length + 1) : values.Length;
        try
        {
            for (var start = 0; start < values.Length;)
            {
                var end = Math.Min(values.Length, start + random.Next(1, 20));
                var vector = ColumnVector.OfDoubles(values, nulls);
                var rows = Rows(start, end - start);
                var morselGroups = groups[start..end];
                if (start >= foldFrom)
                {
                    state.Update(vector, null, rows, morselGroups, groupCount);
                }
                else if (random.Next(0, 2) == 0)
                {
                    var partial = spec.CreatePartialState();
                    partial.Update(vector, null, rows, morselGroups, groupCount);
                    state.Merge(partial, Rows(0, groupCount), Rows(0, groupCount), groupCount);
                }
                else
                {
                    // In runs of one group, each group's rows in order.
                    var order = Rows(0, rows.Length).OrderBy(k => morselGroups[k]).ToArray();
                    var partial = spec.CreatePartialState();
                    partial.UpdateRuns(vector, null, [.. order.Select(k => rows[k])], [.. order.Select(k => morselGroups[k])], groupCount);
                    state.Merge(partial, Rows(0, groupCount), Rows(0, groupCount), groupCount);
                }

                start = end;
            }

            return state.Result(groupCount);
        }
        catch (PartialsNotMergeableException)
        {
            return null;
        }
    }

    private static int[] Rows(int start, int count) => Enumerable.Range(start, count).ToArray();

    /// <summary>Mostly values whose compensated sums depend on the order of the additions.</summary>
    private static double Value(Random random) => random.Next(0, 24) switch
    {
        0 => 1e16,
        1 => -1e16,
        2 => TwoTo53,
        3 => -TwoTo53,
        4 => 1.0,
        5 => -3.0,
        6 => 0.1,
        7 => 1e-16,
        8 => 1.1102230246251565E-16,
        9 => 4503599627370497.0,
        10 => 5e-324,
        11 => -0.0,
        12 => 1e-300,
        13 => random.Next(0, 40) == 0 ? double.PositiveInfinity : 1e308,
        14 => random.Next(0, 40) == 0 ? double.NaN : -1e308,
        15 => -1.6653345369377348E-16,
        _ => random.Next(-400, 400) / 8.0 * Math.Pow(2, random.Next(-60, 60)),
    };
}
