using System.Buffers;
using System.IO.Hashing;
using System.Numerics;
using System.Text;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// The partition of each group of a partial aggregation (<see cref="Operators.HashAggregateOperator"/>):
/// the top bits of a hash of the group's key values, so that a group lands in the same partition in
/// every morsel and partitions can be merged independently. Keys compare as the specialised group
/// table compares them (<see cref="KeyDictionary"/>): integers and reals by value (0.0 and -0.0 are one
/// key), texts and blobs by their bytes; NULL is a value of its own.
/// </summary>
internal static class GroupPartitions
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;
    private const ulong NullHash = 0x2545F4914F6CDD1DUL;

    /// <summary>True for key kinds this hash follows the group table's equality for (not dynamic values, whose 1 and 1.0 are one key).</summary>
    public static bool Supports(IEnumerable<ValueKind> keyKinds) => keyKinds.All(k => k != ValueKind.Dynamic);

    /// <summary>
    /// Fills <paramref name="partitions"/>[g] with the partition (below 2^<paramref name="bits"/>) of
    /// group g, whose key values are row g of <paramref name="keys"/>.
    /// </summary>
    public static void Assign(ColumnVector[] keys, int bits, Span<int> partitions)
    {
        var count = partitions.Length;
        var hashes = new ulong[count];
        foreach (var key in keys)
        {
            Combine(key, hashes);
        }

        for (var g = 0; g < count; g++)
        {
            // The multiplication carries every bit of the combined hash into the top bits taken.
            partitions[g] = bits == 0 ? 0 : (int)((hashes[g] * Multiplier) >> (64 - bits));
        }
    }

    private static void Combine(ColumnVector key, ulong[] hashes)
    {
        var nulls = key.Nulls;
        switch (key.Kind)
        {
            case ValueKind.Integer:
                var longs = key.LongValues;
                for (var g = 0; g < hashes.Length; g++)
                {
                    hashes[g] = Mix(hashes[g], nulls is not null && nulls[g] ? NullHash : (ulong)longs[g]);
                }

                break;
            case ValueKind.Real:
                var doubles = key.DoubleValues;
                for (var g = 0; g < hashes.Length; g++)
                {
                    hashes[g] = Mix(hashes[g], nulls is not null && nulls[g] ? NullHash : RealBits(doubles[g]));
                }

                break;
            case ValueKind.Text when key.HasUtf8:
                var utf8 = key.Utf8Texts;
                for (var g = 0; g < hashes.Length; g++)
                {
                    hashes[g] = Mix(hashes[g], nulls is not null && nulls[g] ? NullHash : XxHash3.HashToUInt64(utf8[g]));
                }

                break;
            case ValueKind.Text:
                CombineStrings(key, hashes);
                break;
            case ValueKind.Blob:
                var blobs = key.Blobs;
                for (var g = 0; g < hashes.Length; g++)
                {
                    hashes[g] = Mix(hashes[g], nulls is not null && nulls[g] ? NullHash : XxHash3.HashToUInt64(blobs[g]));
                }

                break;
            default:
                throw new InvalidOperationException($"{key.Kind} keys are not partitioned");
        }
    }

    /// <summary>Texts held as strings, hashed by their UTF-8 bytes (as stored texts are) through one reused buffer.</summary>
    private static void CombineStrings(ColumnVector key, ulong[] hashes)
    {
        var texts = key.Texts;
        var nulls = key.Nulls;
        var buffer = ArrayPool<byte>.Shared.Rent(256);
        try
        {
            for (var g = 0; g < hashes.Length; g++)
            {
                if (nulls is not null && nulls[g])
                {
                    hashes[g] = Mix(hashes[g], NullHash);
                    continue;
                }

                var length = Encoding.UTF8.GetMaxByteCount(texts[g].Length);
                if (length > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(length);
                }

                var written = Encoding.UTF8.GetBytes(texts[g], buffer);
                hashes[g] = Mix(hashes[g], XxHash3.HashToUInt64(buffer.AsSpan(0, written)));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The bits of a real, with -0.0 as 0.0 and every NaN as one NaN (each pair is one key).</summary>
    private static ulong RealBits(double value) =>
        value == 0 ? 0 : double.IsNaN(value) ? NullHash + 1 : (ulong)BitConverter.DoubleToInt64Bits(value);

    private static ulong Mix(ulong hash, ulong value) => BitOperations.RotateLeft((hash ^ value) * Multiplier, 29);
}
