using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Apache.Arrow;
using BenchmarkDotNet.Attributes;
using Yoda.Bench.Workloads;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Kernels;

namespace Yoda.Bench.Micro;

/// <summary>
/// The scan kernels of issue 3 against one core's memory-bandwidth wall, over 65,536 values (512 KB a
/// column: in L2) and 33,554,432 (256 MB: far past the last-level cache). The wall reads the column
/// with Vector256 ORs into eight accumulators and does nothing else. The kernels run as the engine
/// runs them over stored segments of 65,536 rows: an INTEGER SUM (<see cref="AggregateKernels"/>), a
/// REAL SUM (SQLite's compensated sum, <see cref="RealSumPartial"/>, chunk by chunk as the aggregate
/// gets it from the scan), and a filtered count and sum (a segment's row mask set, narrowed by
/// <see cref="SelectionKernels.NarrowMask"/>, or by <see cref="SelectionKernels.NarrowMaskRange"/> for a
/// BETWEEN, then counted or summed), and <c>COUNT(*) WHERE URL LIKE '%google%'</c> over URL-like texts
/// of as many bytes as the long column (8 a value; <see cref="FoldedLiteral.RowsContaining"/> per word
/// of 64 rows, as the scan's LIKE narrows a full mask). The filtered SUMs also run fused, the compare and
/// the add in one pass (<see cref="FilteredSums"/>, as <c>ColumnAggregates</c> runs a SUM over the column
/// a predicate tests). GB/s counts the 8 bytes of each value once.
/// </summary>
[MemoryDiagnoser]
public class ScanBandwidthBenchmarks
{
    private const int SegmentRows = 65_536;
    private long[] _longs = [];
    private DoubleArray _doubles = null!;
    private readonly ulong[] _mask = new ulong[SegmentRows / 64];
    private readonly int[] _groups = new int[Chunk.Capacity];
    private static readonly string[] Domains = ["google.com", "yandex.ru", "mail.ru", "example.org", "maps.google.com", "news.ru"];
    private static readonly FoldedLiteral Google = new("google");
    private byte[] _urls = [];
    private int[] _urlOffsets = [];

    [Params(65_536, 33_554_432)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(42);
        _longs = new long[Rows];
        var doubles = new DoubleArray.Builder().Reserve(Rows);
        for (var i = 0; i < Rows; i++)
        {
            _longs[i] = rng.Range(0, 999);
            doubles.Append(rng.NextDouble() * 100);
        }

        _doubles = doubles.Build();
        (_urls, _urlOffsets) = Urls(rng, Rows * sizeof(long));
    }

    /// <summary>Texts 'http://domain/page/n' (a third of them holding 'google') of <paramref name="bytes"/> bytes in all, as a string array's bytes and offsets.</summary>
    private static (byte[] Bytes, int[] Offsets) Urls(Rng rng, int bytes)
    {
        var text = new List<byte>(bytes + 64);
        var offsets = new List<int> { 0 };
        while (text.Count < bytes)
        {
            text.AddRange(System.Text.Encoding.UTF8.GetBytes($"http://{rng.Pick(Domains)}/page/{rng.Range(0, 99_999)}"));
            offsets.Add(Math.Min(text.Count, bytes));
        }

        return (text.GetRange(0, bytes).ToArray(), offsets.ToArray());
    }

    [Benchmark(Baseline = true, Description = "wall: Vector256 OR over longs, 8 accumulators")]
    [BytesPerRow(8)]
    public long Wall()
    {
        ref var start = ref MemoryMarshal.GetReference(_longs.AsSpan());
        var (a, b, c, d) = (Vector256<long>.Zero, Vector256<long>.Zero, Vector256<long>.Zero, Vector256<long>.Zero);
        var (e, f, g, h) = (Vector256<long>.Zero, Vector256<long>.Zero, Vector256<long>.Zero, Vector256<long>.Zero);
        var i = 0;
        for (; i + 32 <= _longs.Length; i += 32)
        {
            var at = (nuint)i;
            a |= Vector256.LoadUnsafe(ref start, at);
            b |= Vector256.LoadUnsafe(ref start, at + 4);
            c |= Vector256.LoadUnsafe(ref start, at + 8);
            d |= Vector256.LoadUnsafe(ref start, at + 12);
            e |= Vector256.LoadUnsafe(ref start, at + 16);
            f |= Vector256.LoadUnsafe(ref start, at + 20);
            g |= Vector256.LoadUnsafe(ref start, at + 24);
            h |= Vector256.LoadUnsafe(ref start, at + 28);
        }

        var result = Vector256.Sum(a | b | c | d | e | f | g | h);
        for (; i < _longs.Length; i++)
        {
            result |= _longs[i];
        }

        return result;
    }

    [Benchmark(Description = "SUM(x) INTEGER: AggregateKernels.Sum per segment")]
    [BytesPerRow(8)]
    public long SumIntegers()
    {
        long sum = 0;
        for (var start = 0; start < Rows; start += SegmentRows)
        {
            sum += AggregateKernels.Sum(_longs.AsSpan(start, SegmentRows), []);
        }

        return sum;
    }

    [Benchmark(Description = "SUM(r) REAL: RealSumPartial per 4,096-row chunk")]
    [BytesPerRow(8)]
    public double SumReals()
    {
        var partial = new RealSumPartial();
        var rows = Chunk.AllRows(Chunk.Capacity);
        for (var start = 0; start < Rows; start += Chunk.Capacity)
        {
            var chunk = ColumnVector.OfStoredDoubles(_doubles, start, Chunk.Capacity, null);
            partial.Fold(chunk, rows, _groups, 1, groupRuns: false);
        }

        return partial.TryValue(0, out var sum) ? sum : double.NaN;
    }

    [Benchmark(Description = "COUNT(*) WHERE x < c: NarrowMask, Count per segment")]
    [BytesPerRow(8)]
    public long CountLess() => EachSegment(static (values, mask) =>
    {
        SelectionKernels.NarrowMask<long, LessTest>(values, 500L, mask);
        return AggregateKernels.Count(mask, values.Length);
    });

    [Benchmark(Description = "COUNT(*) WHERE x BETWEEN a AND b: NarrowMaskRange, Count")]
    [BytesPerRow(8)]
    public long CountBetween() => EachSegment(static (values, mask) =>
    {
        SelectionKernels.NarrowMaskRange<long, GreaterOrEqualTest, LessOrEqualTest>(values, 100L, 599L, mask);
        return AggregateKernels.Count(mask, values.Length);
    });

    /// <summary>BETWEEN as two comparisons one after the other: the scan's path before <see cref="Yoda.Columnar.Execution.Scan.RangePredicate"/>.</summary>
    [Benchmark(Description = "COUNT(*) WHERE x BETWEEN a AND b: two NarrowMasks, Count")]
    [BytesPerRow(8)]
    public long CountBetweenTwoPasses() => EachSegment(static (values, mask) =>
    {
        SelectionKernels.NarrowMask<long, GreaterOrEqualTest>(values, 100L, mask);
        SelectionKernels.NarrowMask<long, LessOrEqualTest>(values, 599L, mask);
        return AggregateKernels.Count(mask, values.Length);
    });

    [Benchmark(Description = "SUM(x) WHERE x < c: NarrowMask, masked Sum")]
    [BytesPerRow(8)]
    public long SumLess() => EachSegment(static (values, mask) =>
    {
        SelectionKernels.NarrowMask<long, LessTest>(values, 500L, mask);
        return AggregateKernels.Sum(values, mask);
    });

    [Benchmark(Description = "SUM(x) WHERE x < c: FilteredSums.NarrowAndSum (one pass)")]
    [BytesPerRow(8)]
    public long SumLessFused() => EachSegment(static (values, mask) => FilteredSums.NarrowAndSum<LessTest>(values, 500L, mask));

    [Benchmark(Description = "SUM(x) WHERE x BETWEEN a AND b: FilteredSums.NarrowAndSumRange (one pass)")]
    [BytesPerRow(8)]
    public long SumBetweenFused() => EachSegment(static (values, mask) =>
        FilteredSums.NarrowAndSumRange<GreaterOrEqualTest, LessOrEqualTest>(values, 100L, 599L, mask));

    [Benchmark(Description = "COUNT(*) WHERE URL LIKE '%google%': FoldedLiteral.RowsContaining per 64 rows")]
    [BytesPerRow(8)]
    public long CountLike()
    {
        long count = 0;
        var rows = _urlOffsets.Length - 1;
        for (var word = 0; word < rows; word += 64)
        {
            var offsets = _urlOffsets.AsSpan(word, Math.Min(64, rows - word) + 1);
            count += System.Numerics.BitOperations.PopCount(Google.RowsContaining(offsets, _urls));
        }

        return count;
    }

    private delegate long SegmentKernel(ReadOnlySpan<long> values, Span<ulong> mask);

    /// <summary>Runs <paramref name="kernel"/> over each segment with every row's mask bit set (the scan's live-row mask), and adds up its results.</summary>
    private long EachSegment(SegmentKernel kernel)
    {
        long total = 0;
        for (var start = 0; start < Rows; start += SegmentRows)
        {
            _mask.AsSpan().Fill(ulong.MaxValue);
            total += kernel(_longs.AsSpan(start, SegmentRows), _mask);
        }

        return total;
    }
}
