namespace Yoda.Columnar.Execution.DateTimes;

/// <summary>
/// The date-time value SQLite's date functions work on (its date.c <c>DateTime</c>): a julian day
/// number in milliseconds and/or broken-down fields, each part valid or not, computed from the other
/// on demand with SQLite's exact integer and floating-point steps (Meeus' algorithms, the Gregorian
/// calendar for every year).
/// </summary>
internal struct DateTimeState
{
    /// <summary>Julian day number times 86,400,000 of 9999-12-31 23:59:59.999, the largest SQLite accepts.</summary>
    public const long MaxJulianMs = 464269060799999;

    /// <summary>The julian day (in milliseconds) of 1970-01-01 00:00:00.</summary>
    public const long UnixEpochJulianMs = 210866760000000;

    public long JulianMs;
    public int Y, M, D;
    public int H, Minute;
    public int ZoneMinutes;
    public double S;
    public bool ValidJulian, ValidYmd, ValidHms;
    public int FloorDays;
    public bool RawS, IsError, UseSubsec, IsUtc, IsLocal;

    public static bool IsValidJulian(long julianMs) => julianMs is >= 0 and <= MaxJulianMs;

    public void SetError() => this = new DateTimeState { IsError = true };

    public void ClearYmdHmsZone()
    {
        ValidYmd = false;
        ValidHms = false;
        ZoneMinutes = 0;
    }

    /// <summary>A number as the time value: a julian day when in range, and kept raw for 'unixepoch' and 'auto'.</summary>
    public void SetRawNumber(double r)
    {
        S = r;
        RawS = true;
        if (r is >= 0.0 and < 5373484.5)
        {
            JulianMs = (long)(r * 86400000.0 + 0.5);
            ValidJulian = true;
        }
    }

    public void SetNow(long nowJulianMs)
    {
        JulianMs = nowJulianMs;
        ValidJulian = true;
        IsUtc = true;
        IsLocal = false;
        ClearYmdHmsZone();
    }

    public void ComputeJulian()
    {
        if (ValidJulian)
        {
            return;
        }

        int y, m, d;
        if (ValidYmd)
        {
            (y, m, d) = (Y, M, D);
        }
        else
        {
            (y, m, d) = (2000, 1, 1);
        }

        if (y < -4713 || y > 9999 || RawS)
        {
            SetError();
            return;
        }

        if (m <= 2)
        {
            y--;
            m += 12;
        }

        var a = (y + 4800) / 100;
        var b = 38 - a + (a / 4);
        var x1 = 36525 * (y + 4716) / 100;
        var x2 = 306001 * (m + 1) / 10000;
        JulianMs = (long)((x1 + x2 + d + b - 1524.5) * 86400000);
        ValidJulian = true;
        if (ValidHms)
        {
            JulianMs += H * 3600000 + Minute * 60000 + (long)(S * 1000 + 0.5);
            if (ZoneMinutes != 0)
            {
                JulianMs -= ZoneMinutes * 60000;
                ValidYmd = false;
                ValidHms = false;
                ZoneMinutes = 0;
                IsUtc = true;
                IsLocal = false;
            }
        }
    }

    public void ComputeYmd()
    {
        if (ValidYmd)
        {
            return;
        }

        if (!ValidJulian)
        {
            (Y, M, D) = (2000, 1, 1);
        }
        else if (!IsValidJulian(JulianMs))
        {
            SetError();
            return;
        }
        else
        {
            var z = (int)((JulianMs + 43200000) / 86400000);
            var alpha = (int)((z + 32044.75) / 36524.25) - 52;
            var a = z + 1 + alpha - ((alpha + 100) / 4) + 25;
            var b = a + 1524;
            var c = (int)((b - 122.1) / 365.25);
            var d = (36525 * (c & 32767)) / 100;
            var e = (int)((b - d) / 30.6001);
            var x1 = (int)(30.6001 * e);
            D = b - d - x1;
            M = e < 14 ? e - 1 : e - 13;
            Y = M > 2 ? c - 4716 : c - 4715;
        }

        ValidYmd = true;
    }

    public void ComputeHms()
    {
        if (ValidHms)
        {
            return;
        }

        ComputeJulian();
        var dayMs = (int)((JulianMs + 43200000) % 86400000);
        S = (dayMs % 60000) / 1000.0;
        var dayMinutes = dayMs / 60000;
        Minute = dayMinutes % 60;
        H = dayMinutes / 60;
        RawS = false;
        ValidHms = true;
    }

    public void ComputeYmdHms()
    {
        ComputeYmd();
        ComputeHms();
    }

    /// <summary>How many days the day of month overflows its month (2023-02-31: 3), for the 'floor' modifier.</summary>
    public void ComputeFloor()
    {
        if (D <= 28)
        {
            FloorDays = 0;
        }
        else if (((1 << M) & 0x15aa) != 0)
        {
            FloorDays = 0;
        }
        else if (M != 2)
        {
            FloorDays = D == 31 ? 1 : 0;
        }
        else if (Y % 4 != 0 || (Y % 100 == 0 && Y % 400 != 0))
        {
            FloorDays = D - 28;
        }
        else
        {
            FloorDays = D - 29;
        }
    }

    /// <summary>0 for Monday … 6 for Sunday.</summary>
    public readonly int DaysAfterMonday => (int)((JulianMs + 43200000) / 86400000 % 7);

    /// <summary>0 for Sunday … 6 for Saturday.</summary>
    public readonly int DaysAfterSunday => (int)((JulianMs + 129600000) / 86400000 % 7);

    /// <summary>0 for January 1st (needs valid YMD, HMS and julian day).</summary>
    public readonly int DaysAfterJanuaryFirst
    {
        get
        {
            var january = this;
            january.ValidJulian = false;
            january.M = 1;
            january.D = 1;
            january.ComputeJulian();
            return (int)((JulianMs - january.JulianMs + 43200000) / 86400000);
        }
    }
}
