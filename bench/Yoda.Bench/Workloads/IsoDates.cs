namespace Yoda.Bench.Workloads;

/// <summary>
/// Dates as ISO text 'YYYY-MM-DD', the representation every engine of the comparison stores
/// (text compares in date order). One shared string per day keeps generation cheap.
/// </summary>
public static class IsoDates
{
    private static readonly DateOnly Epoch = new(1990, 1, 1);
    private static readonly string[] Cache = BuildCache();

    /// <summary>Days since 1990-01-01.</summary>
    public static int DayNumber(DateOnly date) => date.DayNumber - Epoch.DayNumber;

    public static string Text(int dayNumber) => (uint)dayNumber < (uint)Cache.Length
        ? Cache[dayNumber]
        : Epoch.AddDays(dayNumber).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string[] BuildCache()
    {
        var days = new string[365 * 30];
        for (int i = 0; i < days.Length; i++)
        {
            days[i] = Epoch.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }

        return days;
    }
}
