using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Yoda.Columnar.Kernels;

/// <summary>
/// Ungrouped COUNT, SUM, MIN and MAX over a column's values with a row mask: bit <c>i</c> of
/// <c>mask[i / 64]</c> set when row <c>i</c> counts (valid and not deleted); an empty mask counts
/// every row. Full and empty 64-row words take a branch-free path; mixed words select lanes with a
/// vector mask. Vector512 where the hardware has it, else Vector256, else scalar.
/// </summary>
public static class AggregateKernels
{
    /// <summary>The rows a mask lets through among the first <paramref name="length"/>.</summary>
    public static long Count(ReadOnlySpan<ulong> mask, int length)
    {
        if (mask.IsEmpty)
        {
            return length;
        }

        long count = 0;
        foreach (var word in mask)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    /// <summary>The wrapping 64-bit sum of the masked values (exact when no partial sum can overflow: the caller checks).</summary>
    public static long Sum(ReadOnlySpan<long> values, ReadOnlySpan<ulong> mask) =>
        Fold<long, SumOp>(values, mask, 0L);

    /// <summary>
    /// The smallest masked value, or <typeparamref name="T"/>'s largest when none. With NaNs, or
    /// with both zeros among reals, which one comes out depends on the hardware: callers exclude those.
    /// </summary>
    public static T Min<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask)
        where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
        Fold<T, MinOp>(values, mask, T.MaxValue);

    /// <summary>The largest masked value, or <typeparamref name="T"/>'s smallest when none.</summary>
    public static T Max<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask)
        where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
        Fold<T, MaxOp>(values, mask, T.MinValue);

    private static T Fold<T, TOp>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, T identity)
        where T : unmanaged, INumber<T>
        where TOp : struct, IFoldOp
    {
        if (Vector512.IsHardwareAccelerated && Vector512<T>.Count == 8)
        {
            return mask.IsEmpty ? Fold512Dense<T, TOp>(values, identity) : Fold512<T, TOp>(values, mask, identity);
        }

        if (Vector256.IsHardwareAccelerated && Vector256<T>.Count == 4)
        {
            return mask.IsEmpty ? Fold256Dense<T, TOp>(values, identity) : Fold256<T, TOp>(values, mask, identity);
        }

        return FoldFrom<T, TOp>(values, mask, 0, identity);
    }

    /// <summary>Folds <paramref name="values"/> from <paramref name="start"/> on, one at a time, into <paramref name="result"/>.</summary>
    private static T FoldFrom<T, TOp>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, int start, T result)
        where T : unmanaged, INumber<T>
        where TOp : struct, IFoldOp
    {
        for (var i = start; i < values.Length; i++)
        {
            if (mask.IsEmpty || (mask[i >> 6] & (1UL << i)) != 0)
            {
                result = TOp.Scalar(result, values[i]);
            }
        }

        return result;
    }

    /// <summary>
    /// The unmasked fold: a straight stream of loads into four independent accumulators, with no
    /// mask word to read or test, so the loop is nothing but loads and one operation per vector.
    /// </summary>
    private static T Fold512Dense<T, TOp>(ReadOnlySpan<T> values, T identity)
        where T : unmanaged, INumber<T>
        where TOp : struct, IFoldOp
    {
        var fill = Vector512.Create(identity);
        var (a, b, c, d) = (fill, fill, fill, fill);
        ref var start = ref MemoryMarshal.GetReference(values);
        var i = 0;
        for (; i + 32 <= values.Length; i += 32)
        {
            var at = (nuint)i;
            a = TOp.Vector(a, Vector512.LoadUnsafe(ref start, at));
            b = TOp.Vector(b, Vector512.LoadUnsafe(ref start, at + 8));
            c = TOp.Vector(c, Vector512.LoadUnsafe(ref start, at + 16));
            d = TOp.Vector(d, Vector512.LoadUnsafe(ref start, at + 24));
        }

        var result = TOp.Reduce(TOp.Vector(TOp.Vector(a, b), TOp.Vector(c, d)));
        return FoldFrom<T, TOp>(values, [], i, result);
    }

    private static T Fold512<T, TOp>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, T identity)
        where T : unmanaged, INumber<T>
        where TOp : struct, IFoldOp
    {
        var fill = Vector512.Create(identity);
        var laneBits = Vector512.Create(1L, 2, 4, 8, 16, 32, 64, 128);
        var (a, b, c, d) = (fill, fill, fill, fill);
        ref var start = ref MemoryMarshal.GetReference(values);
        var i = 0;
        for (; i + 64 <= values.Length; i += 64)
        {
            var word = mask[i >> 6];
            if (word == 0)
            {
                continue;
            }

            // The word broadcast to every lane, shifted down 8 bits per group of 8 lanes: lane j of
            // a group is kept when its bit is set. Computed in registers: a table of 256 lane masks
            // would take half of L1 away from the column being streamed.
            var bits = Vector512.Create((long)word);
            for (var lane = 0; lane < 64; lane += 32)
            {
                var at = (nuint)(i + lane);
                var (w, x, y, z) = (Vector512.LoadUnsafe(ref start, at), Vector512.LoadUnsafe(ref start, at + 8),
                    Vector512.LoadUnsafe(ref start, at + 16), Vector512.LoadUnsafe(ref start, at + 24));
                if (word != ulong.MaxValue)
                {
                    w = Vector512.ConditionalSelect(Keep<T>(bits, laneBits), w, fill);
                    x = Vector512.ConditionalSelect(Keep<T>(bits >>> 8, laneBits), x, fill);
                    y = Vector512.ConditionalSelect(Keep<T>(bits >>> 16, laneBits), y, fill);
                    z = Vector512.ConditionalSelect(Keep<T>(bits >>> 24, laneBits), z, fill);
                    bits >>>= 32;
                }

                (a, b, c, d) = (TOp.Vector(a, w), TOp.Vector(b, x), TOp.Vector(c, y), TOp.Vector(d, z));
            }
        }

        var result = TOp.Reduce(TOp.Vector(TOp.Vector(a, b), TOp.Vector(c, d)));
        return FoldFrom<T, TOp>(values, mask, i, result);
    }

    /// <summary>All-ones lanes where the low 8 bits of <paramref name="bits"/> (in every lane) are set.</summary>
    private static Vector512<T> Keep<T>(Vector512<long> bits, Vector512<long> laneBits)
        where T : unmanaged =>
        Vector512.Equals(bits & laneBits, laneBits).As<long, T>();

    /// <summary>
    /// The unmasked fold on 256-bit vectors (where Vector512 is not accelerated, as on CPUs whose .NET
    /// prefers 256 bits): like <see cref="Fold512Dense{T, TOp}"/>, loads into four independent
    /// accumulators with no mask word and no span slicing per vector.
    /// </summary>
    private static T Fold256Dense<T, TOp>(ReadOnlySpan<T> values, T identity)
        where T : unmanaged, INumber<T>
        where TOp : struct, IFoldOp
    {
        var fill = Vector256.Create(identity);
        var (a, b, c, d) = (fill, fill, fill, fill);
        ref var start = ref MemoryMarshal.GetReference(values);
        var i = 0;
        for (; i + 16 <= values.Length; i += 16)
        {
            var at = (nuint)i;
            a = TOp.Vector(a, Vector256.LoadUnsafe(ref start, at));
            b = TOp.Vector(b, Vector256.LoadUnsafe(ref start, at + 4));
            c = TOp.Vector(c, Vector256.LoadUnsafe(ref start, at + 8));
            d = TOp.Vector(d, Vector256.LoadUnsafe(ref start, at + 12));
        }

        var result = TOp.Reduce(TOp.Vector(TOp.Vector(a, b), TOp.Vector(c, d)));
        return FoldFrom<T, TOp>(values, [], i, result);
    }

    private static T Fold256<T, TOp>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, T identity)
        where T : unmanaged, INumber<T>
        where TOp : struct, IFoldOp
    {
        var fill = Vector256.Create(identity);
        var laneBits = Vector256.Create(1L, 2, 4, 8);
        var (a, b) = (fill, fill);
        ref var start = ref MemoryMarshal.GetReference(values);
        var i = 0;
        for (; i + 64 <= values.Length; i += 64)
        {
            var word = mask.IsEmpty ? ulong.MaxValue : mask[i >> 6];
            if (word == 0)
            {
                continue;
            }

            // The word broadcast to every lane, shifted down 8 bits per pair of vectors: lane j is kept when
            // bit j of the low nibble is set. In registers: a table of lane masks costs a load per vector.
            var bits = Vector256.Create((long)word);
            for (var lane = 0; lane < 64; lane += 8)
            {
                var x = Vector256.LoadUnsafe(ref start, (nuint)(i + lane));
                var y = Vector256.LoadUnsafe(ref start, (nuint)(i + lane + 4));
                if (word != ulong.MaxValue)
                {
                    x = Vector256.ConditionalSelect(Keep<T>(bits, laneBits), x, fill);
                    y = Vector256.ConditionalSelect(Keep<T>(bits >>> 4, laneBits), y, fill);
                    bits >>>= 8;
                }

                a = TOp.Vector(a, x);
                b = TOp.Vector(b, y);
            }
        }

        var result = TOp.Reduce(TOp.Vector(a, b));
        return FoldFrom<T, TOp>(values, mask, i, result);
    }

    /// <summary>
    /// All-ones lanes where the low 4 bits of <paramref name="bits"/> (a mask word in every lane) are set, lane j for
    /// bit j (<paramref name="laneBits"/>: 1, 2, 4, 8); also <see cref="FilteredSums"/>' lanes of a partial mask word.
    /// </summary>
    internal static Vector256<T> Keep<T>(Vector256<long> bits, Vector256<long> laneBits)
        where T : unmanaged =>
        Vector256.Equals(bits & laneBits, laneBits).As<long, T>();

    private interface IFoldOp
    {
        static abstract T Scalar<T>(T acc, T value)
            where T : unmanaged, INumber<T>;

        static abstract Vector512<T> Vector<T>(Vector512<T> acc, Vector512<T> values)
            where T : unmanaged, INumber<T>;

        static abstract Vector256<T> Vector<T>(Vector256<T> acc, Vector256<T> values)
            where T : unmanaged, INumber<T>;

        static abstract T Reduce<T>(Vector512<T> acc)
            where T : unmanaged, INumber<T>;

        static abstract T Reduce<T>(Vector256<T> acc)
            where T : unmanaged, INumber<T>;
    }

    private readonly struct SumOp : IFoldOp
    {
        public static T Scalar<T>(T acc, T value) where T : unmanaged, INumber<T> => unchecked(acc + value);

        public static Vector512<T> Vector<T>(Vector512<T> acc, Vector512<T> values) where T : unmanaged, INumber<T> => acc + values;

        public static Vector256<T> Vector<T>(Vector256<T> acc, Vector256<T> values) where T : unmanaged, INumber<T> => acc + values;

        public static T Reduce<T>(Vector512<T> acc) where T : unmanaged, INumber<T> => Vector512.Sum(acc);

        public static T Reduce<T>(Vector256<T> acc) where T : unmanaged, INumber<T> => Vector256.Sum(acc);
    }

    private readonly struct MinOp : IFoldOp
    {
        public static T Scalar<T>(T acc, T value) where T : unmanaged, INumber<T> => value < acc ? value : acc;

        public static Vector512<T> Vector<T>(Vector512<T> acc, Vector512<T> values) where T : unmanaged, INumber<T> => Vector512.MinNative(acc, values);

        public static Vector256<T> Vector<T>(Vector256<T> acc, Vector256<T> values) where T : unmanaged, INumber<T> => Vector256.MinNative(acc, values);

        public static T Reduce<T>(Vector512<T> acc) where T : unmanaged, INumber<T> => Reduce(Vector256.Min(acc.GetLower(), acc.GetUpper()));

        public static T Reduce<T>(Vector256<T> acc) where T : unmanaged, INumber<T>
        {
            var result = acc[0];
            for (var i = 1; i < Vector256<T>.Count; i++)
            {
                result = Scalar(result, acc[i]);
            }

            return result;
        }
    }

    private readonly struct MaxOp : IFoldOp
    {
        public static T Scalar<T>(T acc, T value) where T : unmanaged, INumber<T> => value > acc ? value : acc;

        public static Vector512<T> Vector<T>(Vector512<T> acc, Vector512<T> values) where T : unmanaged, INumber<T> => Vector512.MaxNative(acc, values);

        public static Vector256<T> Vector<T>(Vector256<T> acc, Vector256<T> values) where T : unmanaged, INumber<T> => Vector256.MaxNative(acc, values);

        public static T Reduce<T>(Vector512<T> acc) where T : unmanaged, INumber<T> => Reduce(Vector256.Max(acc.GetLower(), acc.GetUpper()));

        public static T Reduce<T>(Vector256<T> acc) where T : unmanaged, INumber<T>
        {
            var result = acc[0];
            for (var i = 1; i < Vector256<T>.Count; i++)
            {
                result = Scalar(result, acc[i]);
            }

            return result;
        }
    }
}
