using FsCheck.Xunit;
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

    /// <summary>
    /// The one-pass range narrowing clears exactly the bits two narrowings would (each bound's test of
    /// CompareTo, NaN lowest): every pair of bound tests, lengths around the vector widths and a long
    /// one, ranges that keep every value and none, masks full, half set and with a zero word.
    /// </summary>
    [Fact]
    public void Range_narrowing_matches_two_narrowings()
    {
        var random = new Random(17);
        foreach (var length in new[] { 0, 1, 3, 4, 5, 31, 32, 33, 63, 64, 65, 127, 129, 1000 })
        {
            var longs = Enumerable.Range(0, length).Select(_ => (long)random.Next(-5, 6)).ToArray();
            var doubles = Enumerable.Range(0, length).Select(_ => random.Next(8) == 0 ? double.NaN : random.Next(-5, 6) * 0.5).ToArray();
            var codes = longs.Select(v => (ushort)(v + 5)).ToArray();
            foreach (var (low, high) in new[] { (-2L, 3L), (-100L, 100L), (3L, -2L), (0L, 0L) })
            {
                // Coded texts' codes (16 lanes a vector): a text's = and <> (CodedTextFilter).
                CheckRange<ushort, EqualTest, PassTest>(codes, (ushort)(high + 5), 0, (o, _) => o == 0);
                CheckRange<ushort, NotEqualTest, PassTest>(codes, (ushort)(high + 5), 0, (o, _) => o != 0);
                CheckRange<long, GreaterOrEqualTest, LessOrEqualTest>(longs, low, high, (o, p) => o >= 0 && p <= 0);
                CheckRange<long, GreaterTest, LessTest>(longs, low, high, (o, p) => o > 0 && p < 0);
                CheckRange<double, GreaterOrEqualTest, LessTest>(doubles, low * 0.5, high * 0.5, (o, p) => o >= 0 && p < 0);
                CheckRange<double, GreaterTest, LessOrEqualTest>(doubles, low * 0.5, high * 0.5, (o, p) => o > 0 && p <= 0);
            }
        }
    }

    /// <summary>
    /// Integer bounds that are not strict are tested as strict ones a step further out, except at the ends
    /// of the int64 range, where no such step exists; a strict pair is one compare of the value shifted
    /// (wrapping), and `<>` an inverted `==`: values and bounds at both ends, every test alone and every pair.
    /// </summary>
    [Fact]
    public void Integer_bounds_at_the_ends_of_the_range_narrow_as_compared()
    {
        var random = new Random(23);
        long[] edges = [long.MinValue, long.MinValue + 1, long.MinValue + 2, -1, 0, 1, long.MaxValue - 2, long.MaxValue - 1, long.MaxValue];
        var values = Enumerable.Range(0, 300).Select(_ => edges[random.Next(edges.Length)]).ToArray();
        foreach (var low in edges)
        {
            foreach (var high in edges)
            {
                CheckRange<long, GreaterOrEqualTest, LessOrEqualTest>(values, low, high, (o, p) => o >= 0 && p <= 0);
                CheckRange<long, GreaterOrEqualTest, LessTest>(values, low, high, (o, p) => o >= 0 && p < 0);
                CheckRange<long, GreaterTest, LessOrEqualTest>(values, low, high, (o, p) => o > 0 && p <= 0);
                CheckRange<long, LessOrEqualTest, PassTest>(values, low, high, (o, _) => o <= 0);
                CheckRange<long, GreaterOrEqualTest, PassTest>(values, low, high, (o, _) => o >= 0);
                CheckRange<long, LessOrEqualTest, GreaterOrEqualTest>(values, low, high, (o, p) => o <= 0 && p >= 0);
                CheckRange<long, GreaterTest, LessTest>(values, low, high, (o, p) => o > 0 && p < 0);
                CheckRange<long, NotEqualTest, PassTest>(values, low, high, (o, _) => o != 0);
            }
        }
    }

    private static void CheckRange<T, TLow, THigh>(T[] values, T low, T high, Func<int, int, bool> accepts)
        where T : unmanaged, System.Numerics.INumber<T>
        where TLow : struct, IOrderTest
        where THigh : struct, IOrderTest
    {
        var words = (values.Length + 63) / 64 + 1;
        foreach (var start in new[] { ulong.MaxValue, 0xAAAAAAAAAAAAAAAAUL })
        {
            var mask = Enumerable.Repeat(start, words).ToArray();
            if (words > 2)
            {
                mask[1] = 0;
            }

            var expected = (ulong[])mask.Clone();
            for (var i = 0; i < values.Length; i++)
            {
                if (!accepts(values[i].CompareTo(low), values[i].CompareTo(high)))
                {
                    expected[i >> 6] &= ~(1UL << i);
                }
            }

            SelectionKernels.NarrowMaskRange<T, TLow, THigh>(values, low, high, mask);
            Assert.Equal(expected, mask);
        }
    }

    /// <summary>
    /// A coded mask narrowing clears exactly the set bits of failing codes, on masks of every density
    /// (words with few bits set are walked bit by bit, the others looked up row by row) and lengths that
    /// end inside a word (bits past the codes stay as they were).
    /// </summary>
    [Property(MaxTest = 300)]
    public bool Coded_mask_narrowing_clears_the_rows_of_failing_codes(int seed)
    {
        var random = new Random(seed);
        var length = random.Next(0, 700);
        var accepted = Enumerable.Range(0, random.Next(1, 40)).Select(_ => (byte)random.Next(2)).ToArray();
        var codes = Enumerable.Range(0, length).Select(_ => (ushort)random.Next(accepted.Length)).ToArray();
        // Per word: zero, a few bits (an AND of random words), about half, or all of them.
        var mask = Enumerable.Range(0, (length + 63) / 64 + 1).Select(_ => random.Next(4) switch
        {
            0 => 0UL,
            1 => (ulong)random.NextInt64() & (ulong)random.NextInt64() & (ulong)random.NextInt64() & (ulong)random.NextInt64(),
            2 => (ulong)random.NextInt64(),
            _ => ulong.MaxValue,
        }).ToArray();
        var expected = mask.ToArray();
        for (var i = 0; i < length; i++)
        {
            if (accepted[codes[i]] == 0)
            {
                expected[i >> 6] &= ~(1UL << i);
            }
        }

        SelectionKernels.NarrowMaskCoded(codes, accepted, mask);
        return mask.SequenceEqual(expected);
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
        CheckMask<long, TTest>(longs, 1L, expectedLongs);
        CheckMask<double, TTest>(doubles, 0.5, expectedDoubles);
    }

    /// <summary>
    /// NarrowMask keeps exactly the set bits whose value passes, from a mask with every bit set, with
    /// a zero word (skipped), and with the odd bits alone; bits past the values stay as they were.
    /// </summary>
    private static void CheckMask<T, TTest>(T[] values, T constant, int[] expected)
        where T : unmanaged, System.Numerics.INumber<T>
        where TTest : struct, IOrderTest
    {
        var words = (values.Length + 63) / 64 + 1;
        foreach (var start in new[] { ulong.MaxValue, 0xAAAAAAAAAAAAAAAAUL })
        {
            var mask = Enumerable.Repeat(start, words).ToArray();
            if (words > 2)
            {
                mask[1] = 0;
            }

            var initial = Enumerable.Range(0, words * 64).Where(i => (mask[i / 64] & (1UL << i)) != 0).ToHashSet();
            SelectionKernels.NarrowMask<T, TTest>(values, constant, mask);
            var output = new int[words * 64];
            var kept = output[..SelectionKernels.SetBits(mask, output)];
            var beyond = initial.Where(i => i >= values.Length);
            Assert.Equal(expected.Where(initial.Contains).Concat(beyond).Order(), kept);
        }
    }

    /// <summary>NarrowMaskToValid clears the NULL rows of a validity bitmap read from any bit offset, byte-aligned or not, up to its last byte.</summary>
    [Fact]
    public void Masks_narrow_to_the_valid_rows_at_every_offset()
    {
        var random = new Random(3);
        foreach (var length in new[] { 1, 63, 64, 65, 130, 200 })
        {
            for (var offset = 0; offset < 20; offset++)
            {
                var valid = Enumerable.Range(0, offset + length).Select(_ => random.Next(3) != 0).ToArray();
                var validity = new byte[(offset + length + 7) / 8];
                for (var i = 0; i < valid.Length; i++)
                {
                    validity[i / 8] |= (byte)(valid[i] ? 1 << (i % 8) : 0);
                }

                var mask = Enumerable.Repeat(ulong.MaxValue, (length + 63) / 64).ToArray();
                mask[^1] = length % 64 == 0 ? ulong.MaxValue : (1UL << length) - 1;
                SelectionKernels.NarrowMaskToValid(validity, offset, length, mask);
                var output = new int[mask.Length * 64];
                Assert.Equal(Enumerable.Range(0, length).Where(i => valid[offset + i]), output[..SelectionKernels.SetBits(mask, output)]);
            }
        }
    }

    /// <summary>Text comparisons (decided by the first eight bytes as a number when both have them) agree with byte order.</summary>
    [Fact]
    public void Text_selections_match_byte_order()
    {
        string[] texts = ["", "a", "2013-07-0", "2013-07-01", "2013-07-15", "2013-07-15x", "2013-07-2", "2013-08-01", "\u00e9\u00e9\u00e9\u00e9\u00e9", "zzzzzzzzzz"];
        var data = texts.SelectMany(System.Text.Encoding.UTF8.GetBytes).ToArray();
        var offsets = new int[texts.Length + 1];
        for (var i = 0; i < texts.Length; i++)
        {
            offsets[i + 1] = offsets[i] + System.Text.Encoding.UTF8.GetByteCount(texts[i]);
        }

        var rows = Enumerable.Range(0, texts.Length).ToArray();
        var output = new int[texts.Length];
        foreach (var constant in texts.Select(System.Text.Encoding.UTF8.GetBytes))
        {
            var order = texts.Select(t => System.Text.Encoding.UTF8.GetBytes(t).AsSpan().SequenceCompareTo(constant)).ToArray();
            Assert.Equal(rows.Where(i => order[i] < 0), output[..SelectionKernels.SelectTextRows<LessTest>(offsets, data, constant, rows, output)]);
            Assert.Equal(rows.Where(i => order[i] == 0), output[..SelectionKernels.SelectTextRows<EqualTest>(offsets, data, constant, rows, output)]);
            Assert.Equal(rows.Where(i => order[i] >= 0), output[..SelectionKernels.SelectTextRows<GreaterOrEqualTest>(offsets, data, constant, rows, output)]);
        }
    }

    /// <summary>
    /// Text against a constant of up to sixteen bytes (compared as two zero-padded big-endian halves,
    /// then by length) agrees with byte order for every operator: texts of 0-20 bytes over a small
    /// alphabet with the zero byte, so that equal halves, prefixes and zero padding against real zeros are common.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool Text_selections_against_short_constants_match_byte_order(int seed)
    {
        var random = new Random(seed);
        byte[] alphabet = [0, 1, (byte)'0', (byte)'1', (byte)'-', 0x7F, 0x80, 0xFF];
        byte[] Text(int maxLength)
        {
            var text = new byte[random.Next(maxLength + 1)];
            for (var i = 0; i < text.Length; i++)
            {
                text[i] = alphabet[random.Next(alphabet.Length)];
            }

            return text;
        }

        var constant = Text(16);
        // Half the texts share a prefix of the constant, so that the second half or the length decides.
        var texts = Enumerable.Range(0, 64).Select(i => i % 2 == 0 ? [.. constant.AsSpan(0, random.Next(constant.Length + 1)), .. Text(20 - constant.Length)] : Text(20)).ToArray();
        var data = texts.SelectMany(t => t).ToArray();
        var offsets = new int[texts.Length + 1];
        for (var i = 0; i < texts.Length; i++)
        {
            offsets[i + 1] = offsets[i] + texts[i].Length;
        }

        var rows = Enumerable.Range(0, texts.Length).Where(_ => random.Next(4) != 0).ToArray();
        var order = texts.Select(t => Math.Sign(t.AsSpan().SequenceCompareTo(constant))).ToArray();
        var output = new int[texts.Length];
        return rows.Where(i => order[i] < 0).SequenceEqual(output[..SelectionKernels.SelectTextRows<LessTest>(offsets, data, constant, rows, output)])
            && rows.Where(i => order[i] <= 0).SequenceEqual(output[..SelectionKernels.SelectTextRows<LessOrEqualTest>(offsets, data, constant, rows, output)])
            && rows.Where(i => order[i] == 0).SequenceEqual(output[..SelectionKernels.SelectTextRows<EqualTest>(offsets, data, constant, rows, output)])
            && rows.Where(i => order[i] != 0).SequenceEqual(output[..SelectionKernels.SelectTextRows<NotEqualTest>(offsets, data, constant, rows, output)])
            && rows.Where(i => order[i] > 0).SequenceEqual(output[..SelectionKernels.SelectTextRows<GreaterTest>(offsets, data, constant, rows, output)])
            && rows.Where(i => order[i] >= 0).SequenceEqual(output[..SelectionKernels.SelectTextRows<GreaterOrEqualTest>(offsets, data, constant, rows, output)]);
    }
}
