namespace Yoda.Columnar.Execution.DateTimes;

/// <summary>SQLite's date and time functions.</summary>
public enum DateTimeFunction
{
    Date,
    Time,
    DateTime,
    JulianDay,
    UnixEpoch,
    Strftime,
    TimeDiff,
}
