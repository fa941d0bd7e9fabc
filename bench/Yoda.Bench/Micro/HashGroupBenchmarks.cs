using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace Yoda.Bench.Micro;

/// <summary>
/// Hashing integer keys (multiply-shift, the shape of a hash-table probe's first step) and the
/// group-by update (sums[group[i]] += v[i]; counts[group[i]]++) with 1,000 groups, directly
/// indexed versus through a Dictionary.
/// </summary>
public class HashGroupBenchmarks : KernelData
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    [Benchmark(Baseline = true, Description = "hash long keys (multiply-shift): scalar loop")]
    [BytesPerRow(16)]
    public ulong[] HashLoop()
    {
        var keys = Longs;
        var hashes = Hashes;
        for (int i = 0; i < keys.Length; i++)
        {
            ulong h = (ulong)keys[i] * Multiplier;
            hashes[i] = h ^ (h >> 32);
        }

        return hashes;
    }

    [Benchmark(Description = "hash long keys (multiply-shift): TensorPrimitives Multiply/ShiftRight/Xor")]
    [BytesPerRow(16)]
    public ulong[] HashTensorPrimitives()
    {
        var keys = System.Runtime.InteropServices.MemoryMarshal.Cast<long, ulong>(Longs.AsSpan());
        var hashes = Hashes;
        TensorPrimitives.Multiply(keys, Multiplier, hashes);
        TensorPrimitives.ShiftRightLogical<ulong>(hashes, 32, Scratch);
        TensorPrimitives.Xor<ulong>(hashes, Scratch, hashes);
        return hashes;
    }

    [Benchmark(Description = "group-by update SUM+COUNT, 1,000 groups: direct-indexed arrays")]
    [BytesPerRow(12)]
    public double GroupDirect()
    {
        var sums = new double[Groups];
        var counts = new long[Groups];
        var groups = GroupIds;
        var values = Doubles;
        for (int i = 0; i < groups.Length; i++)
        {
            int g = groups[i];
            sums[g] += values[i];
            counts[g]++;
        }

        return sums[0] + counts[0];
    }

    [Benchmark(Description = "group-by update SUM+COUNT, 1,000 groups: Dictionary<long, (sum, count)>")]
    [BytesPerRow(16)]
    public double GroupDictionary()
    {
        var table = new Dictionary<long, (double Sum, long Count)>(Groups);
        var keys = Longs;
        var values = Doubles;
        for (int i = 0; i < keys.Length; i++)
        {
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(table, keys[i], out _);
            slot.Sum += values[i];
            slot.Count++;
        }

        return table.Count;
    }
}
