using System.Numerics;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace Yoda.Bench.Micro;

/// <summary>
/// WHERE v &gt; c: a filtered count, and a compare-to-constant producing a byte mask (the shape
/// of a selection vector). Scalar loops against Vector256 loops.
/// </summary>
public class FilterBenchmarks : KernelData
{
    private const long Threshold = 500;

    [Benchmark(Baseline = true, Description = "filtered count long > c: scalar loop")]
    [BytesPerRow(8)]
    public int CountLoop()
    {
        int count = 0;
        foreach (long v in Longs)
        {
            count += v > Threshold ? 1 : 0;
        }

        return count;
    }

    [Benchmark(Description = "filtered count long > c: Vector256 compare + popcount")]
    [BytesPerRow(8)]
    public int CountVector()
    {
        var span = Longs.AsSpan();
        var c = Vector256.Create(Threshold);
        int count = 0, i = 0;
        for (; i <= span.Length - Vector256<long>.Count; i += Vector256<long>.Count)
        {
            count += BitOperations.PopCount(Vector256.GreaterThan(Vector256.Create<long>(span[i..]), c).ExtractMostSignificantBits());
        }

        for (; i < span.Length; i++)
        {
            count += span[i] > Threshold ? 1 : 0;
        }

        return count;
    }

    [Benchmark(Description = "compare-to-constant -> byte mask: scalar loop")]
    [BytesPerRow(9)]
    public byte[] CompareLoop()
    {
        var values = Longs;
        var mask = Mask;
        for (int i = 0; i < values.Length; i++)
        {
            mask[i] = values[i] > Threshold ? (byte)1 : (byte)0;
        }

        return mask;
    }

    [Benchmark(Description = "compare-to-constant -> byte mask: Vector256 + bit extraction")]
    [BytesPerRow(9)]
    public byte[] CompareVector()
    {
        var values = Longs.AsSpan();
        var mask = Mask;
        var c = Vector256.Create(Threshold);
        int i = 0;
        for (; i <= values.Length - Vector256<long>.Count; i += Vector256<long>.Count)
        {
            uint bits = Vector256.GreaterThan(Vector256.Create<long>(values[i..]), c).ExtractMostSignificantBits();
            mask[i] = (byte)(bits & 1);
            mask[i + 1] = (byte)((bits >> 1) & 1);
            mask[i + 2] = (byte)((bits >> 2) & 1);
            mask[i + 3] = (byte)((bits >> 3) & 1);
        }

        for (; i < values.Length; i++)
        {
            mask[i] = values[i] > Threshold ? (byte)1 : (byte)0;
        }

        return mask;
    }
}
