using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// The INTEGER sum loops of <see cref="SumState"/>: chunks that no sum can overflow take an unchecked
/// loop, which must hand over to the checked one whenever a sum might leave the 64-bit range,
/// including after a merge of partial states brought a sum near it.
/// </summary>
public sealed class SumStateTests
{
    private static ColumnVector Longs(params long[] values) => ColumnVector.OfLongs(values, null);

    private static int[] Rows(int count) => Enumerable.Range(0, count).ToArray();

    [Fact]
    public void A_sum_merged_near_the_limit_still_overflows_on_the_next_chunk()
    {
        var partial = new AggregateSpec(AggregateFunction.Sum, new Yoda.Columnar.Execution.Expressions.ColumnExpression(0, ValueKind.Integer), false).CreatePartialState();
        partial.Update(Longs(long.MaxValue - 5), null, [0], [0], 1);
        var state = new SumState(AggregateFunction.Sum, ValueKind.Integer);
        state.Update(Longs(1, 2), null, Rows(2), [0, 1], 2);
        state.Merge(partial, [0], [1], 2);
        state.Update(Longs(3, 10), null, Rows(2), [0, 1], 2);

        Assert.Equal("integer overflow", Assert.Throws<YodaException>(() => state.Result(2)).Message);
    }

    /// <summary>
    /// Unchecked chunks grow only the exact sums and counts: groups past the flags' first 16 must still overflow,
    /// and an INTEGER SUM without overflow must give its sums, once a later chunk or the result reads the flags.
    /// </summary>
    [Fact]
    public void Groups_grown_by_unchecked_chunks_alone_still_overflow_in_a_later_chunk()
    {
        const int groupCount = 100;
        var state = new SumState(AggregateFunction.Sum, ValueKind.Integer);
        state.Update(Longs(Enumerable.Range(1, groupCount).Select(v => (long)v).ToArray()), null, Rows(groupCount), Rows(groupCount), groupCount);
        var sums = state.Result(groupCount).LongValues[..groupCount].ToArray();
        Assert.Equal(Enumerable.Range(1, groupCount).Select(v => (long)v), sums);

        state.Update(Longs(long.MaxValue), null, [0], [groupCount - 1], groupCount);

        Assert.Equal("integer overflow", Assert.Throws<YodaException>(() => state.Result(groupCount)).Message);
    }

    [Fact]
    public void Groups_grown_by_unchecked_chunks_alone_turn_approximate_at_a_later_real()
    {
        const int groupCount = 100;
        var state = new SumState(AggregateFunction.Total, ValueKind.Dynamic);
        state.Update(Longs(Enumerable.Range(1, groupCount).Select(v => (long)v).ToArray()), null, Rows(groupCount), Rows(groupCount), groupCount);
        state.Update(ColumnVector.OfDoubles([0.5], null), null, [0], [groupCount - 1], groupCount);

        var totals = state.Result(groupCount).DoubleValues[..groupCount].ToArray();

        Assert.Equal(Enumerable.Range(1, groupCount).Select(v => v == groupCount ? v + 0.5 : v), totals);
    }

    [Fact]
    public void Small_values_sum_exactly_and_an_extreme_chunk_switches_to_the_checked_loop()
    {
        var state = new SumState(AggregateFunction.Avg, ValueKind.Integer);
        state.Update(Longs(1, -2, 3, 4), null, Rows(4), [0, 1, 0, 1], 2);
        state.Update(ColumnVector.OfLongs([long.MaxValue, 7, long.MaxValue], [false, true, false]), null, Rows(3), [0, 1, 0], 2);
        state.Update(Longs(5, 6), null, [1], [1], 2);

        var result = state.Result(2);
        // Group 0 overflows on its second extreme value and continues as a compensated REAL sum, as SQLite's avg does.
        Assert.Equal((4.0 + long.MaxValue + long.MaxValue) / 4, result.DoubleValues[0]);
        Assert.Equal((-2 + 4 + 6) / 3.0, result.DoubleValues[1]);
    }

    /// <summary>
    /// INTEGER sums merged from morsels' partials (64-bit sums under a bound on the running sums, exact 128-bit
    /// prefixes once a chunk takes the bound past its limit) give the serial answer, the serial "integer overflow",
    /// or ask for a serial run, which only values that can bring a sum near 2^63 may do.
    /// </summary>
    [Property(MaxTest = 300)]
    public void Integer_sums_merged_from_partials_give_the_serial_answer_or_ask_for_a_serial_run(int seed)
    {
        var random = new Random(seed);
        var groupCount = random.Next(1, 4);
        var chunks = Enumerable.Range(0, random.Next(1, 12)).Select(_ => IntegerChunk(random, groupCount)).ToList();
        var morselEnds = chunks.Select((_, c) => c + 1).Where(_ => random.Next(3) == 0).Append(chunks.Count).Distinct().ToList();
        var small = chunks.All(c => c.Values.All(v => Math.Abs(v) <= 1_000_000));
        foreach (var function in new[] { AggregateFunction.Sum, AggregateFunction.Total, AggregateFunction.Avg })
        {
            var serial = new SumState(function, ValueKind.Integer);
            foreach (var (values, nulls, groups) in chunks)
            {
                serial.Update(ColumnVector.OfLongs(values, nulls), null, Rows(values.Length), groups, groupCount);
            }

            var expected = Answer(serial, groupCount);
            var spec = new AggregateSpec(function, new ColumnExpression(0, ValueKind.Integer), false);
            var merged = new SumState(function, ValueKind.Integer);
            var start = 0;
            try
            {
                foreach (var end in morselEnds)
                {
                    var partial = spec.CreatePartialState();
                    foreach (var (values, nulls, groups) in chunks[start..end])
                    {
                        partial.Update(ColumnVector.OfLongs(values, nulls), null, Rows(values.Length), groups, groupCount);
                    }

                    merged.Merge(partial, Rows(groupCount), Rows(groupCount), groupCount);
                    start = end;
                }
            }
            catch (PartialsNotMergeableException)
            {
                Assert.False(small, "sums of small values are always decided");
                continue;
            }

            Assert.Equal(expected, Answer(merged, groupCount));
        }
    }

    /// <summary>
    /// A partial whose first chunk was folded in 64 bits under a bound (10: 5 and -5) and whose second chunk took it past
    /// the bound's limit keeps the bound for the prefixes it did not track: merged onto long.MaxValue - 7, the bound
    /// cannot clear it of overflow (its true largest prefix, 5, would), so it asks for a serial run instead of failing.
    /// </summary>
    [Fact]
    public void A_partial_past_its_bound_keeps_the_bound_for_its_earlier_prefixes()
    {
        var spec = new AggregateSpec(AggregateFunction.Sum, new ColumnExpression(0, ValueKind.Integer), false);
        var serial = new SumState(AggregateFunction.Sum, ValueKind.Integer);
        serial.Update(Longs(long.MaxValue - 7, 5, -5, -(1L << 62), 1L << 62), null, Rows(5), new int[5], 1);
        Assert.Equal(long.MaxValue - 7, serial.Result(1).LongValues[0]);

        var merged = new SumState(AggregateFunction.Sum, ValueKind.Integer);
        merged.Update(Longs(long.MaxValue - 7), null, Rows(1), [0], 1);
        var partial = spec.CreatePartialState();
        partial.Update(Longs(5, -5), null, Rows(2), [0, 0], 1);
        partial.Update(Longs(-(1L << 62), 1L << 62), null, Rows(2), [0, 0], 1);

        Assert.Throws<PartialsNotMergeableException>(() => merged.Merge(partial, [0], [0], 1));
    }

    /// <summary>A chunk of 1–20 rows: small values, or values up to 2^62 (a few of them overflow a running sum); NULL now and then.</summary>
    private static (long[] Values, bool[] Nulls, int[] Groups) IntegerChunk(Random random, int groupCount)
    {
        var rows = random.Next(1, 21);
        var huge = random.Next(4) == 0;
        var values = Enumerable.Range(0, rows).Select(_ => huge ? random.NextInt64(long.MinValue / 2, long.MaxValue / 2) : random.Next(-1_000_000, 1_000_001)).ToArray();
        var nulls = Enumerable.Range(0, rows).Select(_ => random.Next(8) == 0).ToArray();
        return (values, nulls, [.. Enumerable.Range(0, rows).Select(_ => random.Next(groupCount))]);
    }

    /// <summary>The state's results (doubles by their bits), or its error.</summary>
    private static string Answer(SumState state, int groupCount)
    {
        try
        {
            var result = state.Result(groupCount);
            return string.Join("|", Enumerable.Range(0, groupCount).Select(g => result.GetValue(g) switch
            {
                null => "NULL",
                double d => $"R{BitConverter.DoubleToInt64Bits(d)}",
                var v => v.ToString(),
            }));
        }
        catch (YodaException e)
        {
            return $"error: {e.Message}";
        }
    }
}
