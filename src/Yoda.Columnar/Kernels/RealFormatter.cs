using System.Globalization;

namespace Yoda.Columnar.Kernels;

/// <summary>
/// Renders a REAL as text the way SQLite 3.53 does (<c>%!.17g</c>): the digits of
/// <see cref="FpDecoder"/> at 17 significant digits (a run of trailing nines or zeros dropped when
/// the shorter form reads back as the same double), and there is always a decimal point (1.0, 0.1, 1.0e+20, 32.020000457763672).
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
        var (digits, pointAt) = FpDecoder.Decode(a, Precision, 26);
        return (new string(digits), pointAt);
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
