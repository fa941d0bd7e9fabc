using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using Yoda.Columnar.Kernels;

namespace Yoda.Bench.Micro;

/// <summary>
/// Yoda's ungrouped aggregate kernels (Kernels/AggregateKernels, used for COUNT/SUM/MIN/MAX of a
/// stored column) against the memory wall: 16 million values (128 MB per column, far beyond the
/// caches) besides 1 million (cache-resident). The wall probe reads the column with Vector512 ORs
/// and nothing else: the most one core can stream. Masks: none (no NULL, nothing deleted) or 5%
/// of rows cleared. The filtered count narrows a mask by a comparison and counts its bits.
/// </summary>
[MemoryDiagnoser]
public class AggregateKernelBenchmarks
{
    private long[] _longs = [];
    private double[] _doubles = [];
    private ulong[] _mask = [];
    private ulong[] _filtered = [];

    [Params(1_000_000, 16_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _longs = new long[Rows];
        _doubles = new double[Rows];
        _mask = new ulong[(Rows + 63) / 64];
        _filtered = new ulong[_mask.Length];
        for (var i = 0; i < Rows; i++)
        {
            _longs[i] = random.NextInt64(-1_000_000, 1_000_000);
            _doubles[i] = random.NextDouble() * 100;
            if (random.Next(20) != 0)
            {
                _mask[i >> 6] |= 1UL << i;
            }
        }
    }

    [Benchmark(Baseline = true, Description = "memory wall probe: Vector512 OR over longs")]
    [BytesPerRow(8)]
    public long WallProbe()
    {
        var span = _longs.AsSpan();
        var (a, b) = (Vector512<long>.Zero, Vector512<long>.Zero);
        var i = 0;
        for (; i + 16 <= span.Length; i += 16)
        {
            a |= Vector512.Create<long>(span.Slice(i, 8));
            b |= Vector512.Create<long>(span.Slice(i + 8, 8));
        }

        var result = Vector512.Sum(a | b);
        for (; i < span.Length; i++)
        {
            result |= span[i];
        }

        return result;
    }

    [Benchmark(Description = "Yoda AggregateKernels.Sum long, no mask")]
    [BytesPerRow(8)]
    public long SumLongs() => AggregateKernels.Sum(_longs, []);

    [Benchmark(Description = "Yoda AggregateKernels.Sum long, 5% masked out")]
    [BytesPerRow(8)]
    public long SumLongsMasked() => AggregateKernels.Sum(_longs, _mask);

    [Benchmark(Description = "Yoda AggregateKernels.Min double, no mask")]
    [BytesPerRow(8)]
    public double MinDoubles() => AggregateKernels.Min<double>(_doubles, []);

    [Benchmark(Description = "Yoda AggregateKernels.Max long, 5% masked out")]
    [BytesPerRow(8)]
    public long MaxLongsMasked() => AggregateKernels.Max<long>(_longs, _mask);

    /// <summary>A filtered COUNT(*) as ColumnAggregates runs it: every row set, the mask narrowed by a SIMD compare, its bits counted.</summary>
    [Benchmark(Description = "Yoda filtered count: NarrowMask long <> c, then Count")]
    [BytesPerRow(8)]
    public long FilteredCount()
    {
        _filtered.AsSpan().Fill(ulong.MaxValue);
        SelectionKernels.NarrowMask<long, NotEqualTest>(_longs, 0L, _filtered);
        return AggregateKernels.Count(_filtered, Rows);
    }

    [Benchmark(Description = "Yoda AggregateKernels.Count of a mask")]
    public long CountMask() => AggregateKernels.Count(_mask, Rows);
}
