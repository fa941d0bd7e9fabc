using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Adds a span of REALs into one group's TwoSum pair <c>(high, low)</c> and magnitude sum in eight independent lanes (two
/// 256-bit vectors), merged into the pair at the end. One chain of TwoSums waits about four cycles a value on the
/// previous high; eight chains keep the floating-point units busy instead. Each lane rounds <c>low</c> once a value, as
/// the single chain does, and each of the seven lane merges is a partial merge (TwoSum of the highs, then
/// <c>(low + low') + error</c>): two more roundings, counted by the caller as merges, so
/// <see cref="CompensatedSumBound"/>'s argument holds unchanged (docs/sql-semantics.md, "REAL sums merged across threads").
/// </summary>
internal static class RealSumLanes
{
    /// <summary>The lane merges one <see cref="Add"/> of at least <see cref="MinValues"/> values makes.</summary>
    public const int Merges = 7;

    /// <summary>Below this many values the single chain is used: seven merges would cost more than the lanes save.</summary>
    public const int MinValues = 64;

    /// <summary>
    /// Adds every value (none NULL) into the pair and the magnitude sum; returns the lane merges made
    /// (<see cref="Merges"/>, or 0 for fewer than <see cref="MinValues"/> values, added by the single chain).
    /// </summary>
    public static int Add(ReadOnlySpan<double> values, ref double high, ref double low, ref double magnitude)
    {
        if (values.Length < MinValues)
        {
            AddChain(values, ref high, ref low, ref magnitude);
            return 0;
        }

        var done = AddInLanes(values, ref high, ref low, ref magnitude);
        AddChain(values[done..], ref high, ref low, ref magnitude);
        return Merges;
    }

    /// <summary>
    /// The values of whole groups of eight, in lanes merged into the pair at the end; returns how many were added. It calls
    /// nothing (the merges are inlined), so the JIT keeps the six accumulators in registers across the loop.
    /// </summary>
    private static int AddInLanes(ReadOnlySpan<double> values, ref double high, ref double low, ref double magnitude)
    {
        // Lane 0 of the first vector continues the group's pair; the other seven start from zero.
        var highA = Vector256.Create(high, 0.0, 0.0, 0.0);
        var lowA = Vector256.Create(low, 0.0, 0.0, 0.0);
        var magnitudeA = Vector256.Create(magnitude, 0.0, 0.0, 0.0);
        var highB = Vector256<double>.Zero;
        var lowB = Vector256<double>.Zero;
        var magnitudeB = Vector256<double>.Zero;
        ref var start = ref MemoryMarshal.GetReference(values);
        var i = 0;
        for (; i <= values.Length - 8; i += 8)
        {
            // In bounds: i + 8 <= values.Length.
            var x = Vector256.LoadUnsafe(ref start, (nuint)i);
            var y = Vector256.LoadUnsafe(ref start, (nuint)i + 4);
            var sumA = highA + x;
            var sumB = highB + y;
            var fromX = sumA - highA;
            var fromY = sumB - highB;
            lowA += (highA - (sumA - fromX)) + (x - fromX);
            lowB += (highB - (sumB - fromY)) + (y - fromY);
            magnitudeA += Vector256.Abs(x);
            magnitudeB += Vector256.Abs(y);
            highA = sumA;
            highB = sumB;
        }

        (high, low, magnitude) = (highA[0], lowA[0], magnitudeA[0]);
        for (var lane = 1; lane < 4; lane++)
        {
            Merge(ref high, ref low, ref magnitude, highA[lane], lowA[lane], magnitudeA[lane]);
        }

        for (var lane = 0; lane < 4; lane++)
        {
            Merge(ref high, ref low, ref magnitude, highB[lane], lowB[lane], magnitudeB[lane]);
        }

        return i;
    }

    /// <summary>The values one after another into the pair: one rounding of <paramref name="low"/> each.</summary>
    public static void AddChain(ReadOnlySpan<double> values, ref double high, ref double low, ref double magnitude)
    {
        foreach (var value in values)
        {
            (high, var error) = TwoSum(high, value);
            low += error;
            magnitude += Math.Abs(value);
        }
    }

    /// <summary>
    /// Merges a lane, or another partial's group, into the pair: TwoSum of the highs, then the lows and the error into
    /// the low (two roundings of <paramref name="low"/>, which <see cref="CompensatedSumBound"/>'s argument counts).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Merge(ref double high, ref double low, ref double magnitude, double otherHigh, double otherLow, double otherMagnitude)
    {
        (high, var error) = TwoSum(high, otherHigh);
        low = (low + otherLow) + error;
        magnitude += otherMagnitude;
    }

    /// <summary>Knuth's TwoSum: the rounded sum and its rounding error, exactly (no branch on the operands' magnitudes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Sum, double Error) TwoSum(double a, double b)
    {
        var sum = a + b;
        var fromB = sum - a;
        return (sum, (a - (sum - fromB)) + (b - fromB));
    }
}
