using System.Text;

namespace Yoda.Columnar.Kernels;

/// <summary>Text operations with SQLite's meaning: BINARY collation (UTF-8 byte order), lengths in characters, ASCII-only case mapping.</summary>
public static class TextKernels
{
    /// <summary>Compares as the UTF-8 encodings would compare byte by byte (UTF-16 order differs only for surrogates).</summary>
    public static int CompareBinary(string a, string b)
    {
        var common = a.AsSpan().CommonPrefixLength(b);
        return common < Math.Min(a.Length, b.Length) ? CodeUnitRank(a[common]) - CodeUnitRank(b[common]) : a.Length - b.Length;
    }

    public static int CompareBlobs(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b);

    /// <summary>Characters (code points), as SQLite's length() counts them.</summary>
    public static long CodePointLength(string s)
    {
        var count = 0L;
        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsLowSurrogate(s[i]) || i == 0 || !char.IsHighSurrogate(s[i - 1]))
            {
                count++;
            }
        }

        return count;
    }

    public static string AsciiLower(string s) => string.Create(s.Length, s, (span, src) =>
    {
        for (var i = 0; i < src.Length; i++)
        {
            span[i] = src[i] is >= 'A' and <= 'Z' ? (char)(src[i] + 32) : src[i];
        }
    });

    public static string AsciiUpper(string s) => string.Create(s.Length, s, (span, src) =>
    {
        for (var i = 0; i < src.Length; i++)
        {
            span[i] = src[i] is >= 'a' and <= 'z' ? (char)(src[i] - 32) : src[i];
        }
    });

    /// <summary>SQLite's substr(x, start, length) on characters; <paramref name="length"/> null means to the end.</summary>
    public static string Substring(string s, long start, long? length)
    {
        var runes = s.EnumerateRunes().ToArray();
        var (from, count) = SubstrRange(runes.Length, start, length);
        var builder = new StringBuilder();
        for (var i = from; i < from + count; i++)
        {
            builder.Append(runes[i].ToString());
        }

        return builder.ToString();
    }

    public static byte[] Substring(byte[] b, long start, long? length)
    {
        var (from, count) = SubstrRange(b.Length, start, length);
        return b.AsSpan(from, count).ToArray();
    }

    /// <summary>The 0-based range substr selects, following sqlite3's substrFunc.</summary>
    private static (int From, int Count) SubstrRange(int size, long p1, long? lengthArg)
    {
        var p2 = lengthArg ?? long.MaxValue / 4;
        var negativeLength = p2 < 0;
        if (negativeLength)
        {
            p2 = -p2;
        }

        if (p1 < 0)
        {
            p1 += size;
            if (p1 < 0)
            {
                p2 += p1;
                if (p2 < 0)
                {
                    p2 = 0;
                }

                p1 = 0;
            }
        }
        else if (p1 > 0)
        {
            p1--;
        }
        else if (p2 > 0)
        {
            p2--;
        }

        if (negativeLength)
        {
            p1 -= p2;
            if (p1 < 0)
            {
                p2 += p1;
                p1 = 0;
            }
        }

        if (p1 > size)
        {
            return (size, 0);
        }

        p2 = Math.Min(p2, size - p1);
        return ((int)p1, (int)Math.Max(p2, 0));
    }

    private static int CodeUnitRank(char c) => c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
}
