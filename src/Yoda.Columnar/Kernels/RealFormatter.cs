using System.Globalization;

namespace Yoda.Columnar.Kernels;

/// <summary>Renders a REAL as SQLite's <c>%!.15g</c>: 15 significant digits, always a decimal point (1.0, 1.0e+20).</summary>
public static class RealFormatter
{
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

        // "d.ddddddddddddddE+xxx": 15 significant digits, correctly rounded.
        var e = value.ToString("E14", CultureInfo.InvariantCulture);
        var negative = e[0] == '-';
        var body = negative ? e[1..] : e;
        var exponentAt = body.IndexOf('E');
        var digits = (body[0] + body[2..exponentAt]).TrimEnd('0');
        var exponent = int.Parse(body.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string text;
        if (exponent < -4 || exponent >= 15)
        {
            var mantissa = digits.Length == 1 ? digits + ".0" : digits[0] + "." + digits[1..];
            text = mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (exponent < 0)
        {
            text = "0." + new string('0', -exponent - 1) + digits;
        }
        else if (digits.Length <= exponent + 1)
        {
            text = digits + new string('0', exponent + 1 - digits.Length) + ".0";
        }
        else
        {
            text = digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
        }

        return negative ? "-" + text : text;
    }
}
