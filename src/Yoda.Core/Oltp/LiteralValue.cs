using System.Buffers;
using System.Globalization;

namespace Yoda.Oltp;

/// <summary>
/// The value SQLite reads from a literal (optionally signed), for the literals whose value is
/// beyond doubt; see <see cref="LiteralParameterizer"/> for what is left as text.
/// </summary>
internal static class LiteralValue
{
    /// <summary>Up to this many significant digits and this power of ten, a decimal real is one exact integer times or over one exact power of ten: one rounding, the same in every correct parser.</summary>
    private const int MaxRealDigits = 15;

    private const int MaxRealPowerOfTen = 22;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Reads the literal starting with <paramref name="token"/>; <paramref name="end"/> is the index past it.</summary>
    public static bool TryRead(string sql, SqlToken token, out Literal value, out int end)
    {
        value = Literal.Null;
        end = token.End;
        switch (token.Kind)
        {
            case SqlTokenKind.String:
                return TryReadText(sql, token.Start + 1, token.End - token.Start - 2, out value);
            case SqlTokenKind.Blob:
                return TryReadBlob(sql, token.Start + 2, token.End - token.Start - 3, out value);
            case SqlTokenKind.Word when token.IsWord(sql, "NULL"):
                return true;
            case SqlTokenKind.Number:
                return TryReadNumber(sql.AsSpan(token.Start, token.End - token.Start), negate: false, out value);
            case SqlTokenKind.Symbol when token.IsSymbol(sql, '-') || token.IsSymbol(sql, '+'):
                var number = SqlToken.Next(sql, token.End);
                end = number.End;
                return number.Kind == SqlTokenKind.Number
                       && TryReadNumber(sql.AsSpan(number.Start, number.End - number.Start), negate: sql[token.Start] == '-', out value);
            default:
                return false;
        }
    }

    private static bool TryReadText(string sql, int start, int length, out Literal value)
    {
        value = Literal.Null;
        var quoted = sql.AsSpan(start, length);
        foreach (var c in quoted)
        {
            if (c == '\0' || char.IsSurrogate(c))
            {
                return false;
            }
        }

        value = new Literal(quoted.Contains('\'') ? LiteralKind.EscapedText : LiteralKind.Text, Start: start, Length: length);
        return true;
    }

    private static bool TryReadBlob(string sql, int start, int length, out Literal value)
    {
        value = Literal.Null;
        var hex = sql.AsSpan(start, length);
        if (hex.IsEmpty || hex.Length % 2 != 0 || hex.ContainsAnyExcept(HexDigits))
        {
            return false;
        }

        value = new Literal(LiteralKind.Blob, Start: start, Length: length);
        return true;
    }

    private static bool TryReadNumber(ReadOnlySpan<char> text, bool negate, out Literal value)
    {
        value = Literal.Null;
        if (text.IndexOfAny('.', 'e', 'E') < 0)
        {
            // Beyond 64 bits SQLite reads an integer literal as a REAL; -9223372036854775808 stays text too.
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
            {
                return false;
            }

            value = new Literal(LiteralKind.Integer, Integer: negate ? -integer : integer);
            return true;
        }

        if (!IsExactlyRounded(text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return false;
        }

        value = new Literal(LiteralKind.Real, Real: negate ? -real : real);
        return true;
    }

    /// <summary>Whether the decimal real is a whole number of at most 15 digits times 10^k with |k| ≤ 22.</summary>
    private static bool IsExactlyRounded(ReadOnlySpan<char> text)
    {
        var exponentAt = text.IndexOfAny('e', 'E');
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var power = 0;
        if (exponentAt >= 0)
        {
            var exponent = text[(exponentAt + 1)..];
            if (exponent.Length > 6 || !int.TryParse(exponent, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out power))
            {
                return false;
            }
        }

        var dot = mantissa.IndexOf('.');
        if (dot >= 0)
        {
            power -= mantissa.Length - dot - 1;
        }

        var first = -1;
        var last = -1;
        var digits = 0;
        for (var i = 0; i < mantissa.Length; i++)
        {
            if (mantissa[i] == '.')
            {
                continue;
            }

            if (mantissa[i] != '0')
            {
                first = first < 0 ? digits : first;
                last = digits;
            }

            digits++;
        }

        if (first < 0)
        {
            return true; // zero
        }

        power += digits - 1 - last; // trailing zeros move into the power of ten
        return last - first + 1 <= MaxRealDigits && Math.Abs(power) <= MaxRealPowerOfTen;
    }
}
