using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Tests.Kernels;

public sealed class AggregateKernelsTests
{
    public static TheoryData<int> Lengths => [0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 127, 128, 129, 200, 1000];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Masked_count_sum_min_max_match_a_scalar_loop(int length)
    {
        var random = new Random(length);
        var longs = Enumerable.Range(0, length).Select(_ => random.NextInt64(-1_000_000, 1_000_000)).ToArray();
        var doubles = Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 2000) - 1000).ToArray();
        foreach (var density in new[] { 0.0, 0.1, 0.5, 0.9, 1.0 })
        {
            var mask = new ulong[(length + 63) / 64];
            var kept = new List<int>();
            for (var i = 0; i < length; i++)
            {
                if (random.NextDouble() < density)
                {
                    mask[i / 64] |= 1UL << i;
                    kept.Add(i);
                }
            }

            Assert.Equal(kept.Count, AggregateKernels.Count(mask, length));
            Assert.Equal(kept.Sum(i => longs[i]), AggregateKernels.Sum(longs, mask));
            Assert.Equal(kept.Count == 0 ? long.MaxValue : kept.Min(i => longs[i]), AggregateKernels.Min<long>(longs, mask));
            Assert.Equal(kept.Count == 0 ? long.MinValue : kept.Max(i => longs[i]), AggregateKernels.Max<long>(longs, mask));
            Assert.Equal(kept.Count == 0 ? double.MaxValue : kept.Min(i => doubles[i]), AggregateKernels.Min<double>(doubles, mask));
            Assert.Equal(kept.Count == 0 ? double.MinValue : kept.Max(i => doubles[i]), AggregateKernels.Max<double>(doubles, mask));
        }

        Assert.Equal(length, AggregateKernels.Count([], length));
        Assert.Equal(longs.Sum(), AggregateKernels.Sum(longs, []));
        Assert.Equal(length == 0 ? long.MaxValue : longs.Min(), AggregateKernels.Min<long>(longs, []));
        Assert.Equal(length == 0 ? double.MinValue : doubles.Max(), AggregateKernels.Max<double>(doubles, []));
        Assert.Equal(length == 0 ? long.MinValue : longs.Max(), AggregateKernels.Max<long>(longs, []));
        Assert.Equal(length == 0 ? double.MaxValue : doubles.Min(), AggregateKernels.Min<double>(doubles, []));
    }

    /// <summary>The unmasked sum wraps to 64 bits in every lane and accumulator like a scalar unchecked loop (callers rule out overflow with the zone map).</summary>
    [Theory]
    [MemberData(nameof(Lengths))]
    public void Unmasked_sum_wraps_like_a_scalar_loop(int length)
    {
        var random = new Random(length);
        var longs = Enumerable.Range(0, length).Select(_ => random.Next(0, 2) == 0 ? long.MaxValue - random.Next(0, 3) : long.MinValue + random.Next(0, 3)).ToArray();
        var expected = 0L;
        foreach (var value in longs)
        {
            expected = unchecked(expected + value);
        }

        Assert.Equal(expected, AggregateKernels.Sum(longs, []));
    }
}
