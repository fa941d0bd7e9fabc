using System.Globalization;
using Yoda.Bench.Engines;

namespace Yoda.Bench.Runner;

/// <summary>
/// Compares two normalised results: same column and row counts; integers and text exactly;
/// reals (or a real against an integer) within a relative 1e-9; NULL only equals NULL. Rows are
/// compared in order when the query's ORDER BY fixes it, otherwise both sides are sorted first.
/// </summary>
public static class ResultComparer
{
    public const double RelativeTolerance = 1e-9;

    /// <summary>Null when the results agree; else a description of the first difference.</summary>
    public static string? Difference(QueryResult expected, QueryResult actual, bool ordered)
    {
        // An engine that returns no batch at all for an empty result has no column count to compare.
        bool emptyWithoutSchema = (expected.Rows.Count == 0 && expected.ColumnCount == 0) || (actual.Rows.Count == 0 && actual.ColumnCount == 0);
        if (expected.ColumnCount != actual.ColumnCount && !emptyWithoutSchema)
        {
            return $"{expected.ColumnCount} columns expected, {actual.ColumnCount} returned";
        }

        if (expected.Rows.Count != actual.Rows.Count)
        {
            return $"{expected.Rows.Count} rows expected, {actual.Rows.Count} returned";
        }

        var left = ordered ? expected.Rows : Sorted(expected.Rows);
        var right = ordered ? actual.Rows : Sorted(actual.Rows);
        for (int r = 0; r < left.Count; r++)
        {
            for (int c = 0; c < expected.ColumnCount; c++)
            {
                if (!ValuesEqual(left[r][c], right[r][c]))
                {
                    return $"row {r + 1}{(ordered ? "" : " (after sorting)")}, column {c + 1}: expected {Show(left[r][c])}, got {Show(right[r][c])}";
                }
            }
        }

        return null;
    }

    public static bool ValuesEqual(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (long x, long y) => x == y,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (double or long, double or long) => RealsEqual(Convert.ToDouble(a, CultureInfo.InvariantCulture), Convert.ToDouble(b, CultureInfo.InvariantCulture)),
        _ => false,
    };

    public static string Show(object? value) => value switch
    {
        null => "NULL",
        string s => $"'{s}'",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + " (real)",
        long l => l.ToString(CultureInfo.InvariantCulture) + " (integer)",
        _ => value.ToString() ?? "?",
    };

    private static bool RealsEqual(double x, double y) =>
        x == y || Math.Abs(x - y) <= RelativeTolerance * Math.Max(Math.Abs(x), Math.Abs(y));

    private static List<object?[]> Sorted(IReadOnlyList<object?[]> rows)
    {
        var keyed = rows.Select(r => (Key: SortKey(r), Row: r)).ToList();
        keyed.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return keyed.Select(k => k.Row).ToList();
    }

    // Reals are keyed at 9 significant digits so that last-bit differences do not reorder rows.
    private static string SortKey(object?[] row) => string.Join('\u001f', row.Select(v => v switch
    {
        null => "\u0000",
        double d => "n" + d.ToString("E8", CultureInfo.InvariantCulture),
        long l => "n" + ((double)l).ToString("E8", CultureInfo.InvariantCulture) + "|" + l.ToString(CultureInfo.InvariantCulture),
        string s => "s" + s,
        _ => "?" + v,
    }));
}
