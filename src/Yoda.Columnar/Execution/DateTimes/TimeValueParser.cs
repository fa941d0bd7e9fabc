using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.DateTimes;

/// <summary>
/// Reads a time value as SQLite's date.c does: <c>[-]YYYY-MM-DD</c> with an optional time after
/// spaces or 'T', <c>HH:MM[:SS[.F…]]</c> alone, each with an optional <c>±HH:MM</c> or <c>Z</c>
/// zone; 'now'; 'subsec'/'subsecond' (now, shown to the millisecond); or a number (a julian day,
/// or seconds for 'unixepoch'/'auto'). Text ends at its first NUL character, as a C string does.
/// </summary>
internal static class TimeValueParser
{
    private static readonly int[] Maxima = [12, 14, 24, 31, 59, 14712];

    public static bool TryParse(ReadOnlySpan<char> text, long nowJulianMs, ref DateTimeState p)
    {
        text = CString(text);
        if (TryParseDate(text, ref p) || TryParseTime(text, ref p))
        {
            return true;
        }

        if (text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            p.SetNow(nowJulianMs);
            return true;
        }

        if (TryWholeNumber(text, out var r))
        {
            p.SetRawNumber(r);
            return true;
        }

        if (text.Equals("subsec", StringComparison.OrdinalIgnoreCase) || text.Equals("subsecond", StringComparison.OrdinalIgnoreCase))
        {
            p.UseSubsec = true;
            p.SetNow(nowJulianMs);
            return true;
        }

        return false;
    }

    public static ReadOnlySpan<char> CString(ReadOnlySpan<char> text)
    {
        var nul = text.IndexOf('\0');
        return nul < 0 ? text : text[..nul];
    }

    /// <summary>SQLite's sqlite3AtoF(...) &gt; 0: the whole text, spaces aside, is a number.</summary>
    public static bool TryWholeNumber(ReadOnlySpan<char> text, out double value)
    {
        switch (NumericText.TryWellFormed(text.ToString()))
        {
            case long l: value = l; return true;
            case double d: value = d; return true;
            default: value = 0; return false;
        }
    }

    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static char At(ReadOnlySpan<char> s, int i) => i < s.Length ? s[i] : '\0';

    /// <summary>
    /// SQLite's getDigits: fields of <c>digits</c> digits each, in [min, max of <c>maxCode</c>
    /// (a=12 b=14 c=24 d=31 e=59 f=14712)], each but the last followed by its separator.
    /// Returns how many fields converted.
    /// </summary>
    public static int GetDigits(ReadOnlySpan<char> s, string format, Span<int> values)
    {
        var count = 0;
        var at = 0;
        for (var f = 0; ; f += 4)
        {
            var digits = format[f] - '0';
            var min = format[f + 1] - '0';
            var max = Maxima[format[f + 2] - 'a'];
            var next = f + 3 < format.Length ? format[f + 3] : '\0';
            var value = 0;
            for (var k = 0; k < digits; k++)
            {
                var c = At(s, at);
                if (!IsDigit(c))
                {
                    return count;
                }

                value = value * 10 + c - '0';
                at++;
            }

            if (value < min || value > max || (next != '\0' && next != At(s, at)))
            {
                return count;
            }

            values[count++] = value;
            at++;
            if (next == '\0')
            {
                return count;
            }
        }
    }

    /// <summary>An optional zone <c>±HH:MM</c> or <c>Z</c>, then only spaces.</summary>
    private static bool TryParseZone(ReadOnlySpan<char> s, ref DateTimeState p)
    {
        var at = 0;
        while (IsSpace(At(s, at)))
        {
            at++;
        }

        p.ZoneMinutes = 0;
        var c = At(s, at);
        if (c is 'Z' or 'z')
        {
            at++;
            p.IsLocal = false;
            p.IsUtc = true;
        }
        else if (c is '+' or '-')
        {
            Span<int> v = stackalloc int[2];
            if (GetDigits(s[(at + 1)..], "20b:20e", v) != 2)
            {
                return false;
            }

            at += 6;
            p.ZoneMinutes = (c == '-' ? -1 : 1) * (v[1] + v[0] * 60);
            if (p.ZoneMinutes == 0)
            {
                p.IsLocal = false;
                p.IsUtc = true;
            }
        }
        else
        {
            return c == '\0';
        }

        while (IsSpace(At(s, at)))
        {
            at++;
        }

        return At(s, at) == '\0';
    }

    /// <summary><c>HH:MM[:SS[.F…]]</c> and an optional zone (SQLite's parseHhMmSs).</summary>
    public static bool TryParseTime(ReadOnlySpan<char> s, ref DateTimeState p)
    {
        Span<int> v = stackalloc int[2];
        if (GetDigits(s, "20c:20e", v) != 2)
        {
            return false;
        }

        var (h, m) = (v[0], v[1]);
        var at = 5;
        var seconds = 0;
        var fraction = 0.0;
        if (At(s, at) == ':')
        {
            at++;
            if (GetDigits(s[Math.Min(at, s.Length)..], "20e", v) != 1)
            {
                return false;
            }

            seconds = v[0];
            at += 2;
            if (At(s, at) == '.' && IsDigit(At(s, at + 1)))
            {
                var scale = 1.0;
                at++;
                while (IsDigit(At(s, at)))
                {
                    fraction = fraction * 10.0 + s[at] - '0';
                    scale *= 10.0;
                    at++;
                }

                fraction /= scale;
                if (fraction > 0.999)
                {
                    fraction = 0.999;
                }
            }
        }

        p.ValidJulian = false;
        p.RawS = false;
        p.ValidHms = true;
        p.H = h;
        p.Minute = m;
        p.S = seconds + fraction;
        return TryParseZone(s[Math.Min(at, s.Length)..], ref p);
    }

    private static bool TryParseDate(ReadOnlySpan<char> s, ref DateTimeState p)
    {
        var negative = At(s, 0) == '-';
        if (negative)
        {
            s = s[1..];
        }

        Span<int> v = stackalloc int[3];
        if (GetDigits(s, "40f-21a-21d", v) != 3)
        {
            return false;
        }

        var at = 10;
        while (IsSpace(At(s, at)) || At(s, at) == 'T')
        {
            at++;
        }

        var rest = s[Math.Min(at, s.Length)..];
        if (!TryParseTime(rest, ref p))
        {
            if (rest.Length != 0)
            {
                return false;
            }

            p.ValidHms = false;
        }

        p.ValidJulian = false;
        p.ValidYmd = true;
        p.Y = negative ? -v[0] : v[0];
        p.M = v[1];
        p.D = v[2];
        p.ComputeFloor();
        if (p.ZoneMinutes != 0)
        {
            p.ComputeJulian();
        }

        return true;
    }
}
