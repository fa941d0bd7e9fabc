using System.Buffers.Binary;
using Apache.Arrow;

namespace Yoda.Columnar.Execution.Scan;

/// <summary>
/// Each code of a coded array (<see cref="Aggregates.StoredTextCodes"/>) as a key that orders as its
/// text's bytes do, made once per array and kept with its codes: the text's first 15 bytes, zero-padded,
/// and its length (16 for any longer) in the last byte, as two big-endian numbers. Two texts of two
/// different arrays then compare as their keys do, unless both keys end in 16 (both texts longer than 15
/// bytes, their first 15 bytes equal): only those compare their bytes. A comparison of two text columns
/// (tpch-q12's <c>l_commitdate &lt; l_receiptdate</c>) reads two 16-bit codes and two keys a row instead
/// of comparing the rows' bytes. Within the 15 bytes, a text that is a prefix of another ties with it on
/// the padded bytes and is ordered first by its smaller length, as byte order puts it.
/// </summary>
internal sealed class CodeKeys
{
    /// <summary>The length byte of a text longer than the key holds.</summary>
    public const byte Longer = 16;

    private CodeKeys(ulong[] halves) => Halves = halves;

    /// <summary>Code c's key is <c>Halves[2c]</c> (bytes 0-7) then <c>Halves[2c + 1]</c> (bytes 8-14 and the length); zeros for a code no valid row holds (code 0 of an array NULL in every row).</summary>
    public ulong[] Halves { get; }

    /// <summary>Bytes held: two numbers per code.</summary>
    public long Bytes => 24 + (8L * Halves.Length);

    public static CodeKeys Of(StringArray array, int[] firstRows)
    {
        // Code 0 is also every NULL row's, and a comparison reads every selected row's code: an array NULL
        // in every row has no distinct text, but code 0 still needs a key (its rows' answers are NULL anyway).
        var halves = new ulong[2 * Math.Max(1, firstRows.Length)];
        Span<byte> key = stackalloc byte[16];
        var offsets = array.ValueOffsets;
        var values = array.Values;
        for (var code = 0; code < firstRows.Length; code++)
        {
            var row = firstRows[code];
            if (row < 0)
            {
                continue;
            }

            var text = values[offsets[row]..offsets[row + 1]];
            key.Clear();
            text[..Math.Min(15, text.Length)].CopyTo(key);
            key[15] = (byte)Math.Min(text.Length, Longer);
            halves[2 * code] = BinaryPrimitives.ReadUInt64BigEndian(key);
            halves[(2 * code) + 1] = BinaryPrimitives.ReadUInt64BigEndian(key[8..]);
        }

        return new CodeKeys(halves);
    }
}
