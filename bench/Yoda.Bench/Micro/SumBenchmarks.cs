using System.Numerics;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace Yoda.Bench.Micro;

/// <summary>SUM(double) and SUM(long) over a column: scalar loop, Vector&lt;T&gt;, TensorPrimitives.</summary>
public class SumBenchmarks : KernelData
{
    [Benchmark(Baseline = true, Description = "sum double: scalar loop")]
    [BytesPerRow(8)]
    public double SumLoop()
    {
        double sum = 0;
        foreach (double v in Doubles)
        {
            sum += v;
        }

        return sum;
    }

    [Benchmark(Description = "sum double: Vector<T> loop")]
    [BytesPerRow(8)]
    public double SumVector()
    {
        var span = Doubles.AsSpan();
        var acc = Vector<double>.Zero;
        int i = 0;
        for (; i <= span.Length - Vector<double>.Count; i += Vector<double>.Count)
        {
            acc += new Vector<double>(span[i..]);
        }

        double sum = Vector.Sum(acc);
        for (; i < span.Length; i++)
        {
            sum += span[i];
        }

        return sum;
    }

    [Benchmark(Description = "sum double: TensorPrimitives.Sum")]
    [BytesPerRow(8)]
    public double SumTensorPrimitives() => TensorPrimitives.Sum<double>(Doubles);

    [Benchmark(Description = "sum long: scalar loop")]
    [BytesPerRow(8)]
    public long SumLongLoop()
    {
        long sum = 0;
        foreach (long v in Longs)
        {
            sum += v;
        }

        return sum;
    }

    [Benchmark(Description = "sum long: TensorPrimitives.Sum")]
    [BytesPerRow(8)]
    public long SumLongTensorPrimitives() => TensorPrimitives.Sum<long>(Longs);
}
