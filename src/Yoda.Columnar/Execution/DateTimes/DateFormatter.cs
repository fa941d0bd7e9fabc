using System.Globalization;
using System.Text;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.DateTimes;

/// <summary>The texts of date(), time(), datetime(), strftime() and timediff(), laid out as SQLite's date.c lays them out.</summary>
internal static class DateFormatter
{
    public static string Date(ref DateTimeState p)
    {
        p.ComputeYmd();
        Span<char> buffer = stackalloc char[11];
        var at = WriteYear(buffer, p.Y);
        buffer[at++] = '-';
        at = Write2(buffer, at, p.M);
        buffer[at++] = '-';
        at = Write2(buffer, at, p.D);
        return new string(buffer[..at]);
    }

    public static string Time(ref DateTimeState p)
    {
        p.ComputeHms();
        Span<char> buffer = stackalloc char[12];
        return new string(buffer[..WriteTime(buffer, 0, ref p)]);
    }

    public static string DateTime(ref DateTimeState p)
    {
        p.ComputeYmdHms();
        Span<char> buffer = stackalloc char[24];
        var at = WriteYear(buffer, p.Y);
        buffer[at++] = '-';
        at = Write2(buffer, at, p.M);
        buffer[at++] = '-';
        at = Write2(buffer, at, p.D);
        buffer[at++] = ' ';
        return new string(buffer[..WriteTime(buffer, at, ref p)]);
    }

    public static double JulianDay(ref DateTimeState p) => p.JulianMs / 86400000.0;

    public static double UnixEpochWithSubsec(ref DateTimeState p) => (p.JulianMs - DateTimeState.UnixEpochJulianMs) / 1000.0;

    public static long UnixEpoch(ref DateTimeState p) => p.JulianMs / 1000 - DateTimeState.UnixEpochJulianMs / 1000;

    /// <summary>strftime's text, or null for an unknown conversion (SQLite returns NULL then).</summary>
    public static string? Strftime(string format, ref DateTimeState p, StringBuilder text)
    {
        text.Clear();
        p.ComputeJulian();
        p.ComputeYmdHms();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '\0')
            {
                break;
            }

            if (c != '%')
            {
                text.Append(c);
                continue;
            }

            var conversion = ++i < format.Length ? format[i] : '\0';
            if (!AppendConversion(text, conversion, ref p))
            {
                return null;
            }
        }

        return text.ToString();
    }

    private static bool AppendConversion(StringBuilder text, char conversion, ref DateTimeState p)
    {
        switch (conversion)
        {
            case 'd': AppendInt(text, p.D, 2, '0'); break;
            case 'e': AppendInt(text, p.D, 2, ' '); break;
            case 'f': AppendFixed(text, Math.Min(p.S, 59.999), 3, 6); break;
            case 'F':
                AppendInt(text, p.Y, 4, '0');
                text.Append('-');
                AppendInt(text, p.M, 2, '0');
                text.Append('-');
                AppendInt(text, p.D, 2, '0');
                break;
            case 'G' or 'g':
                var year = ThursdayOfWeek(ref p).Y;
                if (conversion == 'g')
                {
                    AppendInt(text, year % 100, 2, '0');
                }
                else
                {
                    AppendInt(text, year, 4, '0');
                }

                break;
            case 'H': AppendInt(text, p.H, 2, '0'); break;
            case 'k': AppendInt(text, p.H, 2, ' '); break;
            case 'I' or 'l':
                var hour = p.H > 12 ? p.H - 12 : p.H == 0 ? 12 : p.H;
                AppendInt(text, hour, 2, conversion == 'I' ? '0' : ' ');
                break;
            case 'j': AppendInt(text, p.DaysAfterJanuaryFirst + 1, 3, '0'); break;
            case 'J': AppendSixteenDigits(text, p.JulianMs / 86400000.0); break;
            case 'm': AppendInt(text, p.M, 2, '0'); break;
            case 'M': AppendInt(text, p.Minute, 2, '0'); break;
            case 'p': text.Append(p.H >= 12 ? "PM" : "AM"); break;
            case 'P': text.Append(p.H >= 12 ? "pm" : "am"); break;
            case 'R':
                AppendInt(text, p.H, 2, '0');
                text.Append(':');
                AppendInt(text, p.Minute, 2, '0');
                break;
            case 's':
                if (p.UseSubsec)
                {
                    AppendFixed(text, UnixEpochWithSubsec(ref p), 3, 0);
                }
                else
                {
                    text.Append(UnixEpoch(ref p).ToString(CultureInfo.InvariantCulture));
                }

                break;
            case 'S': AppendInt(text, (int)p.S, 2, '0'); break;
            case 'T':
                AppendInt(text, p.H, 2, '0');
                text.Append(':');
                AppendInt(text, p.Minute, 2, '0');
                text.Append(':');
                AppendInt(text, (int)p.S, 2, '0');
                break;
            case 'u':
                var isoDay = p.DaysAfterSunday;
                text.Append((char)('0' + (isoDay == 0 ? 7 : isoDay)));
                break;
            case 'w': text.Append((char)('0' + p.DaysAfterSunday)); break;
            case 'U': AppendInt(text, (p.DaysAfterJanuaryFirst - p.DaysAfterSunday + 7) / 7, 2, '0'); break;
            case 'V': AppendInt(text, ThursdayOfWeek(ref p).DaysAfterJanuaryFirst / 7 + 1, 2, '0'); break;
            case 'W': AppendInt(text, (p.DaysAfterJanuaryFirst - p.DaysAfterMonday + 7) / 7, 2, '0'); break;
            case 'Y': AppendInt(text, p.Y, 4, '0'); break;
            case '%': text.Append('%'); break;
            default: return false;
        }

        return true;
    }

    /// <summary>The Thursday of the ISO week holding <paramref name="p"/>, with its YMD computed.</summary>
    private static DateTimeState ThursdayOfWeek(ref DateTimeState p)
    {
        var thursday = p;
        thursday.JulianMs += (3 - p.DaysAfterMonday) * 86400000L;
        thursday.ValidYmd = false;
        thursday.ComputeYmd();
        return thursday;
    }

    /// <summary>timediff(d1, d2): the time to add to d2 to reach d1, as <c>±YYYY-MM-DD HH:MM:SS.SSS</c>.</summary>
    public static string TimeDiff(DateTimeState d1, DateTimeState d2)
    {
        d1.ComputeYmdHms();
        d2.ComputeYmdHms();
        char sign;
        int years, months;
        if (d1.JulianMs >= d2.JulianMs)
        {
            sign = '+';
            years = d1.Y - d2.Y;
            if (years != 0)
            {
                d2.Y = d1.Y;
                d2.ValidJulian = false;
                d2.ComputeJulian();
            }

            months = d1.M - d2.M;
            if (months < 0)
            {
                years--;
                months += 12;
            }

            if (months != 0)
            {
                d2.M = d1.M;
                d2.ValidJulian = false;
                d2.ComputeJulian();
            }

            while (d1.JulianMs < d2.JulianMs)
            {
                months--;
                if (months < 0)
                {
                    months = 11;
                    years--;
                }

                d2.M--;
                if (d2.M < 1)
                {
                    d2.M = 12;
                    d2.Y--;
                }

                d2.ValidJulian = false;
                d2.ComputeJulian();
            }

            d1.JulianMs -= d2.JulianMs;
        }
        else
        {
            sign = '-';
            years = d2.Y - d1.Y;
            if (years != 0)
            {
                d2.Y = d1.Y;
                d2.ValidJulian = false;
                d2.ComputeJulian();
            }

            months = d2.M - d1.M;
            if (months < 0)
            {
                years--;
                months += 12;
            }

            if (months != 0)
            {
                d2.M = d1.M;
                d2.ValidJulian = false;
                d2.ComputeJulian();
            }

            while (d1.JulianMs > d2.JulianMs)
            {
                months--;
                if (months < 0)
                {
                    months = 11;
                    years--;
                }

                d2.M++;
                if (d2.M > 12)
                {
                    d2.M = 1;
                    d2.Y++;
                }

                d2.ValidJulian = false;
                d2.ComputeJulian();
            }

            d1.JulianMs = d2.JulianMs - d1.JulianMs;
        }

        d1.JulianMs += 148699540800000;
        d1.ClearYmdHmsZone();
        d1.ComputeYmdHms();
        var text = new StringBuilder(24);
        text.Append(sign);
        AppendInt(text, years, 4, '0');
        text.Append('-');
        AppendInt(text, months, 2, '0');
        text.Append('-');
        AppendInt(text, d1.D - 1, 2, '0');
        text.Append(' ');
        AppendInt(text, d1.H, 2, '0');
        text.Append(':');
        AppendInt(text, d1.Minute, 2, '0');
        text.Append(':');
        AppendFixed(text, d1.S, 3, 6);
        return text.ToString();
    }

    private static PrintfReal.Options Printf(long precision, long width) => new(precision, width, 0, false, false, width > 0, false, false);

    private static void AppendFixed(StringBuilder text, double value, int precision, int width) =>
        text.Append(Encoding.ASCII.GetString(PrintfReal.Format(value, 'f', Printf(precision, width))));

    /// <summary>
    /// printf's %.16g of a julian day (not negative), rounded once from the exact binary value as
    /// SQLite's decoder does (rounding a 17-digit rendering again can be off by one in the 16th digit).
    /// </summary>
    private static void AppendSixteenDigits(StringBuilder text, double value)
    {
        if (value == 0)
        {
            text.Append('0');
            return;
        }

        var e = value.ToString("E15", CultureInfo.InvariantCulture);
        var digits = (e[0] + e[2..17]).TrimEnd('0');
        var exponent = int.Parse(e.AsSpan(18), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent is < -4 or > 15)
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits, 1, digits.Length - 1);
            }

            text.Append(exponent < 0 ? "e-" : "e+").Append(Math.Abs(exponent).ToString("D2", CultureInfo.InvariantCulture));
        }
        else if (exponent < 0)
        {
            text.Append("0.").Append('0', -exponent - 1).Append(digits);
        }
        else
        {
            var integral = Math.Min(digits.Length, exponent + 1);
            text.Append(digits, 0, integral).Append('0', exponent + 1 - integral);
            if (digits.Length > integral)
            {
                text.Append('.').Append(digits, integral, digits.Length - integral);
            }
        }
    }

    /// <summary>printf's %0Nd (pad '0') or %Nd (pad ' '): the sign comes before zero padding.</summary>
    private static void AppendInt(StringBuilder text, int value, int width, char pad)
    {
        Span<char> digits = stackalloc char[12];
        value.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
        var negative = value < 0;
        if (negative && pad == '0')
        {
            text.Append('-');
            text.Append('0', Math.Max(0, width - length));
            text.Append(digits[1..length]);
            return;
        }

        text.Append(pad, Math.Max(0, width - length));
        text.Append(digits[..length]);
    }

    /// <summary>SQLite's year: four digits of its magnitude, '-' before a negative one.</summary>
    private static int WriteYear(Span<char> buffer, int year)
    {
        var at = 0;
        if (year < 0)
        {
            buffer[at++] = '-';
        }

        var y = Math.Abs(year);
        buffer[at++] = (char)('0' + y / 1000 % 10);
        buffer[at++] = (char)('0' + y / 100 % 10);
        buffer[at++] = (char)('0' + y / 10 % 10);
        buffer[at++] = (char)('0' + y % 10);
        return at;
    }

    private static int Write2(Span<char> buffer, int at, int value)
    {
        buffer[at] = (char)('0' + value / 10 % 10);
        buffer[at + 1] = (char)('0' + value % 10);
        return at + 2;
    }

    private static int WriteTime(Span<char> buffer, int at, ref DateTimeState p)
    {
        at = Write2(buffer, at, p.H);
        buffer[at++] = ':';
        at = Write2(buffer, at, p.Minute);
        buffer[at++] = ':';
        if (p.UseSubsec)
        {
            var ms = (int)(1000.0 * p.S + 0.5);
            buffer[at++] = (char)('0' + ms / 10000 % 10);
            buffer[at++] = (char)('0' + ms / 1000 % 10);
            buffer[at++] = '.';
            buffer[at++] = (char)('0' + ms / 100 % 10);
            buffer[at++] = (char)('0' + ms / 10 % 10);
            buffer[at++] = (char)('0' + ms % 10);
            return at;
        }

        return Write2(buffer, at, (int)p.S);
    }
}
