using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace Yoda.Bench.Micro;

/// <summary>MIN and MAX of a double column in one pass (loop) or two (TensorPrimitives).</summary>
public class MinMaxBenchmarks : KernelData
{
    [Benchmark(Baseline = true, Description = "min/max double: scalar loop")]
    [BytesPerRow(8)]
    public (double, double) MinMaxLoop()
    {
        double min = double.MaxValue, max = double.MinValue;
        foreach (double v in Doubles)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return (min, max);
    }

    [Benchmark(Description = "min/max double: TensorPrimitives.Min + Max (2 passes)")]
    [BytesPerRow(8)]
    public (double, double) MinMaxTensorPrimitives() => (TensorPrimitives.Min<double>(Doubles), TensorPrimitives.Max<double>(Doubles));
}
