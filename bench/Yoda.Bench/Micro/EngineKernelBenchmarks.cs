using BenchmarkDotNet.Attributes;
using Yoda.Columnar.Kernels;

namespace Yoda.Bench.Micro;

/// <summary>
/// Yoda's own scan kernels (Kernels/SelectionKernels, used by pushed-down scan filters) over the
/// shared one-million-value columns: filtered counts and compare-to-constant selection vectors.
/// </summary>
public class EngineKernelBenchmarks : KernelData
{
    private const long Threshold = 500;
    private int[] _selection = [];

    [GlobalSetup(Target = nameof(SelectLongs) + "," + nameof(SelectDoubles))]
    public void SetupSelection()
    {
        Setup();
        _selection = new int[Rows];
    }

    [Benchmark(Description = "Yoda SelectionKernels.CountAll long > c")]
    [BytesPerRow(8)]
    public long CountLongs() => SelectionKernels.CountAll<long, GreaterTest>(Longs, Threshold);

    [Benchmark(Description = "Yoda SelectionKernels.CountAll double < c")]
    [BytesPerRow(8)]
    public long CountDoubles() => SelectionKernels.CountAll<double, LessTest>(Doubles, 50.0);

    [Benchmark(Description = "Yoda SelectionKernels.SelectAll long > c -> selection vector")]
    [BytesPerRow(8)]
    public int SelectLongs() => SelectionKernels.SelectAll<long, GreaterTest>(Longs, Threshold, _selection);

    [Benchmark(Description = "Yoda SelectionKernels.SelectAll double < c -> selection vector")]
    [BytesPerRow(8)]
    public int SelectDoubles() => SelectionKernels.SelectAll<double, LessTest>(Doubles, 50.0, _selection);
}
