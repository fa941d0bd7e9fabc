using System.Numerics;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="RealSumLanes"/>: eight TwoSum lanes merged into one pair stay within the bound
/// <see cref="CompensatedSumBound"/> assumes (checked against the exact sum, in integers), count their merges, and
/// through <see cref="RealSumPartial"/> give the serial compensated sum to the bit or ask for a serial run.
/// </summary>
public sealed class RealSumLanesTests
{
    [Property(MaxTest = 300)]
    public void The_lanes_pair_lies_within_the_bound_of_the_exact_sum(int seed)
    {
        var random = new Random(seed);
        var values = Values(random, random.Next(0, 700));
        var (high, low, magnitude) = (random.Next(0, 2) == 0 ? 0.0 : 1e6 * random.NextDouble(), 0.0, 0.0);
        var exact = Exact(values) + Exact([high]);
        magnitude = Math.Abs(high);

        var merges = RealSumLanes.Add(values, ref high, ref low, ref magnitude);

        Assert.Equal(values.Length >= RealSumLanes.MinValues ? RealSumLanes.Merges : 0, merges);
        var steps = values.Length + 1 + (2.0 * merges);
        var bound = 2.25 * magnitude * steps * steps / 9007199254740992.0 / 9007199254740992.0;
        var distance = BigInteger.Abs(Exact([high]) + Exact([low]) - exact);
        Assert.True(distance <= Exact([Math.BitIncrement(bound)]), $"{values.Length} values: |hi + lo - S| = {(double)distance / Math.Pow(2, 1074):R} above {bound:R}");
    }

    [Fact]
    public void Integer_valued_lanes_sum_exactly_and_the_magnitudes_add_up()
    {
        var values = Enumerable.Range(0, 1_003).Select(i => (double)((i * 7919 % 2001) - 1000) * 4096.0).ToArray();
        var (high, low, magnitude) = (1.0, 0.0, 1.0);

        RealSumLanes.Add(values, ref high, ref low, ref magnitude);

        Assert.Equal(values.Sum() + 1.0, high + low);
        Assert.Equal(values.Sum(Math.Abs) + 1.0, magnitude);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(RealSumLanes.MinValues - 1)]
    [InlineData(RealSumLanes.MinValues)]
    [InlineData(RealSumLanes.MinValues + 7)]
    [InlineData(Chunk.Capacity)]
    public void A_chunk_of_consecutive_rows_counts_the_lane_merges_as_steps(int count)
    {
        var partial = new RealSumPartial();
        var values = Enumerable.Range(0, count).Select(i => i * 0.25).ToArray();

        partial.Fold(ColumnVector.OfDoubles(values, null), Chunk.AllRows(count), new int[count], 1, groupRuns: false);

        Assert.Equal(count + (count >= RealSumLanes.MinValues ? 2 * RealSumLanes.Merges : 0), partial.Steps(0));
        Assert.True(partial.TryValue(0, out var sum));
        Assert.Equal(values.Sum(), sum);
    }

    [Fact]
    public void Rows_that_are_not_consecutive_are_added_one_by_one()
    {
        var partial = new RealSumPartial();
        var values = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
        int[] rows = [.. Enumerable.Range(0, 100).Select(i => 2 * i)];

        partial.Fold(ColumnVector.OfDoubles(values, null), rows, new int[rows.Length], 1, groupRuns: false);

        Assert.Equal(rows.Length, partial.Steps(0));
        Assert.True(partial.TryValue(0, out var sum));
        Assert.Equal(rows.Sum(), sum);
    }

    [Theory]
    [InlineData(0, 4096, true)]
    [InlineData(100, 200, true)]
    [InlineData(4000, 96, true)]
    [InlineData(4000, 97, false)] // past the chunk
    public void Consecutive_rows_are_recognised(int first, int count, bool expected)
    {
        Assert.Equal(expected, Chunk.AreConsecutive(Enumerable.Range(first, count).ToArray()));
    }

    [Fact]
    public void Rows_with_a_gap_or_out_of_order_are_not_consecutive()
    {
        Assert.False(Chunk.AreConsecutive([0, 1, 3, 3]));
        Assert.False(Chunk.AreConsecutive([1, 0, 2, 3]));
        Assert.False(Chunk.AreConsecutive([]));
        Assert.False(Chunk.AreConsecutive([-1, 0]));
    }

    /// <summary>
    /// Stored chunks of consecutive rows (the lanes) and runs with NULLs or gaps (the chain), folded into partials and
    /// merged, over values whose compensated sums depend on the order: the serial compensated sum to the bit, or a
    /// request for a serial run; ordinary decimals are always decided.
    /// </summary>
    [Property(MaxTest = 150)]
    public void Lane_partials_give_the_serial_sum_or_ask_for_a_serial_run(int seed)
    {
        var random = new Random(seed);
        var hard = random.Next(0, 2) == 0;
        var count = random.Next(1, 3 * Chunk.Capacity);
        var values = hard ? Values(random, count) : [.. Enumerable.Range(0, count).Select(_ => random.Next(-1_000_000, 1_000_000) / 100.0)];
        var nulls = random.Next(0, 3) == 0 ? values.Select(_ => random.Next(0, 50) == 0).ToArray() : null;
        foreach (var function in new[] { AggregateFunction.Sum, AggregateFunction.Avg })
        {
            var serial = new SumState(function, ValueKind.Real);
            serial.Update(ColumnVector.OfDoubles(values, nulls), null, Chunk.AllRows(count), new int[count], 1);
            var expected = serial.Result(1);

            var merged = new SumState(function, ValueKind.Real);
            var spec = new AggregateSpec(function, new ColumnExpression(0, ValueKind.Real), false);
            try
            {
                for (var start = 0; start < count; start += Chunk.Capacity)
                {
                    var length = Math.Min(Chunk.Capacity, count - start);
                    var chunk = ColumnVector.OfDoubles(values[start..(start + length)], nulls?[start..(start + length)]);
                    var partial = spec.CreatePartialState();
                    partial.Update(chunk, null, Chunk.AllRows(length), new int[length], 1);
                    merged.Merge(partial, [0], [0], 1);
                }

                var result = merged.Result(1);
                Assert.Equal(expected.IsNull(0), result.IsNull(0));
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected.DoubleValues[0]), BitConverter.DoubleToInt64Bits(result.DoubleValues[0]));
            }
            catch (PartialsNotMergeableException)
            {
                Assert.True(hard, "ordinary decimals were not decided");
            }
        }
    }

    /// <summary>Mixed magnitudes and signs: decimals, large and tiny values, integers past 2^53, ±0.0, subnormals.</summary>
    private static double[] Values(Random random, int count) =>
    [
        .. Enumerable.Range(0, count).Select(_ => random.Next(0, 9) switch
        {
            0 => 1e16 * (random.Next(0, 2) * 2 - 1),
            1 => 9007199254740993.0 - random.Next(0, 4),
            2 => random.NextDouble() * 1e-16,
            3 => -0.0,
            4 => 5e-324 * random.Next(1, 10),
            5 => Math.ScaleB(random.NextDouble() - 0.5, random.Next(-60, 60)),
            _ => random.Next(-1_000_000, 1_000_000) / 100.0,
        }),
    ];

    /// <summary>The exact sum of finite doubles, in units of 2^-1074 (the least subnormal).</summary>
    private static BigInteger Exact(double[] values)
    {
        var sum = BigInteger.Zero;
        foreach (var value in values)
        {
            var bits = BitConverter.DoubleToInt64Bits(value);
            var exponent = (int)((bits >> 52) & 0x7FF);
            var mantissa = bits & 0xFFFFFFFFFFFFFL;
            var units = (exponent == 0 ? new BigInteger(mantissa) : new BigInteger(mantissa | (1L << 52)) << (exponent - 1)) * (bits < 0 ? -1 : 1);
            sum += units;
        }

        return sum;
    }
}
