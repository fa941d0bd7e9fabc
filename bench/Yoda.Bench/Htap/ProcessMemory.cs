namespace Yoda.Bench.Htap;

/// <summary>
/// Process memory from /proc/self/status (Linux): resident set and its peak. Writing '5' to
/// /proc/self/clear_refs resets the peak so that one phase's peak can be read on its own.
/// </summary>
public static class ProcessMemory
{
    public static long ResidentBytes() => ReadStatusKb("VmRSS:") * 1024;

    public static long PeakResidentBytes() => ReadStatusKb("VmHWM:") * 1024;

    /// <summary>True when the peak could be reset (else the peak is the process's whole life).</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static long ManagedBytesAfterFullGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public static string Mb(long bytes) => $"{bytes / 1048576.0:N1} MB";

    private static long ReadStatusKb(string key)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
