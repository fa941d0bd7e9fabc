namespace Yoda.Columnar.Execution.DateTimes;

/// <summary>
/// One modifier of a date function, read once from its text (SQLite's parseModifier split into
/// reading and applying): what it does depends only on its text and its position, whether it
/// succeeds may also depend on the value it is applied to ('unixepoch' needs a raw number).
/// </summary>
internal readonly record struct DateModifier(DateModifier.Op Kind, double Number = 0, int Unit = 0, int Years = 0, int Months = 0, int Days = 0, long DeltaMs = 0)
{
    public enum Op
    {
        Invalid,
        Auto,
        Ceiling,
        Floor,
        JulianDay,
        LocalTime,
        UnixEpoch,
        Utc,
        Weekday,
        StartOfMonth,
        StartOfYear,
        StartOfDay,
        Subsec,
        AddDate,
        AddTime,
        AddUnits,
    }

    private static readonly (string Name, double Limit, double Factor)[] Units =
    [
        ("second", (float)4.6427e+14, 1.0),
        ("minute", (float)7.7379e+12, 60.0),
        ("hour", (float)1.2897e+11, 3600.0),
        ("day", 5373485.0, 86400.0),
        ("month", 176546.0, 2592000.0),
        ("year", 14713.0, 31536000.0),
    ];

    /// <summary>The modifier written <paramref name="text"/> as argument <paramref name="index"/> (1 for the first modifier).</summary>
    public static DateModifier Parse(string text, int index)
    {
        var z = TimeValueParser.CString(text);
        var invalid = new DateModifier(Op.Invalid);
        if (z.IsEmpty)
        {
            return invalid;
        }

        switch (char.ToLowerInvariant(z[0]))
        {
            case 'a':
                return Is(z, "auto") && index <= 1 ? new(Op.Auto) : invalid;
            case 'c':
                return Is(z, "ceiling") ? new(Op.Ceiling) : invalid;
            case 'f':
                return Is(z, "floor") ? new(Op.Floor) : invalid;
            case 'j':
                return Is(z, "julianday") && index <= 1 ? new(Op.JulianDay) : invalid;
            case 'l':
                return Is(z, "localtime") ? new(Op.LocalTime) : invalid;
            case 'u':
                return Is(z, "unixepoch") ? index <= 1 ? new(Op.UnixEpoch) : invalid
                    : Is(z, "utc") ? new(Op.Utc) : invalid;
            case 'w':
                return z.Length > 8 && z[..8].Equals("weekday ", StringComparison.OrdinalIgnoreCase)
                    && TimeValueParser.TryWholeNumber(z[8..], out var day) && day is >= 0.0 and < 7.0 && (int)day == day
                    ? new(Op.Weekday, Unit: (int)day)
                    : invalid;
            case 's':
                if (z.Length >= 9 && z[..9].Equals("start of ", StringComparison.OrdinalIgnoreCase))
                {
                    var what = z[9..];
                    return Is(what, "month") ? new(Op.StartOfMonth) : Is(what, "year") ? new(Op.StartOfYear) : Is(what, "day") ? new(Op.StartOfDay) : invalid;
                }

                return Is(z, "subsec") || Is(z, "subsecond") ? new(Op.Subsec) : invalid;
            case '+' or '-' or (>= '0' and <= '9'):
                return ParseArithmetic(z);
            default:
                return invalid;
        }
    }

    private static bool Is(ReadOnlySpan<char> text, string word) => text.Equals(word, StringComparison.OrdinalIgnoreCase);

    private static DateModifier ParseArithmetic(ReadOnlySpan<char> z)
    {
        var invalid = new DateModifier(Op.Invalid);
        Span<int> v = stackalloc int[3];
        var n = 1;
        for (; n < z.Length; n++)
        {
            if (z[n] == ':' || TimeValueParser.IsSpace(z[n]))
            {
                break;
            }

            if (z[n] == '-' && ((n == 5 && TimeValueParser.GetDigits(z[1..], "40f", v) == 1) || (n == 6 && TimeValueParser.GetDigits(z[1..], "50f", v) == 1)))
            {
                break;
            }
        }

        if (!TimeValueParser.TryWholeNumber(z[..n], out var r))
        {
            return invalid;
        }

        var sign = z[0];
        if (TimeValueParser.At(z, n) == '-')
        {
            if (sign is not ('+' or '-'))
            {
                return invalid;
            }

            if (TimeValueParser.GetDigits(z[1..], n == 5 ? "40f-20a-20d" : "50f-20a-20d", v) != 3 || v[1] >= 12 || v[2] >= 31)
            {
                return invalid;
            }

            var date = n == 5 ? z : z[1..];
            var negative = sign == '-';
            var added = new DateModifier(Op.AddDate, Years: negative ? -v[0] : v[0], Months: negative ? -v[1] : v[1], Days: negative ? -v[2] : v[2]);
            if (TimeValueParser.At(date, 11) == '\0')
            {
                return added;
            }

            if (!TimeValueParser.IsSpace(date[11]) || TimeValueParser.GetDigits(date[12..], "20c:20e", v) != 2)
            {
                return invalid;
            }

            return TimeDelta(date[12..], negative) is { } both ? added with { DeltaMs = both, Unit = 1 } : invalid;
        }

        if (TimeValueParser.At(z, n) == ':')
        {
            return TimeDelta(TimeValueParser.IsDigit(z[0]) ? z : z[1..], sign == '-') is { } delta ? new(Op.AddTime, DeltaMs: delta) : invalid;
        }

        var unit = z[n..].TrimStart(" \t\n\v\f\r");
        var length = unit.Length;
        if (length is < 3 or > 10)
        {
            return invalid;
        }

        if (char.ToLowerInvariant(unit[length - 1]) == 's')
        {
            length--;
        }

        for (var i = 0; i < Units.Length; i++)
        {
            if (Units[i].Name.Length == length && unit[..length].Equals(Units[i].Name, StringComparison.OrdinalIgnoreCase)
                && r > -Units[i].Limit && r < Units[i].Limit)
            {
                return new(Op.AddUnits, Number: r, Unit: i);
            }
        }

        return invalid;
    }

    /// <summary>The milliseconds into the day of a <c>HH:MM[:SS.FFF]</c> modifier, negated after a '-'.</summary>
    private static long? TimeDelta(ReadOnlySpan<char> time, bool negative)
    {
        var t = default(DateTimeState);
        if (!TimeValueParser.TryParseTime(time, ref t))
        {
            return null;
        }

        t.ComputeJulian();
        t.JulianMs -= 43200000;
        var day = t.JulianMs / 86400000;
        t.JulianMs -= day * 86400000;
        return negative ? -t.JulianMs : t.JulianMs;
    }

    /// <summary>Applies the modifier; false makes the function's result NULL.</summary>
    public bool Apply(ref DateTimeState p)
    {
        switch (Kind)
        {
            case Op.Auto:
                AutoAdjust(ref p);
                return true;
            case Op.Ceiling:
                p.ComputeJulian();
                p.ClearYmdHmsZone();
                p.FloorDays = 0;
                return true;
            case Op.Floor:
                p.ComputeJulian();
                p.JulianMs -= p.FloorDays * 86400000L;
                p.ClearYmdHmsZone();
                return true;
            case Op.JulianDay:
                if (!(p.ValidJulian && p.RawS))
                {
                    return false;
                }

                p.RawS = false;
                return true;
            case Op.LocalTime:
                if (!p.IsLocal)
                {
                    LocalTime.ToLocal(ref p);
                }

                p.IsUtc = false;
                p.IsLocal = true;
                return true;
            case Op.UnixEpoch:
                return UnixEpoch(ref p);
            case Op.Utc:
                if (!p.IsUtc)
                {
                    LocalTime.ToUtc(ref p);
                }

                return true;
            case Op.Weekday:
                p.ComputeYmdHms();
                p.ZoneMinutes = 0;
                p.ValidJulian = false;
                p.ComputeJulian();
                var weekday = (p.JulianMs + 129600000) / 86400000 % 7;
                if (weekday > Unit)
                {
                    weekday -= 7;
                }

                p.JulianMs += (Unit - weekday) * 86400000;
                p.ClearYmdHmsZone();
                return true;
            case Op.StartOfMonth or Op.StartOfYear or Op.StartOfDay:
                return StartOf(ref p);
            case Op.Subsec:
                p.UseSubsec = true;
                return true;
            case Op.AddDate:
                AddDate(ref p);
                return true;
            case Op.AddTime:
                p.ComputeJulian();
                p.ClearYmdHmsZone();
                p.JulianMs += DeltaMs;
                return true;
            case Op.AddUnits:
                AddUnits(ref p);
                return true;
            default:
                return false;
        }
    }

    private static void AutoAdjust(ref DateTimeState p)
    {
        if (!p.RawS || p.ValidJulian)
        {
            p.RawS = false;
        }
        else if (p.S >= -210866760000L && p.S <= 253402300000L + 799)
        {
            var r = p.S * 1000.0 + DateTimeState.UnixEpochJulianMs;
            p.ClearYmdHmsZone();
            p.JulianMs = (long)(r + 0.5);
            p.ValidJulian = true;
            p.RawS = false;
        }
    }

    private static bool UnixEpoch(ref DateTimeState p)
    {
        if (!p.RawS)
        {
            return false;
        }

        var r = p.S * 1000.0 + DateTimeState.UnixEpochJulianMs;
        if (!(r >= 0.0 && r < 464269060800000.0))
        {
            return false;
        }

        p.ClearYmdHmsZone();
        p.JulianMs = (long)(r + 0.5);
        p.ValidJulian = true;
        p.RawS = false;
        return true;
    }

    private bool StartOf(ref DateTimeState p)
    {
        if (!p.ValidJulian && !p.ValidYmd && !p.ValidHms)
        {
            return false;
        }

        p.ComputeYmd();
        p.ValidHms = true;
        p.H = p.Minute = 0;
        p.S = 0.0;
        p.RawS = false;
        p.ZoneMinutes = 0;
        p.ValidJulian = false;
        if (Kind != Op.StartOfDay)
        {
            p.D = 1;
        }

        if (Kind == Op.StartOfYear)
        {
            p.M = 1;
        }

        return true;
    }

    private void AddDate(ref DateTimeState p)
    {
        p.ComputeYmdHms();
        p.ValidJulian = false;
        p.Y += Years;
        p.M += Months;
        NormalizeMonth(ref p);
        p.ComputeFloor();
        p.ComputeJulian();
        p.ValidHms = false;
        p.ValidYmd = false;
        p.JulianMs += Days * 86400000L;
        if (Unit == 1)
        {
            p.ComputeJulian();
            p.ClearYmdHmsZone();
            p.JulianMs += DeltaMs;
        }
    }

    private static void NormalizeMonth(ref DateTimeState p)
    {
        var x = p.M > 0 ? (p.M - 1) / 12 : (p.M - 12) / 12;
        p.Y += x;
        p.M -= x * 12;
    }

    private void AddUnits(ref DateTimeState p)
    {
        var r = Number;
        p.ComputeJulian();
        var rounder = r < 0 ? -0.5 : 0.5;
        p.FloorDays = 0;
        if (Unit is 4 or 5)
        {
            p.ComputeYmdHms();
            if (Unit == 4)
            {
                p.M += (int)r;
                NormalizeMonth(ref p);
            }
            else
            {
                p.Y += (int)r;
            }

            p.ComputeFloor();
            p.ValidJulian = false;
            r -= (int)r;
        }

        p.ComputeJulian();
        p.JulianMs += (long)(r * 1000.0 * Units[Unit].Factor + rounder);
        p.ClearYmdHmsZone();
    }
}
