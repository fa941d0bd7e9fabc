using System.Text;

namespace Yoda.Columnar.Kernels;

/// <summary>SQLite's text functions on non-NULL values (numbers are rendered as text first by the caller).</summary>
public static class TextFunctions
{
    /// <summary>trim / ltrim / rtrim: removes any of <paramref name="characters"/> from the chosen ends.</summary>
    public static string Trim(string text, string characters, bool left, bool right)
    {
        var runes = text.EnumerateRunes().ToList();
        var remove = characters.EnumerateRunes().ToHashSet();
        var (from, to) = (0, runes.Count);
        while (left && from < to && remove.Contains(runes[from]))
        {
            from++;
        }

        while (right && to > from && remove.Contains(runes[to - 1]))
        {
            to--;
        }

        return string.Concat(runes.Skip(from).Take(to - from).Select(r => r.ToString()));
    }

    /// <summary>replace(x, y, z): every occurrence of y replaced by z; an empty y changes nothing.</summary>
    public static string Replace(string text, string pattern, string replacement) =>
        pattern.Length == 0 ? text : text.Replace(pattern, replacement, StringComparison.Ordinal);

    /// <summary>instr(x, y): the 1-based character position of the first y in x, 0 when absent.</summary>
    public static long Instr(string text, string pattern)
    {
        var at = text.IndexOf(pattern, StringComparison.Ordinal);
        return at < 0 ? 0 : TextKernels.CodePointLength(text[..at]) + 1;
    }

    /// <summary>instr on blobs: the 1-based byte position.</summary>
    public static long Instr(byte[] data, byte[] pattern)
    {
        var at = data.AsSpan().IndexOf(pattern);
        return at < 0 ? 0 : at + 1;
    }

    /// <summary>hex(x): upper-case hexadecimal of the blob, or of the text's UTF-8 bytes.</summary>
    public static string Hex(object value) =>
        Convert.ToHexString(value is byte[] b ? b : Encoding.UTF8.GetBytes(NumericText.ToText(value)));

    /// <summary>typeof(x) of a boxed SQL value.</summary>
    public static string TypeOf(object? value) => value switch
    {
        null => "null",
        long => "integer",
        double => "real",
        string => "text",
        _ => "blob",
    };
}
