using System.Buffers.Binary;
using Apache.Arrow;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Dictionary codes (<see cref="StoredTextCodes"/>) for an array whose texts are all at most
/// <see cref="MaxBytes"/> bytes long (ISO dates, ship modes, flags, priorities): each text is keyed by
/// its bytes read as two zero-padded <see cref="ulong"/>s and its length, so a row costs two loads,
/// a multiply-hash and a probe comparing three integers, instead of hashing and comparing its bytes one
/// span at a time (~40 ns a row before, on the read that computes the codes). A row with the previous
/// row's text takes its code without a probe (sorted or clustered columns). Codes are numbered in
/// order of first appearance, as <see cref="TextIdTable"/> numbers them, so they are the same codes.
/// </summary>
internal sealed class ShortTextCoder
{
    /// <summary>The longest text coded here: two 8-byte words.</summary>
    public const int MaxBytes = 16;

    private ulong[] _lows = new ulong[256];
    private ulong[] _highs = new ulong[256];

    // Per slot: the code plus one (0: empty) in the low 17 bits, the text's length above them.
    private int[] _entries = new int[256];
    private int _shift = 64 - 8;

    /// <summary>The number of distinct texts coded so far.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Writes the code of every non-NULL row of <paramref name="array"/> to <paramref name="codes"/>
    /// (NULL rows are left as they are) and fills <paramref name="firstRows"/> with a row of each code
    /// (the first holding its text). Returns false, with the codes unfinished, when a text is longer
    /// than <see cref="MaxBytes"/>; stops early once more than <paramref name="limit"/> texts are
    /// distinct (<see cref="Count"/> says so).
    /// </summary>
    public bool TryCode(StringArray array, int limit, ushort[] codes, List<int> firstRows)
    {
        var offsets = array.ValueOffsets;
        var values = array.Values;
        var checkNulls = array.NullCount > 0;
        var (lastLow, lastHigh, lastLength, lastCode) = (0UL, 0UL, -1, 0);
        for (var row = 0; row < array.Length; row++)
        {
            if (checkNulls && array.IsNull(row))
            {
                continue;
            }

            var start = offsets[row];
            var length = offsets[row + 1] - start;
            if (length > MaxBytes)
            {
                return false;
            }

            var (low, high) = Words(values, start, length);
            if (low != lastLow || high != lastHigh || length != lastLength)
            {
                (lastLow, lastHigh, lastLength) = (low, high, length);
                lastCode = CodeOf(low, high, length, row, firstRows);
                if (Count > limit)
                {
                    return true;
                }
            }

            codes[row] = (ushort)lastCode;
        }

        return true;
    }

    /// <summary>The text's bytes as two little-endian words, zero past its length.</summary>
    private static (ulong Low, ulong High) Words(ReadOnlySpan<byte> values, int start, int length)
    {
        if (start + MaxBytes > values.Length)
        {
            return PaddedWords(values.Slice(start, length));
        }

        // Keep the text's own bytes (a shift by 64 would keep them all: 8 bytes and more keep the whole low word).
        var low = BinaryPrimitives.ReadUInt64LittleEndian(values[start..]);
        var high = BinaryPrimitives.ReadUInt64LittleEndian(values[(start + 8)..]);
        low &= length >= 8 ? ulong.MaxValue : (1UL << (length * 8)) - 1;
        high &= length >= MaxBytes ? ulong.MaxValue : length <= 8 ? 0 : (1UL << ((length - 8) * 8)) - 1;
        return (low, high);
    }

    /// <summary><see cref="Words"/> of a text near the end of the value buffer, copied out zero-padded.</summary>
    private static (ulong Low, ulong High) PaddedWords(ReadOnlySpan<byte> text)
    {
        Span<byte> padded = stackalloc byte[MaxBytes];
        padded.Clear();
        text.CopyTo(padded);
        return (BinaryPrimitives.ReadUInt64LittleEndian(padded), BinaryPrimitives.ReadUInt64LittleEndian(padded[8..]));
    }

    private static ulong Hash(ulong low, ulong high, int length)
    {
        var hash = (low * 0x9E3779B97F4A7C15UL) ^ ((high + (ulong)length) * 0xC2B2AE3D27D4EB4FUL);
        hash ^= hash >> 31;
        return hash * 0x9E3779B97F4A7C15UL;
    }

    private int CodeOf(ulong low, ulong high, int length, int row, List<int> firstRows)
    {
        var mask = _entries.Length - 1;
        for (var slot = (int)(Hash(low, high, length) >> _shift); ; slot = (slot + 1) & mask)
        {
            var entry = _entries[slot];
            if (entry == 0)
            {
                var code = Count++;
                firstRows.Add(row);
                (_lows[slot], _highs[slot], _entries[slot]) = (low, high, (length << 17) | (code + 1));
                if (Count * 2 > _entries.Length)
                {
                    Grow();
                }

                return code;
            }

            if (_lows[slot] == low && _highs[slot] == high && entry >> 17 == length)
            {
                return (entry & 0x1FFFF) - 1;
            }
        }
    }

    private void Grow()
    {
        var (lows, highs, entries) = (_lows, _highs, _entries);
        _lows = new ulong[lows.Length * 2];
        _highs = new ulong[lows.Length * 2];
        _entries = new int[lows.Length * 2];
        _shift--;
        var mask = _entries.Length - 1;
        for (var old = 0; old < entries.Length; old++)
        {
            if (entries[old] == 0)
            {
                continue;
            }

            var (low, high, length) = (lows[old], highs[old], entries[old] >> 17);
            var slot = (int)(Hash(low, high, length) >> _shift);
            while (_entries[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            (_lows[slot], _highs[slot], _entries[slot]) = (low, high, entries[old]);
        }
    }
}
