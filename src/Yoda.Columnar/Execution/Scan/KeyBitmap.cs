using System.Runtime.CompilerServices;

namespace Yoda.Columnar.Execution.Scan;

/// <summary>
/// A bitmap of INTEGER keys over their range [low, high], bit <c>key - low</c> set for each key: the
/// sizing rule and the bit operations shared by the scan predicates that test keys known only at run
/// time (<see cref="JoinKeyFilter"/>, <see cref="IntegerSetPredicate"/>).
/// </summary>
internal static class KeyBitmap
{
    /// <summary>A bitmap is kept when the keys' range needs at most this many bits, or 64 per key.</summary>
    private const long BitsAlways = 1L << 20;

    /// <summary>Whether <paramref name="count"/> keys whose range spans <paramref name="lastBit"/> + 1 values get a bitmap.</summary>
    public static bool Pays(ulong lastBit, long count) => count > 0 && lastBit < (ulong)Math.Max(BitsAlways, 64L * count);

    /// <summary>The words of a bitmap whose last bit is <paramref name="lastBit"/>.</summary>
    public static int Words(ulong lastBit) => (int)(lastBit / 64) + 1;

    public static void Set(ulong[] bits, ulong offset) => bits[offset >> 6] |= 1UL << (int)(offset & 63);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSet(ulong[] bits, ulong offset) => (bits[offset >> 6] & (1UL << (int)(offset & 63))) != 0;

    /// <summary>Whether any bit from <paramref name="from"/> to <paramref name="to"/> (inclusive) is set: whole words at a time where it can.</summary>
    public static bool AnyBit(ulong[] bits, ulong from, ulong to)
    {
        for (var bit = from; bit <= to; bit++)
        {
            if ((bit & 63) == 0 && to - bit >= 63)
            {
                if (bits[bit >> 6] != 0)
                {
                    return true;
                }

                bit += 63;
                continue;
            }

            if (IsSet(bits, bit))
            {
                return true;
            }
        }

        return false;
    }
}
