using System.Text;

namespace Yoda.Columnar.Kernels;

/// <summary>
/// The %f, %e, %E, %g and %G conversions of SQLite's printf: the value is decoded and rounded
/// as SQLite does it (<see cref="FpDecoder"/>: at most 16 significant digits, 26 with the '!' flag),
/// then laid out with SQLite's rules for signs, zero padding, thousands separators
/// and trailing zeros. Infinity prints as "Inf" (as 9.0e+999 with the '0' flag), NaN as "NaN".
/// </summary>
internal static class PrintfReal
{
    public readonly record struct Options(
        long Precision, long Width, byte PrefixFlag, bool AlternateForm, bool AltForm2, bool ZeroPad, bool LeftJustify, bool Thousands);

    private readonly record struct Decoded(int Special, bool Negative, char[] Digits, int Count, int PointAt);

    public static byte[] Format(double value, char conversion, Options o)
    {
        var precision = o.Precision < 0 ? 6 : o.Precision;
        var type = conversion is 'f' ? 'f' : conversion is 'e' or 'E' ? 'e' : 'g';
        if (type == 'g' && precision == 0)
        {
            precision = 1;
        }

        var round = type switch { 'f' => -precision, 'g' => precision, _ => precision + 1 };
        var s = Decode(value, round, o.AltForm2 ? 26 : 16);
        if (s.Special == 2)
        {
            return Encoding.ASCII.GetBytes(o.ZeroPad ? "null" : "NaN");
        }

        if (s.Special == 1 && !o.ZeroPad)
        {
            var sign = s.Negative ? "-" : o.PrefixFlag != 0 ? ((char)o.PrefixFlag).ToString() : string.Empty;
            return Encoding.ASCII.GetBytes(sign + "Inf");
        }

        if (s.Special == 1)
        {
            s = s with { Digits = ['9'], Count = 1, PointAt = 1000 };
        }

        byte prefix = s.Negative
            ? (o.AlternateForm && o.PrefixFlag == 0 && type == 'f' && s.PointAt <= round ? (byte)0 : (byte)'-')
            : o.PrefixFlag;
        var exponent = s.PointAt - 1;
        bool removeTrailingZeros;
        if (type == 'g')
        {
            precision--;
            removeTrailingZeros = !o.AlternateForm;
            if (exponent < -4 || exponent > precision)
            {
                type = 'e';
            }
            else
            {
                precision -= exponent;
                type = 'f';
            }
        }
        else
        {
            removeTrailingZeros = o.AltForm2;
        }

        if (Math.Max(exponent, 0) + precision + o.Width > 1_000_000_000)
        {
            throw new YodaException("string or blob too big");
        }

        var text = new StringBuilder();
        if (prefix != 0)
        {
            text.Append((char)prefix);
        }

        var e2 = type == 'e' ? 0 : s.PointAt - 1;
        var j = 0;
        if (e2 < 0)
        {
            text.Append('0');
        }
        else
        {
            for (; e2 >= 0; e2--)
            {
                text.Append(j < s.Count ? s.Digits[j++] : '0');
                if (o.Thousands && e2 % 3 == 0 && e2 > 1)
                {
                    text.Append(',');
                }
            }
        }

        var withPoint = precision > 0 || o.AlternateForm || o.AltForm2;
        if (withPoint)
        {
            text.Append('.');
        }

        for (e2++; e2 < 0 && precision > 0; precision--, e2++)
        {
            text.Append('0');
        }

        while (precision-- > 0)
        {
            text.Append(j < s.Count ? s.Digits[j++] : '0');
        }

        if (removeTrailingZeros && withPoint)
        {
            while (text[^1] == '0')
            {
                text.Length--;
            }

            if (text[^1] == '.')
            {
                if (o.AltForm2)
                {
                    text.Append('0');
                }
                else
                {
                    text.Length--;
                }
            }
        }

        if (type == 'e')
        {
            var e = s.Digits[0] == '0' && s.Count == 1 ? 0 : s.PointAt - 1;
            text.Append(conversion is 'E' or 'G' ? 'E' : 'e');
            text.Append(e < 0 ? '-' : '+');
            e = Math.Abs(e);
            if (e >= 100)
            {
                text.Append((char)('0' + (e / 100)));
                e %= 100;
            }

            text.Append((char)('0' + (e / 10))).Append((char)('0' + (e % 10)));
        }

        if (o.ZeroPad && !o.LeftJustify && text.Length < o.Width)
        {
            text.Insert(prefix != 0 ? 1 : 0, new string('0', (int)(o.Width - text.Length)));
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>SQLite's sqlite3FpDecode: significant digits rounded at <paramref name="round"/> (negative: decimal places).</summary>
    private static Decoded Decode(double r, long round, int maxRound)
    {
        if (double.IsNaN(r))
        {
            return new Decoded(2, false, [], 0, 0);
        }

        if (double.IsInfinity(r))
        {
            return new Decoded(1, r < 0, [], 0, 0);
        }

        if (r == 0)
        {
            return new Decoded(0, false, ['0'], 1, 1);
        }

        var (digits, pointAt) = FpDecoder.Decode(Math.Abs(r), round, maxRound);
        return new Decoded(0, r < 0, digits, digits.Length, pointAt);
    }
}
