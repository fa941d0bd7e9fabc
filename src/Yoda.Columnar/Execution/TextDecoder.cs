using System.Buffers.Binary;
using System.Text;

namespace Yoda.Columnar.Execution;

/// <summary>
/// Turns UTF-8 bytes into strings, reusing the string of a value of up to 64 bytes decoded before
/// (a direct-mapped cache keyed by a hash of the bytes, each slot holding the first value that
/// landed in it), so that repeated text such as flags, codes, dates and URLs is not allocated
/// again for every row. The hash reads only the length and the first and last eight bytes: a
/// candidate is always compared in full, and a miss costs one vectorized compare. A slot's bytes and
/// string are one object, stored with one write, so that threads may share a decoder: a vector read
/// by a scan can be decoded later on another thread (at worst two threads both fill a slot).
/// </summary>
public sealed class TextDecoder
{
    private const int SlotBits = 13;
    private const int Slots = 1 << SlotBits;
    private const int MaxCachedBytes = 64;

    // Made on the first value to cache (64 KB): every scan of a query has a decoder, and many read no text.
    private Entry?[]? _entries;

    public string Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxCachedBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var entries = _entries ?? Table();
        var slot = Slot(utf8);
        if (entries[slot] is { } cached)
        {
            // A slot keeps its first value: high-cardinality text then costs one decode per row and no more.
            return utf8.SequenceEqual(cached.Bytes) ? cached.Text : Encoding.UTF8.GetString(utf8);
        }

        var text = Encoding.UTF8.GetString(utf8);
        entries[slot] = new Entry(utf8.ToArray(), text);
        return text;
    }

    /// <summary>The cache's slots, made once even when threads sharing the decoder ask at the same time.</summary>
    private Entry?[] Table()
    {
        var made = new Entry?[Slots];
        return Interlocked.CompareExchange(ref _entries, made, null) ?? made;
    }

    /// <summary>The length and the first and last (up to) eight bytes, mixed and folded to a slot.</summary>
    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        var (head, tail) = utf8.Length >= 8
            ? (BinaryPrimitives.ReadUInt64LittleEndian(utf8), BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]))
            : (Short(utf8), 0UL);
        var hash = ((head * 0x9E3779B97F4A7C15UL) ^ tail ^ (ulong)utf8.Length) * 0xC2B2AE3D27D4EB4FUL;
        return (int)(hash >> (64 - SlotBits));
    }

    private static ulong Short(ReadOnlySpan<byte> utf8)
    {
        var value = 0UL;
        foreach (var b in utf8)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private sealed record Entry(byte[] Bytes, string Text);
}
