using System.Globalization;
using System.Text;

namespace Yoda.Columnar.Kernels;

/// <summary>SQLite's conversions between text and numbers.</summary>
public static class NumericText
{
    /// <summary>
    /// The longest numeric prefix after leading spaces (SQLite's CAST/arithmetic reading):
    /// an INTEGER when it has no '.' or exponent and fits 64 bits, else a REAL; 0 when there is none.
    /// </summary>
    public static object ParsePrefix(string text)
    {
        var (end, isInteger, start) = ScanNumber(text);
        if (end == start)
        {
            return 0L;
        }

        var span = text.AsSpan(start, end - start);
        if (isInteger && long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        return double.Parse(span, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>CAST(text AS INTEGER): the longest integer prefix, saturating at the 64-bit range.</summary>
    public static long ToInteger(string text)
    {
        var i = SkipSpaces(text, 0);
        var start = i;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            i++;
        }

        var digitsStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == digitsStart)
        {
            return 0;
        }

        var span = text.AsSpan(start, i - start);
        return long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : text[start] == '-' ? long.MinValue : long.MaxValue;
    }

    /// <summary>SQLite's sqlite3_value_int64: NULL is 0, a REAL truncates (saturating), text and blobs read their integer prefix.</summary>
    public static long IntegerOf(object? value) => value switch
    {
        long l => l,
        double d => RealKernels.ToInt64(d),
        string s => ToInteger(s),
        byte[] b => ToInteger(Encoding.UTF8.GetString(b)),
        _ => 0,
    };

    /// <summary>SQLite's sqlite3_value_double: NULL is 0.0, text and blobs read their numeric prefix.</summary>
    public static double RealOf(object? value) => value switch
    {
        long l => l,
        double d => d,
        string s => ToReal(s),
        byte[] b => ToReal(Encoding.UTF8.GetString(b)),
        _ => 0.0,
    };

    /// <summary>CAST(text AS REAL): the longest numeric prefix as a REAL.</summary>
    public static double ToReal(string text) => ParsePrefix(text) switch
    {
        long l => l,
        var d => (double)d,
    };

    /// <summary>
    /// Numeric affinity: the value as INTEGER or REAL when the whole text (spaces aside) is a
    /// well-formed number, else <see langword="null"/> (the text stays text).
    /// </summary>
    public static object? TryWellFormed(string text)
    {
        var (end, _, start) = ScanNumber(text);
        if (end == start || SkipSpaces(text, end) != text.Length)
        {
            return null;
        }

        return IntegralIfExact(ParsePrefix(text));
    }

    /// <summary>
    /// What SUM, TOTAL and AVG add for a text (sqlite3_value_numeric_type, then the value): an INTEGER
    /// when the whole text (spaces aside) is an integer that fits 64 bits, else its numeric prefix as a REAL.
    /// </summary>
    public static object SummandOf(string text) => IsIntegerSummand(text, out var integer) ? (object)integer : ToReal(text);

    /// <summary>True, with the value, when SUM, TOTAL and AVG add <paramref name="text"/> as an INTEGER (see <see cref="SummandOf"/>).</summary>
    public static bool IsIntegerSummand(string text, out long value)
    {
        var (end, isInteger, start) = ScanNumber(text);
        value = 0;
        return end > start && SkipSpaces(text, end) == text.Length && isInteger
            && long.TryParse(text.AsSpan(start, end - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>CAST(x AS NUMERIC) of text: the numeric prefix, as an INTEGER when the value is integral and fits.</summary>
    public static object ToNumeric(string text) => IntegralIfExact(ParsePrefix(text));

    /// <summary>A REAL with an exact 64-bit integer value becomes that INTEGER (SQLite's integer affinity step).</summary>
    public static object IntegralIfExact(object value) =>
        value is double d && IsExactInteger(d) ? (long)d : value;

    /// <summary>
    /// Whether a REAL is an integer in the 64-bit range [-2^63, 2^63): then it converts to a long
    /// exactly and equals that INTEGER as SQLite compares them, so keys and hashes must treat both alike.
    /// </summary>
    public static bool IsExactInteger(double d) =>
        d == Math.Floor(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0;

    public static string ToText(object value) => value switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => RealFormatter.Format(d),
        string s => s,
        byte[] b => Encoding.UTF8.GetString(b),
        _ => throw new ArgumentException("not a SQL value", nameof(value)),
    };

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static (int End, bool IsInteger, int Start) ScanNumber(string text)
    {
        var start = SkipSpaces(text, 0);
        var i = start;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            i++;
        }

        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }

        var isInteger = true;
        if (i < text.Length && text[i] == '.')
        {
            var j = i + 1;
            var fraction = 0;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
                fraction++;
            }

            if (digits + fraction > 0)
            {
                i = j;
                digits += fraction;
                isInteger = false;
            }
        }

        if (digits == 0)
        {
            return (start, true, start);
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            var j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-'))
            {
                j++;
            }

            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                while (j < text.Length && char.IsAsciiDigit(text[j]))
                {
                    j++;
                }

                i = j;
                isInteger = false;
            }
        }

        return (i, isInteger, start);
    }
}
