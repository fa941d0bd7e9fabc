using System.Globalization;
using System.Numerics;

namespace Yoda.Bench.Engines;

/// <summary>
/// Maps the values that ADO.NET providers and Arrow arrays hand out onto null, long, double or
/// string: every integer type (and DuckDB's HUGEINT BigInteger when it fits) becomes long, every
/// floating or decimal type double, booleans 0/1 (as SQLite has them), dates ISO text.
/// </summary>
public static class ValueNormalizer
{
    public static object? Normalize(object? value) => value switch
    {
        null or DBNull => null,
        long l => l,
        int i => (long)i,
        short s => (long)s,
        sbyte sb => (long)sb,
        byte b => (long)b,
        ushort us => (long)us,
        uint ui => (long)ui,
        ulong ul => ul <= long.MaxValue ? (long)ul : (double)ul,
        BigInteger big => big >= long.MinValue && big <= long.MaxValue ? (long)big : (double)big,
        Int128 i128 => i128 >= long.MinValue && i128 <= long.MaxValue ? (long)i128 : (double)i128,
        double d => d,
        float f => (double)f,
        Half h => (double)h,
        decimal m => (double)m,
        bool flag => flag ? 1L : 0L,
        string text => text,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.TimeOfDay == TimeSpan.Zero
            ? time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexString(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public static QueryResult NormalizeRows(int columnCount, List<object?[]> rows)
    {
        foreach (var row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = Normalize(row[i]);
            }
        }

        return new QueryResult(columnCount, rows);
    }
}
