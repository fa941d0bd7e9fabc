namespace Yoda.Columnar.Execution.DateTimes;

/// <summary>
/// The 'localtime' and 'utc' modifiers with the process's time zone (.NET's
/// <see cref="TimeZoneInfo.Local"/>, read from TZ or /etc/localtime as C's localtime_r reads it),
/// following SQLite's steps: dates outside 1970–2037 are moved to a year of the same leap
/// cycle around 2000 for the zone lookup, and 'utc' inverts 'localtime' by at most four guesses.
/// </summary>
internal static class LocalTime
{
    private const long Year2038JulianMs = 213014145600000;

    public static void ToLocal(ref DateTimeState p)
    {
        p.ComputeJulian();
        int yearShift;
        long unixSeconds;
        if (p.JulianMs < DateTimeState.UnixEpochJulianMs || p.JulianMs > Year2038JulianMs)
        {
            var shifted = p;
            shifted.ComputeYmdHms();
            yearShift = (2000 + shifted.Y % 4) - shifted.Y;
            shifted.Y += yearShift;
            shifted.ValidJulian = false;
            shifted.ComputeJulian();
            unixSeconds = shifted.JulianMs / 1000 - DateTimeState.UnixEpochJulianMs / 1000;
        }
        else
        {
            yearShift = 0;
            unixSeconds = p.JulianMs / 1000 - DateTimeState.UnixEpochJulianMs / 1000;
        }

        var utc = DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime;
        var local = utc + TimeZoneInfo.Local.GetUtcOffset(utc);
        p.Y = local.Year - yearShift;
        p.M = local.Month;
        p.D = local.Day;
        p.H = local.Hour;
        p.Minute = local.Minute;
        p.S = local.Second + (p.JulianMs % 1000) * 0.001;
        p.ValidYmd = true;
        p.ValidHms = true;
        p.ValidJulian = false;
        p.RawS = false;
        p.ZoneMinutes = 0;
        p.IsError = false;
    }

    public static void ToUtc(ref DateTimeState p)
    {
        p.ComputeJulian();
        var original = p.JulianMs;
        var guess = original;
        var error = 0L;
        var tries = 0;
        do
        {
            guess -= error;
            var candidate = new DateTimeState { JulianMs = guess, ValidJulian = true };
            ToLocal(ref candidate);
            candidate.ComputeJulian();
            error = candidate.JulianMs - original;
        }
        while (error != 0 && tries++ < 3);

        p = new DateTimeState { JulianMs = guess, ValidJulian = true, IsUtc = true, IsLocal = false };
    }
}
