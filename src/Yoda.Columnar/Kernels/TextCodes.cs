using System.Globalization;
using System.Text;

namespace Yoda.Columnar.Kernels;

/// <summary>SQLite's char(), unicode() and quote().</summary>
public static class TextCodes
{
    /// <summary>char(x, ..): the characters of the code points; NULL reads as 0, out-of-range code points as U+FFFD.</summary>
    public static string Char(object?[] codePoints)
    {
        var text = new StringBuilder(codePoints.Length);
        foreach (var value in codePoints)
        {
            var codePoint = NumericText.IntegerOf(value);
            text.Append(codePoint is < 0 or > 0x10ffff or (>= 0xd800 and <= 0xdfff) ? "\ufffd" : char.ConvertFromUtf32((int)codePoint));
        }

        return text.ToString();
    }

    /// <summary>unicode(x): the code point of the first character of x as text; NULL for NULL or the empty string.</summary>
    public static object? Unicode(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = value is byte[] b ? Encoding.UTF8.GetString(b) : NumericText.ToText(value);
        return text.Length == 0 ? null : (long)char.ConvertToUtf32(text, 0);
    }

    /// <summary>quote(x): an SQL literal of x; a REAL as CAST(x AS TEXT) renders it, an infinity as 9.0e+999.</summary>
    public static string Quote(object? value) => value switch
    {
        null => "NULL",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => QuoteReal(d),
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        byte[] b => "X'" + Convert.ToHexString(b) + "'",
        _ => throw new ArgumentException("not a SQL value", nameof(value)),
    };

    private static string QuoteReal(double value) =>
        double.IsInfinity(value) ? (value > 0 ? "9.0e+999" : "-9.0e+999") : RealFormatter.Format(value);
}
