using System.Text;

namespace Yoda.Columnar.Execution;

/// <summary>
/// Turns UTF-8 bytes into strings, reusing the string of a short value decoded before (a
/// direct-mapped cache keyed by a hash of the bytes, each slot holding the first value that
/// landed in it), so that low-cardinality text such as flags, codes and dates is not allocated
/// again for every row.
/// </summary>
public sealed class TextDecoder
{
    private const int Slots = 8192;
    private const int MaxCachedBytes = 24;
    private readonly byte[]?[] _bytes = new byte[Slots][];
    private readonly string?[] _strings = new string[Slots];

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

        var slot = Slot(utf8);
        if (_bytes[slot] is { } cached)
        {
            // A slot keeps its first value: high-cardinality text then costs one decode per row and no more.
            return utf8.SequenceEqual(cached) ? _strings[slot]! : Encoding.UTF8.GetString(utf8);
        }

        var text = Encoding.UTF8.GetString(utf8);
        _bytes[slot] = utf8.ToArray();
        _strings[slot] = text;
        return text;
    }

    /// <summary>FNV-1a over the bytes, folded to a slot.</summary>
    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return (int)((hash ^ (hash >> 32)) & (Slots - 1));
    }
}
