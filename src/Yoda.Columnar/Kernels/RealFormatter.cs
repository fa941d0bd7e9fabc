using System.Globalization;

namespace Yoda.Columnar.Kernels;

/// <summary>
/// Renders a REAL as text the way SQLite 3.53 does (<c>%!.17g</c> with its shortening rules):
/// 18 significant digits are decoded, a run of trailing nines or zeros is dropped when the shorter
/// form reads back as the same double, the rest is rounded half-up to 17 digits, and there is
/// always a decimal point (1.0, 0.1, 1.0e+20, 32.020000457763672).
/// </summary>
public static class RealFormatter
{
    private const int Precision = 17;

    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Inf" : "-Inf";
        }

        if (value == 0)
        {
            return "0.0";
        }

        var (digits, pointAt) = Decode(Math.Abs(value));
        var text = Layout(digits, pointAt - 1);
        return value < 0 ? "-" + text : text;
    }

    /// <summary>The significant digits (no trailing zeros) and the decimal point position: value = 0.digits × 10^pointAt.</summary>
    private static (string Digits, int PointAt) Decode(double a)
    {
        var e = a.ToString("E17", CultureInfo.InvariantCulture);
        var exponentAt = e.IndexOf('E');
        var d = (e[0] + e[2..exponentAt]).ToCharArray();
        var pointAt = int.Parse(e.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) + 1;
        var round = Precision;
        if (d[15] == '9' && d[14] == '9')
        {
            var jj = 14;
            while (jj > 0 && d[jj - 1] == '9')
            {
                jj--;
            }

            var bumped = jj > 0 ? long.Parse(new string(d, 0, jj), CultureInfo.InvariantCulture) + 1 : 1;
            if (ReadsBackAs(bumped.ToString(CultureInfo.InvariantCulture), pointAt - jj, a))
            {
                round = jj + 1;
            }
        }
        else if (pointAt >= d.Length || (d[13] == '0' && d[14] == '0' && d[15] == '0'))
        {
            var jj = 13;
            while (d[jj - 1] == '0')
            {
                jj--;
            }

            if (ReadsBackAs(new string(d, 0, jj), pointAt - jj, a))
            {
                round = jj + 1;
            }
        }

        var n = round;
        var digits = new string(d, 0, n);
        if (d[n] >= '5')
        {
            var carried = RoundUp(digits);
            pointAt += carried.Length - digits.Length;
            digits = carried;
        }

        return (digits.TrimEnd('0'), pointAt);
    }

    private static bool ReadsBackAs(string mantissa, int exponent, double a) =>
        double.Parse($"{mantissa}E{exponent}", CultureInfo.InvariantCulture) == a;

    private static string RoundUp(string digits)
    {
        var chars = digits.ToCharArray();
        for (var j = chars.Length - 1; j >= 0; j--)
        {
            if (chars[j] != '9')
            {
                chars[j]++;
                return new string(chars);
            }

            chars[j] = '0';
        }

        return "1" + new string(chars);
    }

    private static string Layout(string digits, int exponent)
    {
        if (exponent < -4 || exponent > Precision - 1)
        {
            var mantissa = digits.Length == 1 ? digits + ".0" : digits[0] + "." + digits[1..];
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }

        if (exponent < 0)
        {
            return "0." + new string('0', -exponent - 1) + digits;
        }

        return digits.Length <= exponent + 1
            ? digits + new string('0', exponent + 1 - digits.Length) + ".0"
            : digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }
}
