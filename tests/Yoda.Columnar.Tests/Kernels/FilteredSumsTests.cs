using FsCheck.Xunit;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Tests.Kernels;

/// <summary>
/// The fused filtered SUM against a scalar reference: the mask it leaves has the bits of the values that fail
/// either test (by <c>CompareTo</c>) cleared, and the sum is the wrapping sum of the values whose bits stay
/// set; <see cref="SelectionKernels.NarrowMaskRange{T, TLow, THigh}"/> must leave the same mask. For every
/// test and pair of tests, bounds at the int64 edges and reversed, lengths around the vector and word
/// widths, and masks of every density (bits past the values kept).
/// </summary>
public class FilteredSumsTests
{
    private static readonly long[] Edges = [long.MinValue, long.MinValue + 1, -1, 0, 1, long.MaxValue - 1, long.MaxValue];

    [Property(MaxTest = 300)]
    public void Narrows_like_the_mask_kernel_and_sums_the_rows_kept(int seed)
    {
        var random = new Random(seed);
        var length = random.Next(0, 5) == 0 ? random.Next(0, 70) : random.Next(0, 700);
        var values = Enumerable.Range(0, length).Select(_ => Value(random)).ToArray();
        var mask = Enumerable.Range(0, (length + 63) / 64 + 1).Select(_ => random.Next(4) switch
        {
            0 => 0UL,
            1 => (ulong)random.NextInt64() & (ulong)random.NextInt64(),
            2 => ((ulong)random.NextInt64() << 1) | (uint)random.Next(2),
            _ => ulong.MaxValue,
        }).ToArray();
        var (low, high) = (Bound(random, values), Bound(random, values));

        Check<LessTest, PassTest>(values, high, high, mask);
        Check<LessOrEqualTest, PassTest>(values, high, high, mask);
        Check<GreaterTest, PassTest>(values, low, low, mask);
        Check<GreaterOrEqualTest, PassTest>(values, low, low, mask);
        Check<EqualTest, PassTest>(values, low, low, mask);
        Check<NotEqualTest, PassTest>(values, low, low, mask);
        Check<GreaterOrEqualTest, LessOrEqualTest>(values, low, high, mask);
        Check<GreaterTest, LessTest>(values, low, high, mask);
        Check<GreaterOrEqualTest, LessTest>(values, high, low, mask);
        Check<GreaterTest, LessOrEqualTest>(values, low, high, mask);
        Check<LessOrEqualTest, GreaterOrEqualTest>(values, high, low, mask);
    }

    [Fact]
    public void The_single_test_form_is_the_range_with_one_side_open()
    {
        long[] values = [.. Enumerable.Range(-100, 131).Select(i => (long)i), long.MaxValue, long.MaxValue];
        var mask = new ulong[3];
        Array.Fill(mask, ulong.MaxValue);
        var sum = FilteredSums.NarrowAndSum<GreaterOrEqualTest>(values, 20L, mask);

        Assert.Equal(Enumerable.Range(20, 11).Sum() + unchecked(long.MaxValue + long.MaxValue), sum);
        Assert.Equal(13, mask.Sum(w => System.Numerics.BitOperations.PopCount(w)) - (64 * 3 - 133));
    }

    private static void Check<TLow, THigh>(long[] values, long low, long high, ulong[] start)
        where TLow : struct, IOrderTest
        where THigh : struct, IOrderTest
    {
        var expectedMask = (ulong[])start.Clone();
        var expectedSum = 0L;
        for (var i = 0; i < values.Length; i++)
        {
            if (!TLow.Accepts(values[i].CompareTo(low)) || !THigh.Accepts(values[i].CompareTo(high)))
            {
                expectedMask[i >> 6] &= ~(1UL << i);
            }
            else if ((expectedMask[i >> 6] & (1UL << i)) != 0)
            {
                expectedSum = unchecked(expectedSum + values[i]);
            }
        }

        var mask = (ulong[])start.Clone();
        var sum = FilteredSums.NarrowAndSumRange<TLow, THigh>(values, low, high, mask);
        Assert.Equal(expectedMask, mask);
        Assert.Equal(expectedSum, sum);

        // The mask kernel alone (its `<>` inverts a word of `==`, its open integer interval is one compare).
        mask = (ulong[])start.Clone();
        SelectionKernels.NarrowMaskRange<long, TLow, THigh>(values, low, high, mask);
        Assert.Equal(expectedMask, mask);
    }

    private static long Value(Random random) => random.Next(10) switch
    {
        0 => Edges[random.Next(Edges.Length)],
        1 => random.NextInt64(long.MinValue, long.MaxValue),
        _ => random.Next(-20, 21),
    };

    /// <summary>A stored value, an edge of the int64 range, or a small number beside the values.</summary>
    private static long Bound(Random random, long[] values) => random.Next(3) switch
    {
        0 when values.Length > 0 => values[random.Next(values.Length)],
        1 => Edges[random.Next(Edges.Length)],
        _ => random.Next(-25, 26),
    };
}
