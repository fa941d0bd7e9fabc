using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Yoda.Columnar.Kernels;

/// <summary>
/// Comparisons of a column against a constant that produce selection vectors (the positions of the
/// rows that pass, ascending). Dense inputs use Vector512/Vector256 compares, gathered into one 64-bit
/// mask per block of 64 values, where the hardware has them; selections already narrowed use a
/// branch-free scalar loop.
/// </summary>
public static class SelectionKernels
{
    /// <summary>Values compared per lane mask: one 64-bit mask per block.</summary>
    private const int BlockRows = 64;

    /// <summary>Below this many passing rows a block's set bits are walked one by one; above, every lane is written.</summary>
    private const int SparseBlockRows = 16;

    /// <summary>Writes the positions i of <paramref name="values"/> that pass <typeparamref name="TTest"/> against <paramref name="constant"/>; returns their count.</summary>
    public static int SelectAll<T, TTest>(ReadOnlySpan<T> values, T constant, Span<int> output)
        where T : unmanaged, INumber<T>
        where TTest : struct, IOrderTest
    {
        if (output.Length < values.Length)
        {
            throw new ArgumentException("the output must hold a position per value", nameof(output));
        }

        ref var start = ref MemoryMarshal.GetReference(values);
        ref var outputStart = ref MemoryMarshal.GetReference(output);
        var n = 0;
        var i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.Count <= BlockRows)
        {
            var c = Vector512.Create(constant);
            for (; i <= values.Length - BlockRows; i += BlockRows)
            {
                var mask = 0UL;
                for (var k = 0; k < BlockRows; k += Vector512<T>.Count)
                {
                    mask |= TTest.Test(Vector512.LoadUnsafe(ref start, (nuint)(i + k)), c).ExtractMostSignificantBits() << k;
                }

                n = Positions(mask, i, ref outputStart, n);
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.Count <= BlockRows)
        {
            var c = Vector256.Create(constant);
            for (; i <= values.Length - BlockRows; i += BlockRows)
            {
                var mask = 0UL;
                for (var k = 0; k < BlockRows; k += Vector256<T>.Count)
                {
                    mask |= (ulong)TTest.Test(Vector256.LoadUnsafe(ref start, (nuint)(i + k)), c).ExtractMostSignificantBits() << k;
                }

                n = Positions(mask, i, ref outputStart, n);
            }
        }

        for (; i < values.Length; i++)
        {
            Unsafe.Add(ref outputStart, n) = i;
            n += TTest.Accepts(Unsafe.Add(ref start, i).CompareTo(constant)) ? 1 : 0;
        }

        return n;
    }

    /// <summary>Counts the values that pass <typeparamref name="TTest"/> against <paramref name="constant"/> (a filtered COUNT(*)).</summary>
    public static long CountAll<T, TTest>(ReadOnlySpan<T> values, T constant)
        where T : unmanaged, INumber<T>
        where TTest : struct, IOrderTest
    {
        ref var start = ref MemoryMarshal.GetReference(values);
        long n = 0;
        var i = 0;
        if (Vector512.IsHardwareAccelerated && values.Length >= Vector512<T>.Count)
        {
            var c = Vector512.Create(constant);
            for (; i <= values.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                n += BitOperations.PopCount(TTest.Test(Vector512.LoadUnsafe(ref start, (nuint)i), c).ExtractMostSignificantBits());
            }
        }
        else if (Vector256.IsHardwareAccelerated && values.Length >= Vector256<T>.Count)
        {
            var c = Vector256.Create(constant);
            for (; i <= values.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                n += BitOperations.PopCount(TTest.Test(Vector256.LoadUnsafe(ref start, (nuint)i), c).ExtractMostSignificantBits());
            }
        }

        for (; i < values.Length; i++)
        {
            n += TTest.Accepts(Unsafe.Add(ref start, i).CompareTo(constant)) ? 1 : 0;
        }

        return n;
    }

    /// <summary>
    /// Clears the bits of <paramref name="mask"/> (bit <c>i % 64</c> of word <c>i / 64</c> for row i) whose
    /// value fails <typeparamref name="TTest"/> against <paramref name="constant"/>. Words already zero
    /// are skipped, so a conjunction costs less with each predicate it has narrowed by. The mask has a
    /// word per 64 values, and bits past <paramref name="values"/>' length stay as they are.
    /// </summary>
    public static void NarrowMask<T, TTest>(ReadOnlySpan<T> values, T constant, Span<ulong> mask)
        where T : unmanaged, INumber<T>
        where TTest : struct, IOrderTest =>
        NarrowMaskRange<T, TTest, PassTest>(values, constant, constant, mask);

    /// <summary>
    /// <see cref="NarrowMask{T, TTest}"/> by two tests in one pass over the values (<c>x BETWEEN a AND b</c>):
    /// a value passes when it passes <typeparamref name="TLow"/> against <paramref name="low"/> and
    /// <typeparamref name="THigh"/> against <paramref name="high"/>. Two <see cref="NarrowMask{T, TTest}"/>
    /// calls clear the same bits, reading the values twice.
    /// </summary>
    public static void NarrowMaskRange<T, TLow, THigh>(ReadOnlySpan<T> values, T low, T high, Span<ulong> mask)
        where T : unmanaged, INumber<T>
        where TLow : struct, IOrderTest
        where THigh : struct, IOrderTest
    {
        if (mask.Length < (values.Length + BlockRows - 1) / BlockRows)
        {
            throw new ArgumentException("the mask must have a bit per value", nameof(mask));
        }

        // Integers only: x >= a is x > a - 1, x <= b is x < b + 1, and AVX2 compares longs for > alone
        // (>= and <= cost a NOT more, per bound and vector). A single test comes as TLow.
        if (typeof(T) == typeof(long))
        {
            var (lowest, highest) = (long.CreateTruncating(low), long.CreateTruncating(high));
            if (typeof(TLow) == typeof(GreaterOrEqualTest) && lowest != long.MinValue)
            {
                NarrowMaskRange<T, GreaterTest, THigh>(values, low - T.One, high, mask);
                return;
            }

            if (typeof(THigh) == typeof(LessOrEqualTest) && highest != long.MaxValue)
            {
                NarrowMaskRange<T, TLow, LessTest>(values, low, high + T.One, mask);
                return;
            }

            if (typeof(TLow) == typeof(LessOrEqualTest) && lowest != long.MaxValue)
            {
                NarrowMaskRange<T, LessTest, THigh>(values, low + T.One, high, mask);
                return;
            }
        }

        // Integers a < x < b (after the rewrite above) take one compare (see OpenInterval); x <> c
        // tests x == c and inverts each word (see LaneBits).
        var (shift, limit) = IsOpenInterval<T, TLow, THigh>() ? OpenInterval(low, high) : (T.Zero, T.Zero);
        ref var start = ref MemoryMarshal.GetReference(values);
        var w = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.Count <= BlockRows)
        {
            var (lowLanes, highLanes) = (Vector512.Create(low), Vector512.Create(high));
            var (shiftLanes, limitLanes) = (Vector512.Create(shift), Vector512.Create(limit));
            for (; (w + 1) * BlockRows <= values.Length; w++)
            {
                if (mask[w] == 0)
                {
                    continue;
                }

                var passing = 0UL;
                for (var k = 0; k < BlockRows; k += Vector512<T>.Count)
                {
                    var lanes = Vector512.LoadUnsafe(ref start, (nuint)(w * BlockRows + k));
                    passing |= LaneBits<T, TLow, THigh>(lanes, lowLanes, highLanes, shiftLanes, limitLanes) << k;
                }

                mask[w] &= Inverts<TLow, THigh>() ? ~passing : passing;
            }
        }
        else if (Vector256.IsHardwareAccelerated && 4 * Vector256<T>.Count <= BlockRows)
        {
            // Four vectors a step, their bits shifted by constants: one vector a step spent as many
            // instructions on the loop (counter, address, variable shift) as on the compare.
            var (lowLanes, highLanes) = (Vector256.Create(low), Vector256.Create(high));
            var (shiftLanes, limitLanes) = (Vector256.Create(shift), Vector256.Create(limit));
            var n = Vector256<T>.Count;
            for (; (w + 1) * BlockRows <= values.Length; w++)
            {
                if (mask[w] == 0)
                {
                    continue;
                }

                var passing = 0UL;
                ref var block = ref Unsafe.Add(ref start, w * BlockRows);
                for (var k = 0; k < BlockRows; k += 4 * n)
                {
                    ref var at = ref Unsafe.Add(ref block, k);
                    // In 64 bits: four vectors of 16 lanes (coded texts' ushort codes) fill a whole word.
                    var bits = (ulong)LaneBits<T, TLow, THigh>(Vector256.LoadUnsafe(ref at), lowLanes, highLanes, shiftLanes, limitLanes)
                        | ((ulong)LaneBits<T, TLow, THigh>(Vector256.LoadUnsafe(ref at, (nuint)n), lowLanes, highLanes, shiftLanes, limitLanes) << n)
                        | ((ulong)LaneBits<T, TLow, THigh>(Vector256.LoadUnsafe(ref at, (nuint)(2 * n)), lowLanes, highLanes, shiftLanes, limitLanes) << (2 * n))
                        | ((ulong)LaneBits<T, TLow, THigh>(Vector256.LoadUnsafe(ref at, (nuint)(3 * n)), lowLanes, highLanes, shiftLanes, limitLanes) << (3 * n));
                    passing |= bits << k;
                }

                mask[w] &= Inverts<TLow, THigh>() ? ~passing : passing;
            }
        }

        for (var i = w * BlockRows; i < values.Length; i++)
        {
            var value = Unsafe.Add(ref start, i);
            if (!TLow.Accepts(value.CompareTo(low)) || !THigh.Accepts(value.CompareTo(high)))
            {
                mask[i >> 6] &= ~(1UL << i);
            }
        }
    }

    /// <summary>
    /// <c>x &lt;&gt; c</c> is tested as <c>x == c</c>, the word of 64 results inverted once: AVX2 has no integer
    /// "not equal", and ~(x == c) costs a NOT per vector. The same lanes, so the same bits, NaN included.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Inverts<TLow, THigh>() => typeof(TLow) == typeof(NotEqualTest) && typeof(THigh) == typeof(PassTest);

    /// <summary>Integers a &lt; x &lt; b, tested as one compare of x shifted (<see cref="OpenInterval"/>) in place of two and an AND.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsOpenInterval<T, TLow, THigh>() =>
        typeof(T) == typeof(long) && typeof(TLow) == typeof(GreaterTest) && typeof(THigh) == typeof(LessTest);

    /// <summary>Bit j set when lane j passes (<see cref="Inverts"/>: when it is equal); the vectors are the bounds, and the shift and limit of <see cref="OpenInterval"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LaneBits<T, TLow, THigh>(Vector256<T> values, Vector256<T> low, Vector256<T> high, Vector256<T> shift, Vector256<T> limit)
        where T : unmanaged, INumber<T>
        where TLow : struct, IOrderTest
        where THigh : struct, IOrderTest =>
        (Inverts<TLow, THigh>() ? Vector256.Equals(values, low)
            : IsOpenInterval<T, TLow, THigh>() ? Vector256.LessThan(values + shift, limit)
            : TLow.Test(values, low) & THigh.Test(values, high)).ExtractMostSignificantBits();

    /// <summary><see cref="LaneBits{T, TLow, THigh}(Vector256{T}, Vector256{T}, Vector256{T}, Vector256{T}, Vector256{T})"/> for Vector512.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LaneBits<T, TLow, THigh>(Vector512<T> values, Vector512<T> low, Vector512<T> high, Vector512<T> shift, Vector512<T> limit)
        where T : unmanaged, INumber<T>
        where TLow : struct, IOrderTest
        where THigh : struct, IOrderTest =>
        (Inverts<TLow, THigh>() ? Vector512.Equals(values, low)
            : IsOpenInterval<T, TLow, THigh>() ? Vector512.LessThan(values + shift, limit)
            : TLow.Test(values, low) & THigh.Test(values, high)).ExtractMostSignificantBits();

    /// <summary>
    /// For integers a &lt; x &lt; b, the shift s and limit l with <c>x + s &lt; l</c> (signed, wrapping) exactly
    /// when a &lt; x &lt; b. With a &lt; b, a &lt; x &lt; b is <c>(ulong)(x - (a + 1)) &lt; (ulong)(b - (a + 1))</c> (below
    /// a + 1 the difference wraps past every width); flipping the sign bit of both sides makes the unsigned
    /// compare a signed one, and flipping the left's sign bit is adding <see cref="long.MinValue"/>. With
    /// a ≥ b no x passes: the limit is <see cref="long.MinValue"/>, which no value is below.
    /// </summary>
    private static (T Shift, T Limit) OpenInterval<T>(T low, T high)
        where T : INumber<T>
    {
        var (a, b) = (long.CreateTruncating(low), long.CreateTruncating(high));
        if (a >= b)
        {
            return (T.Zero, T.CreateTruncating(long.MinValue));
        }

        var width = unchecked((ulong)b - (ulong)(a + 1));
        return (T.CreateTruncating(unchecked(long.MinValue - (a + 1))), T.CreateTruncating((long)(width ^ (1UL << 63))));
    }

    /// <summary>Keeps those of <paramref name="rows"/> whose value passes; writes them to <paramref name="output"/> (which may be <paramref name="rows"/>) and returns their count.</summary>
    public static int SelectRows<T, TTest>(ReadOnlySpan<T> values, T constant, ReadOnlySpan<int> rows, Span<int> output)
        where T : unmanaged, INumber<T>
        where TTest : struct, IOrderTest
    {
        var n = 0;
        foreach (var row in rows)
        {
            output[n] = row;
            n += TTest.Accepts(values[row].CompareTo(constant)) ? 1 : 0;
        }

        return n;
    }

    /// <summary>Keeps those of <paramref name="rows"/> whose value equals one of <paramref name="constants"/>.</summary>
    public static int SelectRowsIn<T>(ReadOnlySpan<T> values, T[] constants, ReadOnlySpan<int> rows, Span<int> output)
        where T : unmanaged, INumber<T>
    {
        var n = 0;
        foreach (var row in rows)
        {
            output[n] = row;
            n += Array.IndexOf(constants, values[row]) >= 0 ? 1 : 0;
        }

        return n;
    }

    /// <summary>Keeps those of <paramref name="rows"/> whose UTF-8 text (between <paramref name="offsets"/>[row] and [row + 1]) passes against <paramref name="constant"/> in byte order.</summary>
    public static int SelectTextRows<TTest>(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> data, ReadOnlySpan<byte> constant, ReadOnlySpan<int> rows, Span<int> output)
        where TTest : struct, IOrderTest
    {
        var n = 0;
        if (constant.IsEmpty)
        {
            // Every text but the empty one sorts after '': the offsets alone decide (SearchPhrase <> '').
            foreach (var row in rows)
            {
                output[n] = row;
                n += TTest.Accepts(offsets[row + 1] != offsets[row] ? 1 : 0) ? 1 : 0;
            }

            return n;
        }

        if (constant.Length <= 2 * sizeof(ulong))
        {
            // Most rows are decided by two integer comparisons (dates, for one, share their first eight bytes).
            var (first, second) = Halves(constant);
            foreach (var row in rows)
            {
                output[n] = row;
                var text = data[offsets[row]..offsets[row + 1]];
                var (head, tail) = Halves(text);
                var order = head != first ? (head < first ? -1 : 1)
                    : tail != second ? (tail < second ? -1 : 1)
                    : text.Length.CompareTo(constant.Length);
                n += TTest.Accepts(order) ? 1 : 0;
            }

            return n;
        }

        // Byte order of the first eight bytes is the order of them read as a big-endian number.
        var prefix = BinaryPrimitives.ReadUInt64BigEndian(constant);
        foreach (var row in rows)
        {
            output[n] = row;
            var text = data[offsets[row]..offsets[row + 1]];
            var head = text.Length >= sizeof(ulong) ? BinaryPrimitives.ReadUInt64BigEndian(text) : prefix;
            var order = head != prefix ? (head < prefix ? -1 : 1) : text.SequenceCompareTo(constant);
            n += TTest.Accepts(order) ? 1 : 0;
        }

        return n;
    }

    /// <summary>
    /// The first sixteen bytes of <paramref name="text"/> as two big-endian numbers, zero-padded. For a
    /// constant of at most sixteen bytes, comparing these and then the lengths is byte order: where the
    /// padded bytes first differ inside both texts, so do the texts; where inside one only, the other is
    /// a proper prefix of it (padding is 0, the smallest byte); where they never differ, the shorter is
    /// a prefix of the longer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (ulong First, ulong Second) Halves(ReadOnlySpan<byte> text)
    {
        const int Word = sizeof(ulong);
        if (text.Length >= 2 * Word)
        {
            return (BinaryPrimitives.ReadUInt64BigEndian(text), BinaryPrimitives.ReadUInt64BigEndian(text[Word..]));
        }

        if (text.Length > Word)
        {
            // The last eight bytes, shifted so that bytes 8.. come first and zeros follow.
            var last = BinaryPrimitives.ReadUInt64BigEndian(text[^Word..]);
            return (BinaryPrimitives.ReadUInt64BigEndian(text), last << ((2 * Word - text.Length) * 8));
        }

        if (text.Length == Word)
        {
            return (BinaryPrimitives.ReadUInt64BigEndian(text), 0);
        }

        var padded = 0UL;
        for (var i = 0; i < text.Length; i++)
        {
            padded |= (ulong)text[i] << (56 - (8 * i));
        }

        return (padded, 0);
    }

    /// <summary>
    /// Keeps those of <paramref name="rows"/> whose dictionary code passes: <paramref name="accepted"/>
    /// holds 1 for each code whose text passes, 0 for the others (a load and a look-up per row).
    /// </summary>
    public static int SelectCodedRows(ReadOnlySpan<ushort> codes, ReadOnlySpan<byte> accepted, ReadOnlySpan<int> rows, Span<int> output)
    {
        var n = 0;
        foreach (var row in rows)
        {
            output[n] = row;
            n += accepted[codes[row]];
        }

        return n;
    }

    /// <summary>
    /// Clears the bits of <paramref name="mask"/> (bit <c>i % 64</c> of word <c>i / 64</c> for row i) of
    /// the rows whose dictionary code fails (<paramref name="accepted"/> is 0 for it); words already
    /// zero are skipped, and a word with fewer than <see cref="SparseBlockRows"/> bits set looks up
    /// those rows alone (tpch-q06's date ranges after its numeric masks: ~8 rows of 64 left), so a
    /// coded predicate after selective ones costs a look-up per row still in the mask, not per row.
    /// </summary>
    public static void NarrowMaskCoded(ReadOnlySpan<ushort> codes, ReadOnlySpan<byte> accepted, Span<ulong> mask)
    {
        for (var w = 0; w * BlockRows < codes.Length; w++)
        {
            var live = mask[w];
            if (live == 0)
            {
                continue;
            }

            var block = codes.Slice(w * BlockRows, Math.Min(BlockRows, codes.Length - (w * BlockRows)));
            if (BitOperations.PopCount(live) < SparseBlockRows)
            {
                // accepted holds 0 or 1: a failing row's bit is flipped off. Bits past the codes stay as they are.
                for (var bits = live & (block.Length == BlockRows ? ulong.MaxValue : ~(ulong.MaxValue << block.Length)); bits != 0; bits &= bits - 1)
                {
                    var i = BitOperations.TrailingZeroCount(bits);
                    live ^= (ulong)(accepted[block[i]] ^ 1) << i;
                }

                mask[w] = live;
                continue;
            }

            var passing = 0UL;
            for (var i = 0; i < block.Length; i++)
            {
                passing |= (ulong)accepted[block[i]] << i;
            }

            // Bits past the codes stay as they are.
            mask[w] &= block.Length == BlockRows ? passing : passing | (ulong.MaxValue << block.Length);
        }
    }

    /// <summary>Keeps those of <paramref name="rows"/> whose UTF-8 text equals one of <paramref name="constants"/>.</summary>
    public static int SelectTextRowsIn(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> data, byte[][] constants, ReadOnlySpan<int> rows, Span<int> output)
    {
        var n = 0;
        foreach (var row in rows)
        {
            output[n] = row;
            var text = data[offsets[row]..offsets[row + 1]];
            var found = false;
            foreach (var constant in constants)
            {
                found |= text.SequenceEqual(constant);
            }

            n += found ? 1 : 0;
        }

        return n;
    }

    /// <summary>Clears the bits of <paramref name="mask"/> of the rows 0 .. <paramref name="length"/> - 1 that are NULL in an Arrow validity bitmap starting at bit <paramref name="bitOffset"/>.</summary>
    public static void NarrowMaskToValid(ReadOnlySpan<byte> validity, int bitOffset, int length, Span<ulong> mask)
    {
        var words = (length + BlockRows - 1) / BlockRows;
        if (bitOffset % 8 == 0 && BitConverter.IsLittleEndian)
        {
            // Byte-aligned: the bitmap's bytes read as native words are the mask's words (bit i of byte
            // j is row 8j + i either way); the last few bytes, short of a word, are gathered one by one.
            var bytes = validity[(bitOffset / 8)..];
            var full = Math.Min(words, bytes.Length / sizeof(ulong));
            var source = MemoryMarshal.Cast<byte, ulong>(bytes[..(full * sizeof(ulong))]);
            var target = mask[..full];
            for (var w = 0; w < source.Length; w++)
            {
                target[w] &= source[w];
            }

            for (var w = full; w < words; w++)
            {
                mask[w] &= PartialWord(bytes[Math.Min(w * sizeof(ulong), bytes.Length)..]);
            }

            return;
        }

        for (var i = 0; i < length; i++)
        {
            var bit = bitOffset + i;
            if ((validity[bit >> 3] & (1 << (bit & 7))) == 0)
            {
                mask[i >> 6] &= ~(1UL << i);
            }
        }
    }

    /// <summary>
    /// Writes the positions of the set bits of <paramref name="mask"/> (bit <c>i % 64</c> of word
    /// <c>i / 64</c> for position i), ascending; returns their count. The output must hold 64 positions per word.
    /// </summary>
    public static int SetBits(ReadOnlySpan<ulong> mask, Span<int> output)
    {
        if (output.Length < mask.Length * BlockRows)
        {
            throw new ArgumentException("the output must hold a position per bit", nameof(output));
        }

        ref var outputStart = ref MemoryMarshal.GetReference(output);
        var n = 0;
        for (var w = 0; w < mask.Length; w++)
        {
            n = Positions(mask[w], w * BlockRows, ref outputStart, n);
        }

        return n;
    }

    /// <summary>Keeps those of <paramref name="rows"/> that are valid (non-NULL) in an Arrow validity bitmap starting at bit <paramref name="bitOffset"/>.</summary>
    public static int SelectValid(ReadOnlySpan<byte> validity, int bitOffset, ReadOnlySpan<int> rows, Span<int> output)
    {
        var n = 0;
        foreach (var row in rows)
        {
            var bit = bitOffset + row;
            output[n] = row;
            n += (validity[bit >> 3] >> (bit & 7)) & 1;
        }

        return n;
    }

    /// <summary>
    /// Appends <paramref name="at"/> + j for each set bit j of the mask of a block of <see cref="BlockRows"/>
    /// values. An empty block writes nothing and a full one writes its positions with vector stores; a
    /// sparse block walks its set bits, a dense one writes every lane without branches and advances the
    /// count only for set bits (the slots written past the count lie below <paramref name="at"/> + 64,
    /// inside the output, since the count never exceeds <paramref name="at"/>).
    /// </summary>
    private static int Positions(ulong mask, int at, ref int output, int n)
    {
        if (mask == 0)
        {
            return n;
        }

        if (mask == ulong.MaxValue)
        {
            var positions = Vector256.Create(at) + Vector256<int>.Indices;
            for (var j = 0; j < BlockRows; j += Vector256<int>.Count)
            {
                positions.StoreUnsafe(ref output, (nuint)(n + j));
                positions += Vector256.Create(Vector256<int>.Count);
            }

            return n + BlockRows;
        }

        if (BitOperations.PopCount(mask) < SparseBlockRows)
        {
            for (; mask != 0; mask &= mask - 1)
            {
                Unsafe.Add(ref output, n++) = at + BitOperations.TrailingZeroCount(mask);
            }

            return n;
        }

        for (var j = 0; j < BlockRows; j++)
        {
            Unsafe.Add(ref output, n) = at + j;
            n += (int)((mask >> j) & 1);
        }

        return n;
    }

    /// <summary>The bytes (fewer than eight) as the low bytes of a little-endian word.</summary>
    private static ulong PartialWord(ReadOnlySpan<byte> bytes)
    {
        var word = 0UL;
        for (var b = 0; b < bytes.Length; b++)
        {
            word |= (ulong)bytes[b] << (8 * b);
        }

        return word;
    }
}
