using System.Text;

namespace Yoda.Testing.Comparison;

/// <summary>
/// Compares two results the way the differential property demands: same column count and names,
/// same rows as a multiset (or as a sequence when the order is fixed), reals equal within a
/// relative <see cref="RealTolerance"/>, integers, text and blobs exactly, NULLs in the same places.
/// A REAL and an INTEGER never match (SQLite's storage class is part of the answer).
/// </summary>
public static class ResultComparer
{
    public const double RealTolerance = 1e-9;

    /// <summary>Whether two values are equal under the rules above.</summary>
    public static bool SameValue(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return (a, b) switch
        {
            (double x, double y) => x == y || (double.IsFinite(x) && double.IsFinite(y) && Math.Abs(x - y) <= RealTolerance * Math.Max(Math.Abs(x), Math.Abs(y))),
            (long x, long y) => x == y,
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
            _ => false,
        };
    }

    /// <summary>SQLite's order of values: NULL, numbers, text (by UTF-8 bytes), blobs.</summary>
    public static int CompareValues(object? a, object? b)
    {
        static int Class(object? v) => v switch { null => 0, long or double => 1, string => 2, _ => 3 };
        var (ca, cb) = (Class(a), Class(b));
        if (ca != cb)
        {
            return ca.CompareTo(cb);
        }

        return (a, b) switch
        {
            (null, null) => 0,
            (long x, long y) => x.CompareTo(y),
            (long x, double y) => ((double)x).CompareTo(y),
            (double x, long y) => x.CompareTo((double)y),
            (double x, double y) => x.CompareTo(y),
            (string x, string y) => Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)),
            (byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y),
            _ => 0,
        };
    }

    private static int CompareRows(object?[] a, object?[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = CompareValues(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }

            // Same numeric value, different storage class: order INTEGER first so both sides sort alike.
            if (a[i] is long && b[i] is double)
            {
                return -1;
            }

            if (a[i] is double && b[i] is long)
            {
                return 1;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Null when <paramref name="actual"/> matches <paramref name="expected"/>; otherwise what differs.</summary>
    public static string? Difference(ResultSet expected, ResultSet actual, bool ordered, bool compareNames = true)
    {
        if (expected.Columns.Count != actual.Columns.Count)
        {
            return $"column count: expected {expected.Columns.Count} [{string.Join(", ", expected.Columns)}], got {actual.Columns.Count} [{string.Join(", ", actual.Columns)}]";
        }

        if (compareNames)
        {
            for (var i = 0; i < expected.Columns.Count; i++)
            {
                if (!string.Equals(expected.Columns[i], actual.Columns[i], StringComparison.Ordinal))
                {
                    return $"column {i + 1} name: expected \"{expected.Columns[i]}\", got \"{actual.Columns[i]}\"";
                }
            }
        }

        if (expected.Rows.Count != actual.Rows.Count)
        {
            return $"row count: expected {expected.Rows.Count}, got {actual.Rows.Count}";
        }

        var e = expected.Rows.ToList();
        var a = actual.Rows.ToList();
        if (!ordered)
        {
            e.Sort(CompareRows);
            a.Sort(CompareRows);
        }

        for (var r = 0; r < e.Count; r++)
        {
            for (var c = 0; c < e[r].Length; c++)
            {
                if (!SameValue(e[r][c], a[r][c]))
                {
                    return $"{(ordered ? "row" : "sorted row")} {r + 1}, column {c + 1} ({expected.Columns[c]}): expected {ResultSet.Show(e[r][c])}, got {ResultSet.Show(a[r][c])}"
                        + $"\n  expected row: {string.Join(" | ", e[r].Select(ResultSet.Show))}\n  actual row:   {string.Join(" | ", a[r].Select(ResultSet.Show))}";
                }
            }
        }

        return null;
    }
}
