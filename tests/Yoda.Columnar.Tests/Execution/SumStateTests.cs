using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;

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
}
