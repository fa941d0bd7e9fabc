using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Tests.Kernels;

/// <summary>The vector selection kernels against the meaning of <c>CompareTo</c>, on every length around the vector widths, NaN included.</summary>
public class SelectionKernelsTests
{
    [Fact]
    public void Selections_and_counts_match_a_scalar_reference()
    {
        var random = new Random(5);
        for (var length = 0; length < 70; length++)
        {
            var longs = Enumerable.Range(0, length).Select(_ => (long)random.Next(-5, 6)).ToArray();
            var doubles = Enumerable.Range(0, length).Select(_ => random.Next(8) == 0 ? double.NaN : random.Next(-5, 6) * 0.5).ToArray();
            Check<LessTest>(longs, doubles, o => o < 0);
            Check<LessOrEqualTest>(longs, doubles, o => o <= 0);
            Check<GreaterTest>(longs, doubles, o => o > 0);
            Check<GreaterOrEqualTest>(longs, doubles, o => o >= 0);
            Check<EqualTest>(longs, doubles, o => o == 0);
            Check<NotEqualTest>(longs, doubles, o => o != 0);
        }
    }

    /// <summary>Blocks of 64 values that all pass, none pass, a few pass or most pass take different paths.</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.02)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public void Selections_match_a_scalar_reference_at_every_density(double passing)
    {
        var random = new Random(11);
        foreach (var length in new[] { 63, 64, 65, 128, 200, 4096 })
        {
            var longs = Enumerable.Range(0, length).Select(_ => random.NextDouble() < passing ? 1L : 0L).ToArray();
            var doubles = longs.Select(v => (double)v).ToArray();
            Check<EqualTest>(longs, doubles.Select(d => d / 2).ToArray(), o => o == 0);
            Check<NotEqualTest>(longs, doubles, o => o != 0);
        }
    }

    private static void Check<TTest>(long[] longs, double[] doubles, Func<int, bool> accepts)
        where TTest : struct, IOrderTest
    {
        var expectedLongs = Enumerable.Range(0, longs.Length).Where(i => accepts(longs[i].CompareTo(1L))).ToArray();
        var expectedDoubles = Enumerable.Range(0, doubles.Length).Where(i => accepts(doubles[i].CompareTo(0.5))).ToArray();
        var output = new int[longs.Length];
        Assert.Equal(expectedLongs, output[..SelectionKernels.SelectAll<long, TTest>(longs, 1L, output)]);
        Assert.Equal(expectedDoubles, output[..SelectionKernels.SelectAll<double, TTest>(doubles, 0.5, output)]);
        Assert.Equal(expectedLongs.Length, SelectionKernels.CountAll<long, TTest>(longs, 1L));
        Assert.Equal(expectedDoubles.Length, SelectionKernels.CountAll<double, TTest>(doubles, 0.5));
        var odd = Enumerable.Range(0, longs.Length).Where(i => i % 2 == 1).ToArray();
        Assert.Equal(expectedLongs.Where(i => i % 2 == 1), output[..SelectionKernels.SelectRows<long, TTest>(longs, 1L, odd, output)]);
    }
}
