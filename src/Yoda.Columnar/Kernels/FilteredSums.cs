using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Yoda.Columnar.Kernels;

/// <summary>
/// <c>SUM(x) WHERE x &lt;op&gt; c</c> (or <c>x BETWEEN a AND b</c>) in one pass over an INTEGER column: each
/// vector of values is compared once, the compare's lanes narrow the row mask (as
/// <see cref="SelectionKernels.NarrowMaskRange{T, TLow, THigh}"/> would) and, ANDed with the values, are
/// added, so the values are read once and the mask is never read back to pick lanes (the two-pass path:
/// <see cref="SelectionKernels.NarrowMaskRange{T, TLow, THigh}"/>, then <see cref="AggregateKernels.Sum"/>).
/// Sums wrap at 64 bits like <see cref="AggregateKernels.Sum"/>: exact when no partial sum can overflow,
/// which the caller checks. Vector256 where the hardware has it (also on Vector512 hosts), else scalar.
/// </summary>
public static class FilteredSums
{
    private const int BlockRows = 64;

    /// <summary>
    /// Clears the bits of <paramref name="mask"/> whose value fails <typeparamref name="TTest"/> against
    /// <paramref name="constant"/>, and returns the wrapping sum of the values whose bits stay set.
    /// </summary>
    public static long NarrowAndSum<TTest>(ReadOnlySpan<long> values, long constant, Span<ulong> mask)
        where TTest : struct, IOrderTest =>
        NarrowAndSumRange<TTest, PassTest>(values, constant, constant, mask);

    /// <summary>
    /// Clears the bits of <paramref name="mask"/> (bit <c>i % 64</c> of word <c>i / 64</c> for value i; bits
    /// past the values stay) whose value fails <typeparamref name="TLow"/> against <paramref name="low"/> or
    /// <typeparamref name="THigh"/> against <paramref name="high"/>, and returns the wrapping sum of the
    /// values whose bits stay set.
    /// </summary>
    public static long NarrowAndSumRange<TLow, THigh>(ReadOnlySpan<long> values, long low, long high, Span<ulong> mask)
        where TLow : struct, IOrderTest
        where THigh : struct, IOrderTest
    {
        if (mask.Length < (values.Length + BlockRows - 1) / BlockRows)
        {
            throw new ArgumentException("the mask must have a bit per value", nameof(mask));
        }

        // Integers only: x >= a is x > a - 1, x <= b is x < b + 1, and AVX2 compares longs for > alone
        // (>= and <= cost a NOT more, per bound and vector). A single test comes as TLow.
        if (typeof(TLow) == typeof(GreaterOrEqualTest) && low != long.MinValue)
        {
            return NarrowAndSumRange<GreaterTest, THigh>(values, low - 1, high, mask);
        }

        if (typeof(THigh) == typeof(LessOrEqualTest) && high != long.MaxValue)
        {
            return NarrowAndSumRange<TLow, LessTest>(values, low, high + 1, mask);
        }

        if (typeof(TLow) == typeof(LessOrEqualTest) && low != long.MaxValue)
        {
            return NarrowAndSumRange<LessTest, THigh>(values, low + 1, high, mask);
        }

        ref var start = ref MemoryMarshal.GetReference(values);
        var w = 0;
        long sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var (lowLanes, highLanes) = (Vector256.Create(low), Vector256.Create(high));
            var laneBits = Vector256.Create(1L, 2, 4, 8);
            var (a, b) = (Vector256<long>.Zero, Vector256<long>.Zero);
            for (; (w + 1) * BlockRows <= values.Length; w++)
            {
                var word = mask[w];
                if (word == 0)
                {
                    continue;
                }

                // A word with rows already cleared (deleted, or by an earlier predicate) keeps only its set
                // bits' lanes: the word broadcast to every lane, lane j kept when bit j of the low nibble is set.
                var partial = word != ulong.MaxValue;
                var bits = Vector256.Create((long)word);
                ref var block = ref Unsafe.Add(ref start, w * BlockRows);
                var passing = 0UL;
                for (var k = 0; k < BlockRows; k += 8)
                {
                    var x = Vector256.LoadUnsafe(ref block, (nuint)k);
                    var y = Vector256.LoadUnsafe(ref block, (nuint)(k + 4));
                    var keepX = TLow.Test(x, lowLanes) & THigh.Test(x, highLanes);
                    var keepY = TLow.Test(y, lowLanes) & THigh.Test(y, highLanes);
                    passing |= ((ulong)keepX.ExtractMostSignificantBits() << k) | ((ulong)keepY.ExtractMostSignificantBits() << (k + 4));
                    if (partial)
                    {
                        keepX &= AggregateKernels.Keep<long>(bits, laneBits);
                        keepY &= AggregateKernels.Keep<long>(bits >>> 4, laneBits);
                        bits >>>= 8;
                    }

                    a += x & keepX;
                    b += y & keepY;
                }

                mask[w] = word & passing;
            }

            sum = Vector256.Sum(a + b);
        }

        for (var i = w * BlockRows; i < values.Length; i++)
        {
            var value = Unsafe.Add(ref start, i);
            var bit = 1UL << i;
            if ((mask[i >> 6] & bit) == 0)
            {
                continue;
            }

            if (TLow.Accepts(value.CompareTo(low)) && THigh.Accepts(value.CompareTo(high)))
            {
                sum = unchecked(sum + value);
            }
            else
            {
                mask[i >> 6] &= ~bit;
            }
        }

        return sum;
    }
}
