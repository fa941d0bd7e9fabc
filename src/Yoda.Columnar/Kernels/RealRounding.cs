using System.Globalization;

namespace Yoda.Columnar.Kernels;

/// <summary>SQLite's round(x, n): half away from zero on the decimal digits SQLite's printf would produce.</summary>
public static class RealRounding
{
    public static double Round(double r, int digits)
    {
        digits = Math.Clamp(digits, 0, 30);
        if (double.IsNaN(r) || double.IsInfinity(r))
        {
            return r;
        }

        if (digits == 0 && Math.Abs(r) < 9.2233720368547758e18 - 1)
        {
            var whole = (double)(long)(Math.Abs(r) + 0.5);
            return r < 0 ? -whole : whole;
        }

        // 18 significant digits, then half-up at the requested decimal place (as %!.*f does).
        var e = Math.Abs(r).ToString("E17", CultureInfo.InvariantCulture);
        var exponentAt = e.IndexOf('E');
        var mantissa = e[0] + e[2..exponentAt];
        var pointAt = int.Parse(e.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) + 1;
        var keep = pointAt + digits;
        if (keep >= mantissa.Length)
        {
            return r;
        }

        if (keep < 0)
        {
            return r < 0 ? -0.0 : 0.0;
        }

        var kept = keep == 0 ? 0m : decimal.Parse(mantissa[..keep], CultureInfo.InvariantCulture);
        if (mantissa[keep] >= '5')
        {
            kept += 1;
        }

        var rounded = double.Parse($"{kept.ToString(CultureInfo.InvariantCulture)}E{pointAt - keep}", CultureInfo.InvariantCulture);
        return r < 0 ? -rounded : rounded;
    }
}
